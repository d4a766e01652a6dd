// Free texts: notes, reviews, and the scripted message exchanges between
// patients and the care team. Placeholders in braces are filled per row.
#include "seed/reference_data.hpp"

namespace imedic::seed::ref {
namespace {

using SV = std::string_view;

// ---------------------------------------------------------------------------
// Clinical notes.
constexpr SV kHairConsultationNotes[] = {
    "Good candidate for {procedure}; donor density good. Blood tests on arrival.",
    "Photos reviewed; {procedure} planned in one session. No blood thinners 7 days before.",
    "Realistic expectations discussed; {procedure} should give natural density.",
    "Donor area limited; a conservative plan for {procedure} was agreed.",
    "Design drawn on the photos and approved by the patient.",
    "Advised to keep using medication to protect the native hair after {procedure}.",
};
constexpr SV kDentalConsultationNotes[] = {
    "Panoramic X-ray reviewed; suitable for {procedure}.",
    "{procedure} planned in two visits about five days apart.",
    "Bruxism noted; night guard recommended after treatment.",
    "Gum health good; no extractions needed before {procedure}.",
    "CBCT scan on arrival to finalise the plan for {procedure}.",
    "Shade and shape discussed with digital smile design photos.",
};
constexpr SV kCosmeticConsultationNotes[] = {
    "Good candidate for {procedure}; BMI within limits.",
    "Expectations discussed with a 3D simulation; {procedure} under general anaesthesia.",
    "Must stop smoking four weeks before {procedure}.",
    "Medical history reviewed; cleared for {procedure} pending blood tests.",
    "Recovery plan explained: a week in Istanbul after {procedure}.",
    "Asymmetry documented on photos and discussed before {procedure}.",
};

// Outcome notes per catalogue procedure; {n} is drawn from [min, max].
struct NoteByProcedure {
  SV procedure;
  ProcedureNote note;
};
const NoteByProcedure kProcedureNotes[] = {
    {"FUE Hair Transplant",
     {"{n} grafts extracted with 0.8 mm micro-motor punches and implanted the same day.", 2200,
      4000}},
    {"Sapphire FUE Hair Transplant",
     {"{n} grafts; channels opened with sapphire blades after the hairline was approved.", 2200,
      4200}},
    {"DHI Hair Transplant",
     {"DHI with Choi implanter pens, {n} grafts placed without channel opening.", 2000, 3800}},
    {"Unshaven DHI Hair Transplant",
     {"Unshaven DHI, {n} grafts placed between existing hair.", 1500, 3000}},
    {"Beard Transplant", {"Beard transplant, {n} grafts along the cheeks and chin.", 1800, 3200}},
    {"Eyebrow Transplant", {"Eyebrow transplant, {n} single-hair grafts per side.", 250, 500}},
    {"Afro Hair Transplant",
     {"{n} curly-hair grafts extracted with 1.0 mm punches at reduced speed.", 1800, 3200}},
    {"Female Hair Transplant",
     {"{n} grafts to the frontal area and parting, unshaven technique.", 1500, 3000}},
    {"PRP Hair Therapy (3 sessions)",
     {"Three PRP sessions over five days, {n} ml of plasma in total.", 24, 36}},
    {"Hair Transplant Repair",
     {"Old grafts removed and {n} new grafts placed to soften the hairline.", 800, 2000}},
    {"Moustache Transplant", {"Moustache transplant, {n} grafts.", 400, 800}},
    {"E.max Veneers (full smile, 20 teeth)",
     {"{n} E.max veneers bonded after minimal preparation; bite adjusted.", 16, 20}},
    {"Zirconia Veneers (full smile, 20 teeth)",
     {"{n} zirconia veneers fitted; shade chosen with the patient.", 16, 20}},
    {"Zirconia Crown (per tooth)", {"{n} zirconia crowns cemented after CAD/CAM milling.", 1, 8}},
    {"Porcelain-Fused-to-Metal Crown (per tooth)",
     {"{n} metal-ceramic crowns fitted on back teeth.", 1, 4}},
    {"Dental Implant - Straumann (per implant)",
     {"{n} Straumann implants placed; healing abutments fitted.", 1, 6}},
    {"Dental Implant - Osstem (per implant)",
     {"{n} Osstem implants placed; crowns after osseointegration.", 1, 6}},
    {"All-on-4 Implants (per jaw)",
     {"All-on-4 under sedation; temporary fixed bridge fitted on day {n}.", 2, 4}},
    {"All-on-6 Implants (per jaw)",
     {"All-on-6 under sedation; temporary fixed bridge fitted on day {n}.", 2, 4}},
    {"Teeth Whitening (in-office)", {"In-office whitening, {n} shades lighter.", 3, 8}},
    {"Hollywood Smile (20 E.max crowns)",
     {"{n} E.max crowns with gum contouring after digital smile design.", 18, 24}},
    {"Root Canal Treatment",
     {"{n} root canals treated under the microscope; crowns to follow.", 1, 3}},
    {"Sinus Lift and Bone Graft",
     {"Sinus lift with {n} cc of bone graft; implants planned in six months.", 1, 3}},
    {"Rhinoplasty",
     {"Open rhinoplasty with hump reduction and septoplasty in {n} minutes; splint for 7 days.",
      140, 210}},
    {"Revision Rhinoplasty",
     {"Revision rhinoplasty with rib cartilage graft in {n} minutes.", 200, 300}},
    {"Blepharoplasty (upper and lower)",
     {"Upper and lower blepharoplasty; {n} mm of skin removed from each upper lid.", 6, 12}},
    {"Vaser Liposuction",
     {"Vaser liposuction of abdomen and flanks, {n} ml aspirate.", 2000, 4500}},
    {"Brazilian Butt Lift (BBL)",
     {"BBL with {n} cc of fat transferred per side; garment fitted.", 500, 900}},
    {"Breast Augmentation",
     {"Dual-plane breast augmentation with {n} cc round silicone implants.", 275, 450}},
    {"Breast Lift", {"Mastopexy with vertical scar; nipple raised by {n} cm.", 2, 6}},
    {"Tummy Tuck (Abdominoplasty)",
     {"Full abdominoplasty with muscle plication; {n} g of tissue removed.", 600, 1800}},
    {"Mommy Makeover",
     {"Tummy tuck, breast lift and liposuction in one session of {n} hours.", 5, 7}},
    {"Facelift", {"Deep-plane face and neck lift in {n} hours.", 4, 6}},
    {"Otoplasty", {"Ears set back with cartilage sutures, {n} mm correction per side.", 5, 12}},
    {"Gynecomastia Surgery",
     {"Liposuction and gland excision, {n} g of tissue removed per side.", 80, 300}},
};

constexpr SV kHairDoctorNotes[] = {
    "Shock loss possible in weeks 2-8; growth from month 3, final result at 12 months.",
    "Wash protocol explained; no gym for 2 weeks, no swimming for a month.",
    "PRP at month 1 recommended to support the grafts.",
    "Donor area healing well; crusts expected to fall by day 10.",
};
constexpr SV kDentalDoctorNotes[] = {
    "Soft food for 48 hours; avoid very hot and cold drinks for a week.",
    "Control visit with the local dentist in 6 months.",
    "Night guard advised to protect the new restorations.",
    "Brush gently and use the prescribed mouthwash for 10 days.",
};
constexpr SV kCosmeticDoctorNotes[] = {
    "Follow the aftercare sheet; swelling settles over weeks to months.",
    "No heavy lifting or gym for 4 weeks.",
    "Sutures out on day 7; keep the wounds dry until then.",
    "Walk daily from day 1 to lower the risk of clots.",
};

constexpr SV kHairComplications[] = {"Mild swelling of the forehead on day 3",
                                     "Minor folliculitis in the recipient area, treated",
                                     "Temporary numbness in the donor area"};
constexpr SV kDentalComplications[] = {"Temporary sensitivity to cold",
                                       "Mild gum irritation around two veneers",
                                       "Slight bite discomfort, adjusted on day 6"};
constexpr SV kCosmeticComplications[] = {"Small seroma drained at day 7",
                                         "Bruising longer than usual, resolved",
                                         "Minor wound separation, healed with dressing"};

constexpr SV kFeedback1[] = {"Very disappointed with the result and the aftercare.",
                             "Nothing like what was promised at the consultation."};
constexpr SV kFeedback2[] = {"The result is below my expectations so far.",
                             "Organisation was messy and communication slow."};
constexpr SV kFeedback3[] = {"Okay overall, but the hotel and transfers could be better.",
                             "Result is fine; I expected a bit more density."};
constexpr SV kFeedback4[] = {"Good experience and a good result, a few small delays.",
                             "Happy with the result, the team was professional."};
constexpr SV kFeedback5[] = {"Amazing team, everything was perfectly organised.",
                             "Best decision I have made. Thank you to the whole team!",
                             "Results are better than I hoped for."};

constexpr SV kTitles1[] = {"Would not recommend", "Very poor experience", "Not worth it"};
constexpr SV kTitles2[] = {"Disappointing", "Expected more", "Poor communication"};
constexpr SV kTitles3[] = {"Average experience", "Okay, room for improvement", "Mixed feelings"};
constexpr SV kTitles4[] = {"Good experience", "Happy with my result", "Recommended",
                           "Professional team"};
constexpr SV kTitles5[] = {"Life-changing!",         "Absolutely fantastic",
                           "Five stars all the way", "Highly recommend",
                           "Best decision ever",     "Perfect from start to finish"};

constexpr SV kHairReview5[] = {
    "Had my {procedure} here and the result already looks natural. The doctor designed it "
    "with me, the team was kind and the hotel was great.",
    "From the airport pick-up to the first wash everything was organised. My coordinator "
    "answered every WhatsApp message, even late at night.",
    "I was nervous, but after the anaesthetic the {procedure} was painless. Cannot thank "
    "them enough.",
};
constexpr SV kHairReview4[] = {
    "Very happy with my {procedure} so far. Clinic was clean and professional; the waiting "
    "time on the day was long.",
    "Good value for money and friendly staff. The interpreter was really helpful.",
};
constexpr SV kHairReview3[] = {
    "The {procedure} went fine, but aftercare replies became slow after the first weeks.",
};
constexpr SV kHairReviewLow[] = {
    "The {procedure} felt rushed and nobody answered my questions afterwards.",
    "Disappointed: the result does not match what was promised at the consultation.",
};
constexpr SV kDentalReview5[] = {
    "My new smile is amazing. The dentist explained every step of the {procedure} and it looks "
    "completely natural. Saved thousands compared to home.",
    "Great team and spotless clinic. I can eat and smile with confidence again.",
    "{procedure} done in a week as promised. Transfers and hotel were excellent.",
};
constexpr SV kDentalReview4[] = {
    "Good work on my {procedure}; a small adjustment was needed on the last day.",
    "Friendly team and good result; the schedule shifted once but they handled it well.",
};
constexpr SV kDentalReview3[] = {
    "The {procedure} is fine but communication could be better.",
};
constexpr SV kDentalReviewLow[] = {
    "Problems after my {procedure} and getting it fixed was very hard.",
    "Felt pushed into more treatment than I needed. Not happy.",
};
constexpr SV kCosmeticReview5[] = {
    "My {procedure} result is exactly what we planned. The surgeon is an artist and the "
    "nurses were so caring.",
    "Everything was professional: hospital, surgeon, aftercare. I feel confident again.",
    "The {procedure} result is incredible and recovery was smooth.",
};
constexpr SV kCosmeticReview4[] = {
    "Very happy with my {procedure}; swelling took longer than expected but the team checked "
    "on me.",
    "Great surgeon and clean hospital. The hotel was a bit far from the clinic.",
};
constexpr SV kCosmeticReview3[] = {
    "Result of the {procedure} is acceptable; aftercare was average.",
};
constexpr SV kCosmeticReviewLow[] = {
    "I needed a correction after my {procedure} and the clinic was reluctant to help.",
    "Scarring is worse than I was told and follow-up was poor.",
};

constexpr SV kSpecialInstructions[] = {
    "Vegetarian meals at the hotel, please.",
    "Travelling with partner; double room needed.",
    "Needs a wheelchair at the airport.",
    "Prefers a female interpreter.",
    "Arabic-speaking coordinator requested.",
    "Please schedule the surgery early in the morning.",
    "Allergic to penicillin; noted for post-op medication.",
    "Wants to extend the hotel stay by two nights at own cost.",
    "German-speaking interpreter requested.",
    "Halal meals please.",
};

constexpr SV kFollowUpNotes[] = {
    "Reminder sent by WhatsApp.",
    "Coordinator to call if no reply within 48 hours.",
    "Ask for photos from front, top and both sides.",
    "Check healing of the donor area.",
    "Ask about pain, swelling and medication.",
    "Send the aftercare guide again in the patient's language.",
};
constexpr SV kFollowUpResponses[] = {
    "All good, swelling almost gone.",
    "Photos sent. Some redness still, otherwise fine.",
    "Very happy so far, thank you!",
    "A bit of itching, using the lotion as advised.",
    "Back at work, nobody noticed anything.",
    "Feeling great, growth is starting to show.",
    "Some sensitivity when drinking cold water.",
    "Scar is fading nicely.",
};

constexpr SV kOpenLeadNotes[] = {
    "Asked for a price on WhatsApp; quote sent.",
    "Comparing with two other clinics; price sensitive.",
    "Wants to travel during school holidays.",
    "Prefers a coordinator who speaks their language.",
    "Sent photos; doctor estimate pending.",
    "Call back in the evening (time zone difference).",
    "Interested but waiting for a bonus at work.",
    "Friend of a former patient (referral).",
    "Asked about financing options.",
};
constexpr SV kLostLeadNotes[] = {
    "No reply after the quote; closed after three follow-ups.",
    "Not a candidate after the photo assessment.",
    "Budget below our lowest package.",
    "Chose a clinic at home in the end.",
    "Postponed indefinitely for health reasons.",
};
constexpr SV kConvertedLeadNotes[] = {
    "Booked after the video consultation.",
    "Deposit paid; handed over to the care coordinator.",
    "Converted after the second follow-up call.",
    "Booked for themselves and asked about a package for a friend.",
};

constexpr SV kInsuranceCompanies[] = {"Meridian Travel Health", "BlueHarbor Medical Cover",
                                      "Northstar Assurance", "Aegis Surgical Protect",
                                      "CareVoyage Insurance"};

constexpr SV kCompanies[] = {"Blue Harbor Logistics", "Northwind Analytics",
                             "Greenfield Foods",      "Silverline Consulting",
                             "Brightpath Software",   "Oakridge Builders",
                             "Redwood Retail Group",  "Summit Engineering",
                             "Cedar Health Partners", "Atlas Freight",
                             "Lumen Media",           "Harbourview Finance",
                             "Pinecrest Hospitality", "Quantum Energy Services",
                             "Maple Education",       "Crescent Trading"};
constexpr SV kJobTitles[] = {
    "Software Engineer", "Project Manager",    "Sales Manager",      "Nurse",
    "Teacher",           "Accountant",         "Marketing Director", "Business Owner",
    "Electrician",       "Operations Manager", "Consultant",         "Police Officer",
    "Pharmacist",        "Real Estate Agent",  "Financial Analyst",  "Chef",
    "Graphic Designer",  "Civil Engineer"};

constexpr SV kHairInterests[] = {
    "hair transplant", "hair loss",        "FUE",           "DHI", "finasteride",
    "minoxidil",       "beard transplant", "men's grooming"};
constexpr SV kDentalInterests[] = {"veneers",         "dental implants",    "Hollywood smile",
                                   "teeth whitening", "cosmetic dentistry", "All-on-4"};
constexpr SV kCosmeticInterests[] = {"rhinoplasty",         "liposuction", "BBL",
                                     "breast augmentation", "tummy tuck",  "plastic surgery",
                                     "body contouring"};

// ---------------------------------------------------------------------------
// Message scripts.
constexpr Direction kIn = Direction::kIncoming;
constexpr Direction kOut = Direction::kOutgoing;
constexpr Media kNo = Media::kNone;

constexpr Turn kInquiryA[] = {
    {kIn, "{greeting}, I saw your ad. How much is a {procedure} in Istanbul?", kNo},
    {kOut,
     "Hello {first}, this is {agent} from the patient team. Thanks for reaching out! "
     "Packages for {procedure} start from {price}, including hotel and transfers.",
     kNo},
    {kIn, "What does the price include exactly?", kNo},
    {kOut,
     "Surgery, medication, 3 nights in a 4* hotel, VIP airport transfers and an "
     "interpreter. Could you send a few photos so the doctor can assess?",
     kNo},
    {kIn, "Sure, here they are.", Media::kImage},
    {kOut,
     "Thank you! I have passed them to the medical team, you will hear back within "
     "24 hours.",
     kNo},
    {kIn, "Great, thanks", kNo},
};
constexpr Turn kInquiryB[] = {
    {kIn, "Hi, my friend had surgery with you last year. Is it possible to get a quote?", kNo},
    {kOut, "Hi {first}! Lovely to hear that. Of course. Which treatment are you interested in?",
     kNo},
    {kIn, "{procedure}. I'd like to come in the spring if possible.", kNo},
    {kOut,
     "Perfect. Spring dates are filling up, so it is good to plan early. May I have "
     "your date of birth and any medical conditions?",
     kNo},
    {kIn, "I have no health problems, I take no medication.", kNo},
    {kOut, "Thanks {first}. I will prepare a personalised plan with {provider}.", kNo},
};
constexpr Turn kInquiryC[] = {
    {kIn, "Hello, is there someone who speaks my language? My English is not so good", kNo},
    {kOut,
     "Hello {first}, yes, we have coordinators and interpreters for your language. "
     "How can we help?",
     kNo},
    {kIn, "Price for {procedure} please", kNo},
    {kOut,
     "Our packages start from {price}. The final price depends on the doctor's "
     "assessment. Can you share photos?",
     kNo},
    {kIn, "(voice message)", Media::kAudio},
    {kOut,
     "Thank you for the voice note, {first}. I will call you tomorrow to explain "
     "everything.",
     kNo},
};

constexpr Turn kPricingA[] = {
    {kIn, "I got your quote. Why is it cheaper than in my country? Is the quality the same?", kNo},
    {kOut,
     "Great question {first}. Costs in Türkiye are lower, not the standards: {provider} "
     "holds a Ministry of Health licence and international accreditations.",
     kNo},
    {kIn, "Can I see before and after photos?", kNo},
    {kOut, "Of course, here are some results of patients with a similar case.", Media::kImage},
    {kIn, "Looks good. Is there a payment plan?", kNo},
    {kOut,
     "You pay a deposit to reserve the date and the rest in Istanbul on the day of "
     "the procedure, by card or cash.",
     kNo},
    {kIn, "Ok, I will think about it and talk to my family.", kNo},
    {kOut, "Take your time {first}. I am here if you have any questions.", kNo},
};
constexpr Turn kPricingB[] = {
    {kIn, "Hi {agent}, what is the difference between the packages?", kNo},
    {kOut,
     "The premium package adds a 5* hotel, a private driver and two PRP sessions. "
     "I am sending the brochure.",
     Media::kDocument},
    {kIn, "Thanks. How long do I need to stay in Istanbul?", kNo},
    {kOut,
     "For {procedure} we recommend staying about a week, including the check-up before "
     "you fly home.",
     kNo},
    {kIn, "And when can I go back to work?", kNo},
    {kOut,
     "Most patients return to office work after 7-10 days. The doctor will confirm "
     "for your case at the consultation.",
     kNo},
};

constexpr Turn kConsultationA[] = {
    {kOut,
     "Hi {first}, the doctor at {provider} would like to meet you on a video call. "
     "Does {date} at {time} (Istanbul time) suit you?",
     kNo},
    {kIn, "Yes, that works.", kNo},
    {kOut, "Great, it is booked. I will send you the link one hour before.", kNo},
    {kIn, "Perfect, thank you", kNo},
    {kIn, "Should I prepare anything for the call?", kNo},
    {kOut, "Just a quiet place and good light. Have your questions ready!", kNo},
};
constexpr Turn kConsultationB[] = {
    {kIn, "Hi, I need to move my consultation, something came up at work.", kNo},
    {kOut, "No problem {first}. Would {date} at {time} (Istanbul time) be better?", kNo},
    {kIn, "Yes please.", kNo},
    {kOut, "Done, it is rescheduled. You will get a reminder the day before.", kNo},
    {kIn, "Can the doctor also look at my photos before the call?", Media::kImage},
    {kOut, "Yes, I have added them to your file for the doctor.", kNo},
};

constexpr Turn kCallA[] = {
    {kOut,
     "Good morning {first}! Here is the link for today's call at {time}. Please have good "
     "lighting so the doctor can see clearly.",
     kNo},
    {kIn, "Joining now", kNo},
    {kOut,
     "Thank you for your time today {first}. Your personalised treatment plan is "
     "attached.",
     Media::kDocument},
    {kIn, "Thanks, the doctor was very nice and explained everything.", kNo},
    {kOut, "Take your time to read it, and tell me if anything is unclear.", kNo},
};
constexpr Turn kCallB[] = {
    {kOut, "Hi {first}, a reminder of your consultation with {provider} at {time} today.", kNo},
    {kIn, "Thanks, I'm ready", kNo},
    {kOut, "Here is the treatment plan the doctor prepared after your call.", Media::kDocument},
    {kIn, "It's a bit more than I expected. Is there any flexibility?", kNo},
    {kOut, "I will ask the clinic. Packages from {price} are possible depending on the plan.", kNo},
};
constexpr Turn kBookingA[] = {
    {kIn, "I have decided, I want to go ahead with {procedure}!", kNo},
    {kOut,
     "Wonderful news {first}! I have reserved {date} with {provider}. A deposit "
     "secures the date.",
     kNo},
    {kIn, "How do I pay the deposit?", kNo},
    {kOut,
     "Here is the secure payment link. Your booking confirmation follows as soon as it "
     "is received.",
     kNo},
    {kIn, "Paid!", kNo},
    {kOut, "Received, thank you. Your booking is confirmed. Here is your confirmation.",
     Media::kDocument},
    {kIn, "Do I need to prepare anything before?", kNo},
    {kOut,
     "No alcohol for a week before, no blood thinners, and bring comfortable clothes. "
     "I will send the full checklist.",
     kNo},
};
constexpr Turn kBookingB[] = {
    {kIn, "Hi {agent}, can I change my date to a week later?", kNo},
    {kOut, "Let me check with {provider}... Yes, {date} is available. Shall I move it?", kNo},
    {kIn, "Yes please", kNo},
    {kOut, "Done! Your new confirmation is attached.", Media::kDocument},
    {kIn, "Thank you so much", kNo},
};

constexpr Turn kTravelA[] = {
    {kIn, "I booked my flights, here is the ticket.", Media::kDocument},
    {kOut,
     "Thanks {first}! Our driver will wait for you at arrivals with your name on a "
     "sign. Your hotel is {hotel}.",
     kNo},
    {kIn, "Do I need a visa?", kNo},
    {kOut,
     "Please check the e-Visa requirements for your passport; I can send you an "
     "invitation letter from the clinic if needed.",
     kNo},
    {kIn, "Great. Is it possible to bring my partner?", kNo},
    {kOut, "Of course, the room is a double and your partner's transfers are included.", kNo},
};
constexpr Turn kTravelB[] = {
    {kOut,
     "Hi {first}, a reminder that your procedure is on {date}. Please share your "
     "flight details for the transfer.",
     kNo},
    {kIn, "Landing at Istanbul Airport in the afternoon, the ticket is attached.",
     Media::kDocument},
    {kOut, "Noted. The driver will track the flight, so no worries about delays.", kNo},
    {kIn, "How much cash should I bring?", kNo},
    {kOut, "Cards are accepted at the clinic; a little cash for taxis and tips is enough.", kNo},
};

constexpr Turn kArrivalA[] = {
    {kIn, "Landed! Where is the driver?", kNo},
    {kOut,
     "Welcome to Istanbul {first}! He is at the arrivals exit holding a sign with your "
     "name.",
     kNo},
    {kIn, "Found him, thanks!", kNo},
    {kOut,
     "Enjoy the ride. {hotel} is expecting you, and I will see you at the clinic "
     "tomorrow.",
     kNo},
};
constexpr Turn kArrivalB[] = {
    {kIn, "Just arrived at the hotel, everything went smoothly", kNo},
    {kOut, "Great to hear {first}! Rest well; the driver picks you up at 08:00 tomorrow.", kNo},
    {kIn, "Should I eat breakfast before?", kNo},
    {kOut, "A light breakfast is fine. No alcohol tonight please.", kNo},
};
constexpr Turn kProcedureA[] = {
    {kOut,
     "Good morning {first}! Your driver picks you up at 08:00 for the clinic. "
     "Please have a light breakfast.",
     kNo},
    {kIn, "I'm a bit nervous", kNo},
    {kOut,
     "Completely normal. The team will take great care of you, and your interpreter "
     "will be with you all day.",
     kNo},
    {kIn, "All done! Feeling ok, a bit tired.", kNo},
    {kOut,
     "Well done {first}! Rest tonight and take the medication as prescribed. The "
     "nurse will see you tomorrow.",
     kNo},
    {kIn, "Here is a photo from today", Media::kImage},
    {kOut, "Looks exactly as expected. Keep your head elevated when sleeping.", kNo},
};
constexpr Turn kProcedureB[] = {
    {kIn, "Is it normal that there is some swelling on day 2?", kNo},
    {kOut, "Yes, swelling peaks on days 2-4 and then goes down. Keep using the cold packs.", kNo},
    {kIn, "Ok thanks. What time is the check tomorrow?", kNo},
    {kOut, "10:30 at {provider}. The driver will pick you up at 10:00.", kNo},
};

constexpr Turn kRecoveryA[] = {
    {kOut, "Hi {first}, how are you feeling after arriving home?", kNo},
    {kIn, "Good! Still a bit of redness but no pain.", kNo},
    {kOut, "Glad to hear it. Please send photos on day 7 so the doctor can check healing.", kNo},
    {kIn, "Day 7 photos", Media::kImage},
    {kOut,
     "The doctor says healing is perfect. You can start gentle washing as shown in the "
     "guide.",
     kNo},
    {kIn, "Thank you, the team has been amazing", kNo},
};
constexpr Turn kRecoveryB[] = {
    {kIn, "I have some itching, is that a problem?", kNo},
    {kOut,
     "Itching is a normal part of healing. Use the lotion from your kit and avoid "
     "scratching.",
     kNo},
    {kIn, "When can I go to the gym?", kNo},
    {kOut, "Light walks now, the gym after 2 weeks and swimming after a month.", kNo},
};

constexpr Turn kFollowUpA[] = {
    {kOut, "Hi {first}! It has been a while since your {procedure}. How are the results?", kNo},
    {kIn, "Really happy, here is a photo", Media::kImage},
    {kOut,
     "Fantastic progress! Would you mind leaving a short review? It helps other "
     "patients a lot.",
     kNo},
    {kIn, "Of course, done!", kNo},
    {kOut, "Thank you {first}. Remember we are here if you need anything.", kNo},
};
constexpr Turn kFollowUpB[] = {
    {kOut, "Hello {first}, time for your follow-up photos. Front, top and both sides please.", kNo},
    {kIn, "Here you go", Media::kImage},
    {kOut, "Thanks! The doctor will review them this week.", kNo},
    {kIn, "Is it normal that the growth is slower on one side?", kNo},
    {kOut,
     "Yes, growth is often uneven until month 9-12. The doctor will comment on your "
     "photos.",
     kNo},
    {kIn, "Ok, thanks for checking in", kNo},
};

constexpr Script kInquiryScripts[] = {kInquiryA, kInquiryB, kInquiryC};
constexpr Script kPricingScripts[] = {kPricingA, kPricingB};
constexpr Script kConsultationScripts[] = {kConsultationA, kConsultationB};
constexpr Script kCallScripts[] = {kCallA, kCallB};
constexpr Script kArrivalScripts[] = {kArrivalA, kArrivalB};
constexpr Script kBookingScripts[] = {kBookingA, kBookingB};
constexpr Script kTravelScripts[] = {kTravelA, kTravelB};
constexpr Script kProcedureScripts[] = {kProcedureA, kProcedureB};
constexpr Script kRecoveryScripts[] = {kRecoveryA, kRecoveryB};
constexpr Script kFollowUpScripts[] = {kFollowUpA, kFollowUpB};

}  // namespace

Names ConsultationNotes(Category c) {
  if (c == Category::kHair) return kHairConsultationNotes;
  if (c == Category::kDental) return kDentalConsultationNotes;
  return kCosmeticConsultationNotes;
}
ProcedureNote ProcedureNoteFor(const CatalogueEntry& entry) {
  for (const NoteByProcedure& n : kProcedureNotes) {
    if (n.procedure == entry.name) return n.note;
  }
  return {"Procedure completed as planned.", 0, 0};
}
Names DoctorNotes(Category c) {
  if (c == Category::kHair) return kHairDoctorNotes;
  if (c == Category::kDental) return kDentalDoctorNotes;
  return kCosmeticDoctorNotes;
}
Names Complications(Category c) {
  if (c == Category::kHair) return kHairComplications;
  if (c == Category::kDental) return kDentalComplications;
  return kCosmeticComplications;
}
Names PatientFeedback(int rating) {
  switch (rating) {
    case 1: return kFeedback1;
    case 2: return kFeedback2;
    case 3: return kFeedback3;
    case 4: return kFeedback4;
    default: return kFeedback5;
  }
}
Names ReviewTitles(int rating) {
  switch (rating) {
    case 1: return kTitles1;
    case 2: return kTitles2;
    case 3: return kTitles3;
    case 4: return kTitles4;
    default: return kTitles5;
  }
}
Names ReviewBodies(Category c, int rating) {
  if (c == Category::kHair) {
    return rating >= 5   ? Names(kHairReview5)
           : rating == 4 ? Names(kHairReview4)
           : rating == 3 ? Names(kHairReview3)
                         : Names(kHairReviewLow);
  }
  if (c == Category::kDental) {
    return rating >= 5   ? Names(kDentalReview5)
           : rating == 4 ? Names(kDentalReview4)
           : rating == 3 ? Names(kDentalReview3)
                         : Names(kDentalReviewLow);
  }
  return rating >= 5   ? Names(kCosmeticReview5)
         : rating == 4 ? Names(kCosmeticReview4)
         : rating == 3 ? Names(kCosmeticReview3)
                       : Names(kCosmeticReviewLow);
}
Names SpecialInstructions() { return kSpecialInstructions; }
Names FollowUpNotes() { return kFollowUpNotes; }
Names FollowUpResponses() { return kFollowUpResponses; }
Names LeadNotes(LeadNoteKind kind) {
  switch (kind) {
    case LeadNoteKind::kLost: return kLostLeadNotes;
    case LeadNoteKind::kConverted: return kConvertedLeadNotes;
    default: return kOpenLeadNotes;
  }
}
Names InsuranceCompanies() { return kInsuranceCompanies; }
Names Companies() { return kCompanies; }
Names JobTitles() { return kJobTitles; }
Names Interests(Category c) {
  if (c == Category::kHair) return kHairInterests;
  if (c == Category::kDental) return kDentalInterests;
  return kCosmeticInterests;
}

std::span<const Script> Scripts(Topic topic) {
  switch (topic) {
    case Topic::kInquiry: return kInquiryScripts;
    case Topic::kPricing: return kPricingScripts;
    case Topic::kConsultation: return kConsultationScripts;
    case Topic::kConsultationCall: return kCallScripts;
    case Topic::kBooking: return kBookingScripts;
    case Topic::kTravel: return kTravelScripts;
    case Topic::kArrival: return kArrivalScripts;
    case Topic::kProcedureDay: return kProcedureScripts;
    case Topic::kRecovery: return kRecoveryScripts;
    case Topic::kFollowUp: return kFollowUpScripts;
  }
  return kInquiryScripts;
}

std::string_view EmailSubject(Topic topic) {
  switch (topic) {
    case Topic::kInquiry: return "Your enquiry";
    case Topic::kPricing: return "Your personalised quote";
    case Topic::kConsultation: return "Your online consultation";
    case Topic::kConsultationCall: return "Your treatment plan";
    case Topic::kBooking: return "Booking confirmation";
    case Topic::kTravel: return "Your trip to Istanbul";
    case Topic::kArrival: return "Welcome to Istanbul";
    case Topic::kProcedureDay: return "Your procedure day";
    case Topic::kRecovery: return "Aftercare instructions";
    case Topic::kFollowUp: return "How are you doing?";
  }
  return "Your enquiry";
}

}  // namespace imedic::seed::ref
