// Istanbul: the neighbourhoods clinics and hotels are in, words that clinic
// names are made of, hotels, and the airlines that fly patients in.
#include "seed/reference_data.hpp"

namespace imedic::seed::ref {
namespace {

using SV = std::string_view;

// Coordinates are the neighbourhood centres; a provider is placed within
// a few hundred metres of them.
const Area kAreas[] = {
    {"Nişantaşı",
     "Şişli",
     41.0522,
     28.9925,
     {"Abdi İpekçi Caddesi", "Valikonağı Caddesi"},
     34367,
     "212",
     "IST"},
    {"Mecidiyeköy",
     "Şişli",
     41.0672,
     28.9955,
     {"Büyükdere Caddesi", "Halaskargazi Caddesi"},
     34387,
     "212",
     "IST"},
    {"Fulya",
     "Şişli",
     41.0580,
     29.0010,
     {"Hakkı Yeten Caddesi", "Ortaklar Caddesi"},
     34394,
     "212",
     "IST"},
    {"Levent",
     "Beşiktaş",
     41.0812,
     29.0108,
     {"Büyükdere Caddesi", "Nispetiye Caddesi"},
     34330,
     "212",
     "IST"},
    {"Etiler",
     "Beşiktaş",
     41.0813,
     29.0332,
     {"Nispetiye Caddesi", "Nisbetiye Mahallesi Sokak"},
     34337,
     "212",
     "IST"},
    {"Beşiktaş Merkez",
     "Beşiktaş",
     41.0422,
     29.0067,
     {"Barbaros Bulvarı", "Ihlamurdere Caddesi"},
     34353,
     "212",
     "IST"},
    {"Maslak",
     "Sarıyer",
     41.1086,
     29.0197,
     {"Büyükdere Caddesi", "Eski Büyükdere Caddesi"},
     34398,
     "212",
     "IST"},
    {"İstinye",
     "Sarıyer",
     41.1148,
     29.0575,
     {"İstinye Bayırı Caddesi", "Sarıyer Caddesi"},
     34460,
     "212",
     "IST"},
    {"Taksim",
     "Beyoğlu",
     41.0370,
     28.9850,
     {"Cumhuriyet Caddesi", "Sıraselviler Caddesi"},
     34437,
     "212",
     "IST"},
    {"Ataköy",
     "Bakırköy",
     40.9786,
     28.8566,
     {"Rauf Orbay Caddesi", "Ataköy 7-8-9-10. Kısım"},
     34158,
     "212",
     "IST"},
    {"Bakırköy Merkez",
     "Bakırköy",
     40.9819,
     28.8772,
     {"İstanbul Caddesi", "Ebuzziya Caddesi"},
     34142,
     "212",
     "IST"},
    {"Florya",
     "Bakırköy",
     40.9760,
     28.7890,
     {"Florya Caddesi", "Şenlikköy Mahallesi Sokak"},
     34153,
     "212",
     "IST"},
    {"Beylikdüzü",
     "Beylikdüzü",
     40.9903,
     28.6436,
     {"Cumhuriyet Caddesi", "Atatürk Bulvarı"},
     34520,
     "212",
     "IST"},
    {"Moda",
     "Kadıköy",
     40.9834,
     29.0270,
     {"Moda Caddesi", "Bahariye Caddesi"},
     34710,
     "216",
     "SAW"},
    {"Caddebostan",
     "Kadıköy",
     40.9640,
     29.0640,
     {"Bağdat Caddesi", "Operatör Raif Bey Sokak"},
     34728,
     "216",
     "SAW"},
    {"Kozyatağı",
     "Kadıköy",
     40.9745,
     29.0950,
     {"Değirmen Sokak", "Bayar Caddesi"},
     34742,
     "216",
     "SAW"},
    {"Ataşehir Merkez",
     "Ataşehir",
     40.9923,
     29.1244,
     {"Ataşehir Bulvarı", "Atatürk Caddesi"},
     34758,
     "216",
     "SAW"},
    {"Acıbadem",
     "Üsküdar",
     41.0050,
     29.0440,
     {"Tekin Sokak", "Acıbadem Caddesi"},
     34660,
     "216",
     "SAW"},
    {"Altunizade",
     "Üsküdar",
     41.0220,
     29.0440,
     {"Kısıklı Caddesi", "Tophanelioğlu Caddesi"},
     34662,
     "216",
     "SAW"},
    {"Aksaray",
     "Fatih",
     41.0080,
     28.9500,
     {"Millet Caddesi", "Vatan Caddesi"},
     34096,
     "212",
     "IST"},
};

constexpr SV kBrands[] = {
    "Bosphorus", "Anatolia", "Galata", "Marmara", "Lale",  "Çamlıca", "Safir",  "Nova",   "Vita",
    "Pera",      "Elite",    "Asya",   "Hisar",   "Aura",  "Derin",   "Mavi",   "Zümrüt", "Yalı",
    "Kuzey",     "Poyraz",   "Lotus",  "Kristal", "Ela",   "Ege",     "Sultan", "Mimoza", "Orkide",
    "Defne",     "Nilüfer",  "Perla",  "Harmony", "Prime", "Optimum", "Linea",  "Selin",  "Kubbe"};
constexpr SV kHairSuffixes[] = {"Hair Clinic",      "Hair Transplant Center", "Hair Institute",
                                "Saç Ekim Merkezi", "Hair & Aesthetics",      "Hair Restoration"};
constexpr SV kDentalSuffixes[] = {"Dental Clinic", "Dental Studio",
                                  "Smile Center",  "Ağız ve Diş Sağlığı Polikliniği",
                                  "Dental Center", "Dental Aesthetics"};
constexpr SV kCosmeticSuffixes[] = {"Aesthetic Clinic", "Plastic Surgery Center",
                                    "Estetik Cerrahi Kliniği", "Aesthetics", "Beauty Surgery"};
constexpr SV kHospitalSuffixes[] = {"Hospital", "Medical Center", "International Hospital",
                                    "Hastanesi"};
constexpr SV kDoctorTitles[] = {"Op. Dr.", "Doç. Dr.", "Prof. Dr.", "Dr."};

const Hotel kHotels[] = {
    {"Nişantaşı Boutique Residence", 0, 4},
    {"Valikonağı Suites", 0, 4},
    {"Şişli Park Suites", 1, 4},
    {"Mecidiyeköy City Hotel", 1, 3},
    {"Levent Business Hotel", 3, 4},
    {"Etiler Garden Hotel", 4, 4},
    {"Barbaros Bosphorus Hotel", 5, 5},
    {"Maslak Skyline Hotel", 6, 5},
    {"Taksim Square Residence", 8, 3},
    {"Pera Terrace Hotel", 8, 4},
    {"Ataköy Marina Suites", 9, 4},
    {"Bakırköy Seaside Hotel", 10, 3},
    {"Florya Coast Hotel", 11, 4},
    {"Moda Pier Hotel", 13, 4},
    {"Bağdat Avenue Suites", 14, 4},
    {"Kozyatağı Business Inn", 15, 3},
    {"Ataşehir Residence Hotel", 16, 5},
    {"Acıbadem Park Hotel", 17, 3},
    {"Altunizade Plaza Hotel", 18, 4},
    {"Old City Aksaray Hotel", 19, 3},
};

constexpr Airline kTurkishCarriers[] = {
    {"Turkish Airlines", "TK"}, {"Pegasus Airlines", "PC"}, {"AJet", "VF"}};
constexpr Airline kFromGb[] = {{"Turkish Airlines", "TK"},
                               {"Pegasus Airlines", "PC"},
                               {"British Airways", "BA"},
                               {"easyJet", "U2"},
                               {"Jet2", "LS"}};
constexpr Airline kFromDe[] = {{"Turkish Airlines", "TK"},
                               {"Pegasus Airlines", "PC"},
                               {"Lufthansa", "LH"},
                               {"SunExpress", "XQ"},
                               {"Eurowings", "EW"}};
constexpr Airline kFromNl[] = {
    {"Turkish Airlines", "TK"}, {"Pegasus Airlines", "PC"}, {"KLM", "KL"}, {"Transavia", "HV"}};
constexpr Airline kFromFr[] = {{"Turkish Airlines", "TK"},
                               {"Pegasus Airlines", "PC"},
                               {"Air France", "AF"},
                               {"Transavia France", "TO"}};
constexpr Airline kFromIe[] = {{"Turkish Airlines", "TK"},
                               {"Pegasus Airlines", "PC"},
                               {"Aer Lingus", "EI"},
                               {"Ryanair", "FR"}};
constexpr Airline kFromNorthAmerica[] = {{"Turkish Airlines", "TK"},
                                         {"Pegasus Airlines", "PC"},
                                         {"Lufthansa", "LH"},
                                         {"United Airlines", "UA"},
                                         {"Air Canada", "AC"}};
constexpr Airline kFromAu[] = {{"Turkish Airlines", "TK"},
                               {"Pegasus Airlines", "PC"},
                               {"Emirates", "EK"},
                               {"Qatar Airways", "QR"}};
constexpr Airline kFromGulf[] = {{"Turkish Airlines", "TK"}, {"Pegasus Airlines", "PC"},
                                 {"Saudia", "SV"},           {"flynas", "XY"},
                                 {"Emirates", "EK"},         {"flydubai", "FZ"},
                                 {"Kuwait Airways", "KU"}};
constexpr Airline kFromSouthEurope[] = {{"Turkish Airlines", "TK"},
                                        {"Pegasus Airlines", "PC"},
                                        {"ITA Airways", "AZ"},
                                        {"Vueling", "VY"},
                                        {"Iberia", "IB"}};
constexpr Airline kFromNordics[] = {
    {"Turkish Airlines", "TK"}, {"Pegasus Airlines", "PC"}, {"SAS", "SK"}, {"Norwegian", "DY"}};
constexpr Airline kFromEastEurope[] = {{"Turkish Airlines", "TK"},
                                       {"Pegasus Airlines", "PC"},
                                       {"LOT Polish Airlines", "LO"},
                                       {"TAROM", "RO"},
                                       {"Wizz Air", "W6"}};
constexpr Airline kFromRu[] = {
    {"Turkish Airlines", "TK"}, {"Pegasus Airlines", "PC"}, {"Aeroflot", "SU"}, {"AJet", "VF"}};

}  // namespace

std::span<const Area> Areas() { return kAreas; }
Names ProviderBrands() { return kBrands; }
Names HairClinicSuffixes() { return kHairSuffixes; }
Names DentalClinicSuffixes() { return kDentalSuffixes; }
Names CosmeticClinicSuffixes() { return kCosmeticSuffixes; }
Names HospitalSuffixes() { return kHospitalSuffixes; }
Names DoctorTitles() { return kDoctorTitles; }
std::span<const Hotel> Hotels() { return kHotels; }

std::span<const Airline> AirlinesFrom(std::string_view c) {
  if (c == "GB") return kFromGb;
  if (c == "DE") return kFromDe;
  if (c == "NL") return kFromNl;
  if (c == "FR") return kFromFr;
  if (c == "IE") return kFromIe;
  if (c == "US" || c == "CA") return kFromNorthAmerica;
  if (c == "AU") return kFromAu;
  if (c == "SA" || c == "AE" || c == "KW") return kFromGulf;
  if (c == "IT" || c == "ES") return kFromSouthEurope;
  if (c == "SE" || c == "NO" || c == "DK") return kFromNordics;
  if (c == "PL" || c == "RO") return kFromEastEurope;
  if (c == "RU") return kFromRu;
  return kTurkishCarriers;
}

}  // namespace imedic::seed::ref
