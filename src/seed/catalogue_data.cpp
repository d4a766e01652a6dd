// The procedure catalogue (typical Istanbul package prices in EUR) and the
// medical vocabulary of histories and hair-loss assessments.
#include "seed/reference_data.hpp"

namespace imedic::seed::ref {
namespace {

using SV = std::string_view;
constexpr Category kH = Category::kHair;
constexpr Category kD = Category::kDental;
constexpr Category kC = Category::kCosmetic;
constexpr Audience kMale = Audience::kMale;
constexpr Audience kFemale = Audience::kFemale;

const CatalogueEntry kCatalogue[] = {
    // Hair transplant. Prices are all-inclusive packages (hotel, transfers, PRP).
    {kH, "FUE Hair Transplant",
     "Follicular unit extraction with micro-motor punches; up to 4,000 grafts in one session.",
     "Androgenetic alopecia (male pattern hair loss)", 1500, 3200, 7, 10, "local", 20, 3, 30},
    {kH, "Sapphire FUE Hair Transplant",
     "FUE with sapphire-blade channel opening for denser packing and faster healing.",
     "Androgenetic alopecia (male pattern hair loss)", 1800, 3800, 8, 10, "local", 20, 3, 30},
    {kH, "DHI Hair Transplant",
     "Direct hair implantation with Choi implanter pens; no channel opening, precise angles.",
     "Receding hairline", 2200, 4500, 8, 10, "local", 20, 3, 25},
    {kH, "Unshaven DHI Hair Transplant",
     "DHI without shaving the recipient area, for patients who need a discreet recovery.",
     "Diffuse thinning at the crown", 2800, 5200, 9, 7, "local", 22, 3, 8},
    {kH, "Beard Transplant", "FUE grafts from the scalp to fill patchy beard and moustache areas.",
     "Patchy beard growth", 1200, 2500, 6, 7, "local", 20, 2, 10, kMale},
    {kH, "Eyebrow Transplant",
     "Single-hair grafts implanted at natural angles to rebuild the brow line.", "Sparse eyebrows",
     900, 1900, 4, 5, "local", 18, 2, 6},
    {kH, "Afro Hair Transplant",
     "FUE adapted to curly follicles with larger punches and careful extraction.",
     "Traction alopecia", 2000, 4000, 8, 10, "local", 20, 3, 4},
    {kH, "Female Hair Transplant",
     "Unshaven or partially shaven FUE/DHI for female pattern thinning and hairline lowering.",
     "Female pattern hair loss", 2000, 4200, 8, 10, "local", 20, 3, 8, kFemale},
    {kH, "PRP Hair Therapy (3 sessions)",
     "Platelet-rich plasma injections to strengthen existing follicles.",
     "Early-stage hair thinning", 250, 600, 1, 0, "local", 18, 1, 6},
    {kH, "Hair Transplant Repair",
     "Correction of unnatural hairlines and low-density results from earlier surgery.",
     "Poor result of a previous hair transplant", 2500, 5000, 8, 14, "local", 22, 4, 4},
    {kH, "Moustache Transplant", "Graft placement for a fuller, even moustache.",
     "Patchy beard growth", 800, 1700, 4, 5, "local", 20, 2, 3, kMale},

    // Dental. Per-jaw or full-smile packages unless stated.
    {kD, "E.max Veneers (full smile, 20 teeth)",
     "Lithium disilicate porcelain veneers; two visits over 5-7 days.",
     "Discoloured and worn teeth", 3600, 7000, 3, 2, "local", 18, 6, 18},
    {kD, "Zirconia Veneers (full smile, 20 teeth)",
     "Monolithic zirconia veneers for strength and a bright shade.", "Discoloured and worn teeth",
     3000, 6000, 3, 2, "local", 18, 6, 14},
    {kD, "Zirconia Crown (per tooth)", "Full-coverage zirconia crown milled with CAD/CAM.",
     "Broken and decayed teeth", 180, 380, 2, 1, "local", 16, 5, 10},
    {kD, "Porcelain-Fused-to-Metal Crown (per tooth)",
     "Classic metal-ceramic crown for back teeth.", "Broken and decayed teeth", 120, 240, 2, 1,
     "local", 16, 5, 4},
    {kD, "Dental Implant - Straumann (per implant)",
     "Swiss titanium implant with abutment; crown fitted after osseointegration.", "Missing teeth",
     750, 1300, 2, 3, "local", 18, 5, 12},
    {kD, "Dental Implant - Osstem (per implant)",
     "Korean titanium implant with abutment; crown fitted after osseointegration.", "Missing teeth",
     450, 800, 2, 3, "local", 18, 5, 10},
    {kD, "All-on-4 Implants (per jaw)",
     "Four implants carrying a fixed full-arch bridge; temporary teeth the same week.",
     "Fully edentulous jaw", 4000, 7500, 5, 7, "sedation", 30, 7, 10},
    {kD, "All-on-6 Implants (per jaw)",
     "Six implants carrying a fixed full-arch bridge for better load distribution.",
     "Fully edentulous jaw", 5500, 9000, 6, 7, "sedation", 30, 7, 6},
    {kD, "Teeth Whitening (in-office)", "Laser-activated whitening in a single one-hour session.",
     "Stained teeth", 150, 350, 1, 0, "none", 16, 1, 8},
    {kD, "Hollywood Smile (20 E.max crowns)",
     "Full-smile makeover with crowns, gum contouring and digital smile design.",
     "Discoloured and worn teeth", 4500, 8500, 4, 3, "local", 18, 7, 12},
    {kD, "Root Canal Treatment", "Microscope-assisted endodontic treatment of one tooth.",
     "Broken and decayed teeth", 100, 260, 2, 1, "local", 12, 2, 4},
    {kD, "Sinus Lift and Bone Graft", "Bone augmentation before implants in the upper back jaw.",
     "Missing teeth", 500, 1200, 2, 7, "local", 18, 4, 3},

    // Cosmetic surgery. Prices include hospital stay and garments.
    {kC, "Rhinoplasty", "Open or closed nose reshaping, with septoplasty where breathing needs it.",
     "Nasal hump and breathing difficulty", 2800, 4800, 3, 14, "general", 18, 7, 20},
    {kC, "Revision Rhinoplasty",
     "Secondary nose surgery to correct an earlier result, often with cartilage grafts.",
     "Unsatisfactory previous rhinoplasty", 3800, 6500, 4, 14, "general", 18, 8, 4},
    {kC, "Blepharoplasty (upper and lower)",
     "Removal of excess eyelid skin and fat for a rested look.", "Drooping eyelids", 1800, 3200, 2,
     10, "sedation", 30, 6, 10},
    {kC, "Vaser Liposuction", "Ultrasound-assisted fat removal of up to three areas.",
     "Localised fat deposits", 2200, 4200, 3, 14, "general", 18, 7, 14},
    {kC, "Brazilian Butt Lift (BBL)",
     "Liposuction with fat transfer to the buttocks for volume and shape.",
     "Flat buttocks and localised fat", 3200, 5800, 4, 21, "general", 18, 8, 12, kFemale},
    {kC, "Breast Augmentation",
     "Silicone implants placed under or over the muscle through an inframammary incision.",
     "Small breast volume", 3200, 5200, 2, 14, "general", 18, 7, 14, kFemale},
    {kC, "Breast Lift", "Mastopexy to raise and reshape the breasts, with or without implants.",
     "Breast ptosis after weight loss or pregnancy", 3000, 5000, 3, 14, "general", 18, 7, 6,
     kFemale},
    {kC, "Tummy Tuck (Abdominoplasty)",
     "Removal of excess abdominal skin and repair of the abdominal muscles.",
     "Loose abdominal skin after pregnancy", 3500, 5800, 4, 21, "general", 18, 8, 10},
    {kC, "Mommy Makeover", "Tummy tuck, breast lift and liposuction combined in one operation.",
     "Body changes after pregnancy", 6000, 9800, 6, 28, "general", 21, 10, 5, kFemale},
    {kC, "Facelift", "Deep-plane face and neck lift for sagging skin and jowls.",
     "Facial ageing and sagging skin", 4500, 8500, 5, 21, "general", 35, 10, 5},
    {kC, "Otoplasty", "Pinning back prominent ears through a discreet incision behind the ear.",
     "Prominent ears", 1500, 2800, 2, 7, "local", 7, 4, 4},
    {kC, "Gynecomastia Surgery",
     "Removal of excess male breast tissue by liposuction and gland excision.",
     "Enlarged male breast tissue", 2200, 3600, 2, 14, "general", 18, 6, 6, kMale},
};

const Medication kMedications[] = {
    {"Lisinopril", "10 mg", "once daily", "hypertension"},
    {"Amlodipine", "5 mg", "once daily", "hypertension"},
    {"Metformin", "500 mg", "twice daily", "type 2 diabetes"},
    {"Atorvastatin", "20 mg", "once daily", "high cholesterol"},
    {"Levothyroxine", "75 mcg", "once daily", "hypothyroidism"},
    {"Salbutamol inhaler", "100 mcg", "as needed", "asthma"},
    {"Omeprazole", "20 mg", "once daily", "acid reflux"},
    {"Sertraline", "50 mg", "once daily", "anxiety"},
    {"Cetirizine", "10 mg", "as needed", "hay fever"},
    {"Combined oral contraceptive", "1 tablet", "once daily", "contraception"},
    {"Vitamin D3", "1000 IU", "once daily", "supplement"},
    {"Ibuprofen", "400 mg", "as needed", "back pain"},
    {"Finasteride", "1 mg", "once daily", "hair loss"},
    {"Minoxidil 5% solution", "1 ml", "twice daily", "hair loss"},
};

const Allergy kAllergies[] = {
    {"Penicillin", "rash"},          {"Amoxicillin", "hives"},
    {"Latex", "contact dermatitis"}, {"Ibuprofen", "stomach upset"},
    {"Codeine", "nausea"},           {"Nickel", "skin irritation"},
    {"Peanuts", "swelling"},         {"Shellfish", "hives"},
    {"Pollen", "hay fever"},         {"Chlorhexidine", "redness"},
    {"Sulfonamides", "rash"},        {"Lidocaine (reported)", "palpitations"},
};

constexpr SV kChronicConditions[] = {"Hypertension (controlled)",
                                     "Type 2 diabetes (controlled)",
                                     "Asthma (mild)",
                                     "Hypothyroidism",
                                     "High cholesterol",
                                     "Migraine",
                                     "Irritable bowel syndrome",
                                     "Anxiety",
                                     "Psoriasis",
                                     "Eczema",
                                     "Sleep apnoea",
                                     "Iron-deficiency anaemia"};

constexpr SV kPastSurgeries[] = {
    "Appendectomy",           "Tonsillectomy",        "Wisdom tooth extraction",
    "Caesarean section",      "Knee arthroscopy",     "Laparoscopic cholecystectomy",
    "Inguinal hernia repair", "LASIK eye surgery",    "Septoplasty",
    "Carpal tunnel release",  "Root canal treatment", "Hair transplant (FUE)"};

constexpr SV kFamilyConditions[] = {
    "Type 2 diabetes",     "Hypertension",    "Heart disease",         "Breast cancer",
    "Colon cancer",        "Stroke",          "Male pattern baldness", "Thyroid disease",
    "Alzheimer's disease", "High cholesterol"};

constexpr SV kMedicalNotes[] = {
    "No issues with previous local anaesthesia.",
    "Patient reports a tendency to keloid scarring on the chest; monitor.",
    "Blood pressure well controlled; bring current readings.",
    "Needs a letter from the GP confirming fitness for surgery.",
    "Mild dental anxiety; sedation discussed.",
    "Stopped smoking three months ago.",
    "Recent blood tests normal (copy uploaded).",
    "Vegetarian diet; check iron levels before surgery.",
    "Occasional palpitations with caffeine; ECG requested.",
    "Prefers morning appointments.",
};

// Order matters: rows.cpp gives each its odds, patient_rows.cpp maps the
// first two to medications.
constexpr SV kHairTreatments[] = {"minoxidil",
                                  "finasteride",
                                  "PRP",
                                  "dutasteride",
                                  "biotin supplements",
                                  "ketoconazole shampoo",
                                  "low-level laser therapy",
                                  "scalp micropigmentation"};

constexpr SV kHairExpectations[] = {
    "Restore the hairline and temples to how they looked in my twenties.",
    "Fill the crown so the scalp does not show under light.",
    "A natural, age-appropriate hairline; density matters more than height.",
    "Cover the frontal area fully; I can keep using minoxidil for the crown.",
    "Even out thinning on top so I can wear my hair short again.",
    "Thicken the beard line along the cheeks and connect the moustache.",
    "Fuller eyebrows with a natural arch.",
    "Repair an earlier transplant that looks pluggy at the front.",
    "Lower a high forehead by about 1.5 cm.",
};

}  // namespace

std::span<const CatalogueEntry> Catalogue() { return kCatalogue; }
std::span<const Medication> Medications() { return kMedications; }
std::span<const Allergy> Allergies() { return kAllergies; }
Names ChronicConditions() { return kChronicConditions; }
Names PastSurgeries() { return kPastSurgeries; }
Names FamilyConditions() { return kFamilyConditions; }
Names MedicalNotes() { return kMedicalNotes; }
Names HairTreatments() { return kHairTreatments; }
Names HairExpectations() { return kHairExpectations; }

}  // namespace imedic::seed::ref
