// Countries our patients come from (and Turkey, for staff and doctors):
// phone formats, cities with their airports and time zones, and common
// given and family names written as in passports.
#include <stdexcept>
#include <string>

#include "seed/reference_data.hpp"

namespace imedic::seed {

std::string_view CategoryCode(Category category) {
  switch (category) {
    case Category::kHair: return "hair_transplant";
    case Category::kDental: return "dental";
    case Category::kCosmetic: return "cosmetic";
  }
  return "hair_transplant";
}

std::string_view GenderCode(Gender gender) {
  switch (gender) {
    case Gender::kMale: return "male";
    case Gender::kFemale: return "female";
    case Gender::kOther: return "other";
    case Gender::kUndisclosed: return "prefer_not_to_say";
  }
  return "prefer_not_to_say";
}

namespace ref {
namespace {

using SV = std::string_view;

// --- United Kingdom ---
constexpr SV kGbMobile[] = {"7N########"};
constexpr City kGbCities[] = {
    {"London", "LHR", "Europe/London"},     {"London", "LGW", "Europe/London"},
    {"London", "STN", "Europe/London"},     {"Manchester", "MAN", "Europe/London"},
    {"Birmingham", "BHX", "Europe/London"}, {"Glasgow", "GLA", "Europe/London"},
    {"Leeds", "LBA", "Europe/London"},      {"Bristol", "BRS", "Europe/London"},
    {"Liverpool", "LPL", "Europe/London"},  {"Edinburgh", "EDI", "Europe/London"}};
constexpr SV kGbMale[] = {"Oliver",  "George", "Harry",    "Jack",   "James",  "Thomas",
                          "William", "Daniel", "Matthew",  "Samuel", "Joshua", "Ryan",
                          "Liam",    "Connor", "Callum",   "Jamie",  "Lewis",  "Adam",
                          "Ben",     "Luke",   "Mohammed", "Aaron",  "Kieran", "Dominic"};
constexpr SV kGbFemale[] = {"Olivia", "Amelia",  "Emily",   "Sophie", "Jessica", "Charlotte",
                            "Lucy",   "Hannah",  "Chloe",   "Megan",  "Ellie",   "Grace",
                            "Holly",  "Laura",   "Rebecca", "Sarah",  "Emma",    "Katie",
                            "Lauren", "Georgia", "Aisha",   "Natalie"};
constexpr SV kGbLast[] = {"Smith",   "Jones",  "Taylor",   "Brown",    "Williams", "Wilson",
                          "Johnson", "Davies", "Robinson", "Wright",   "Thompson", "Evans",
                          "Walker",  "White",  "Roberts",  "Green",    "Hall",     "Wood",
                          "Jackson", "Clarke", "Hughes",   "Edwards",  "Turner",   "Harris",
                          "Patel",   "Khan",   "Ahmed",    "Campbell", "Murray",   "Bennett"};

// --- Germany ---
constexpr SV kDeMobile[] = {"151########", "152########", "160########", "170########",
                            "171########", "176########", "157########"};
constexpr City kDeCities[] = {{"Berlin", "BER", "Europe/Berlin"},
                              {"Hamburg", "HAM", "Europe/Berlin"},
                              {"München", "MUC", "Europe/Berlin"},
                              {"Köln", "CGN", "Europe/Berlin"},
                              {"Frankfurt am Main", "FRA", "Europe/Berlin"},
                              {"Stuttgart", "STR", "Europe/Berlin"},
                              {"Düsseldorf", "DUS", "Europe/Berlin"},
                              {"Hannover", "HAJ", "Europe/Berlin"},
                              {"Nürnberg", "NUE", "Europe/Berlin"},
                              {"Dortmund", "DTM", "Europe/Berlin"}};
constexpr SV kDeMale[] = {"Lukas",   "Leon",     "Jonas",     "Maximilian", "Felix",  "Paul",
                          "Tobias",  "Florian",  "Sebastian", "Michael",    "Thomas", "Stefan",
                          "Andreas", "Markus",   "Jan",       "Niklas",     "Tim",    "Alexander",
                          "Daniel",  "Matthias", "Emre",      "Deniz"};
constexpr SV kDeFemale[] = {"Anna",     "Lena",      "Laura",     "Julia",   "Sarah",   "Lea",
                            "Hannah",   "Katharina", "Sophie",    "Marie",   "Johanna", "Sabine",
                            "Stefanie", "Nicole",    "Christina", "Melanie", "Claudia", "Franziska",
                            "Miriam",   "Jana",      "Ayşe",      "Elif"};
constexpr SV kDeLast[] = {"Müller",  "Schmidt",    "Schneider", "Fischer",  "Weber",    "Meyer",
                          "Wagner",  "Becker",     "Schulz",    "Hoffmann", "Schäfer",  "Koch",
                          "Bauer",   "Richter",    "Klein",     "Wolf",     "Schröder", "Neumann",
                          "Schwarz", "Zimmermann", "Braun",     "Krüger",   "Hofmann",  "Hartmann",
                          "Lange",   "Yılmaz",     "Kaya",      "Öztürk"};

// --- Netherlands ---
constexpr SV kNlMobile[] = {"6########"};
constexpr City kNlCities[] = {
    {"Amsterdam", "AMS", "Europe/Amsterdam"}, {"Rotterdam", "RTM", "Europe/Amsterdam"},
    {"Den Haag", "AMS", "Europe/Amsterdam"},  {"Utrecht", "AMS", "Europe/Amsterdam"},
    {"Eindhoven", "EIN", "Europe/Amsterdam"}, {"Groningen", "GRQ", "Europe/Amsterdam"}};
constexpr SV kNlMale[] = {"Daan",  "Sem",   "Lucas", "Levi",    "Finn",   "Milan",  "Bram",
                          "Thijs", "Jesse", "Ruben", "Lars",    "Stijn",  "Sander", "Jeroen",
                          "Bas",   "Tim",   "Niels", "Martijn", "Dennis", "Mohamed"};
constexpr SV kNlFemale[] = {"Emma",  "Julia",   "Sophie", "Lotte",  "Anna",   "Fleur", "Sanne",
                            "Lisa",  "Eva",     "Iris",   "Femke",  "Anouk",  "Noor",  "Tess",
                            "Lieke", "Marloes", "Inge",   "Esther", "Maaike", "Fatima"};
constexpr SV kNlLast[] = {"de Jong",   "Jansen",   "de Vries",    "van den Berg", "van Dijk",
                          "Bakker",    "Janssen",  "Visser",      "Smit",         "Meijer",
                          "de Boer",   "Mulder",   "de Groot",    "Bos",          "Vos",
                          "Peters",    "Hendriks", "van Leeuwen", "Dekker",       "Brouwer",
                          "El Amrani", "Yıldız"};

// --- France ---
constexpr SV kFrMobile[] = {"6########", "7########"};
constexpr City kFrCities[] = {
    {"Paris", "CDG", "Europe/Paris"},     {"Paris", "ORY", "Europe/Paris"},
    {"Lyon", "LYS", "Europe/Paris"},      {"Marseille", "MRS", "Europe/Paris"},
    {"Toulouse", "TLS", "Europe/Paris"},  {"Nice", "NCE", "Europe/Paris"},
    {"Bordeaux", "BOD", "Europe/Paris"},  {"Lille", "LIL", "Europe/Paris"},
    {"Strasbourg", "SXB", "Europe/Paris"}};
constexpr SV kFrMale[] = {"Lucas",   "Hugo",      "Louis",   "Nathan",  "Thomas", "Maxime",
                          "Antoine", "Alexandre", "Julien",  "Nicolas", "Pierre", "Mathieu",
                          "Romain",  "Guillaume", "Quentin", "Clément", "Théo",   "Baptiste",
                          "Florian", "Karim",     "Mehdi",   "Yanis"};
constexpr SV kFrFemale[] = {"Camille", "Léa",    "Manon",   "Chloé",   "Inès",      "Sarah",
                            "Emma",    "Julie",  "Marie",   "Pauline", "Laura",     "Mathilde",
                            "Céline",  "Élodie", "Amélie",  "Claire",  "Charlotte", "Lucie",
                            "Océane",  "Anaïs",  "Yasmine", "Nadia"};
constexpr SV kFrLast[] = {"Martin",  "Bernard",  "Dubois", "Thomas", "Robert",   "Richard",
                          "Petit",   "Durand",   "Leroy",  "Moreau", "Simon",    "Laurent",
                          "Lefèvre", "Michel",   "Garcia", "David",  "Bertrand", "Roux",
                          "Vincent", "Fournier", "Girard", "Bonnet", "Benali",   "Haddad",
                          "Mercier", "Lambert"};

// --- Ireland ---
constexpr SV kIeMobile[] = {"83#######", "85#######", "86#######", "87#######", "89#######"};
constexpr City kIeCities[] = {{"Dublin", "DUB", "Europe/Dublin"},
                              {"Cork", "ORK", "Europe/Dublin"},
                              {"Galway", "SNN", "Europe/Dublin"},
                              {"Limerick", "SNN", "Europe/Dublin"},
                              {"Waterford", "DUB", "Europe/Dublin"}};
constexpr SV kIeMale[] = {"Conor",   "Seán",   "Jack",   "Cian",  "Oisín", "Darragh",
                          "Patrick", "Ciarán", "Eoin",   "Niall", "Liam",  "Aidan",
                          "Ronan",   "Shane",  "Declan", "Colm",  "Fionn", "Killian"};
constexpr SV kIeFemale[] = {"Aoife",   "Siobhán", "Niamh", "Ciara", "Sinéad", "Róisín",
                            "Caoimhe", "Saoirse", "Orla",  "Emma",  "Sarah",  "Aisling",
                            "Clodagh", "Gráinne", "Méabh", "Éabha"};
constexpr SV kIeLast[] = {"Murphy",   "Kelly",     "O'Sullivan", "Walsh",     "Smith",    "O'Brien",
                          "Byrne",    "Ryan",      "O'Connor",   "O'Neill",   "O'Reilly", "Doyle",
                          "McCarthy", "Gallagher", "Doherty",    "Kennedy",   "Lynch",    "Murray",
                          "Quinn",    "Moore",     "Brennan",    "Fitzgerald"};

// --- United States ---
constexpr SV kUsMobile[] = {"N##N######"};  // area code from the city
constexpr City kUsCities[] = {{"New York", "JFK", "America/New_York", "212"},
                              {"New York", "JFK", "America/New_York", "646"},
                              {"Chicago", "ORD", "America/Chicago", "312"},
                              {"Los Angeles", "LAX", "America/Los_Angeles", "213"},
                              {"Houston", "IAH", "America/Chicago", "713"},
                              {"Miami", "MIA", "America/New_York", "305"},
                              {"Boston", "BOS", "America/New_York", "617"},
                              {"Atlanta", "ATL", "America/New_York", "404"},
                              {"San Francisco", "SFO", "America/Los_Angeles", "415"},
                              {"Seattle", "SEA", "America/Los_Angeles", "206"},
                              {"Washington", "IAD", "America/New_York", "202"},
                              {"Dallas", "DFW", "America/Chicago", "214"},
                              {"Denver", "DEN", "America/Denver", "303"}};
constexpr SV kUsMale[] = {"James",       "Michael", "Robert",  "John",   "David", "William",
                          "Christopher", "Joshua",  "Matthew", "Andrew", "Tyler", "Brandon",
                          "Justin",      "Kevin",   "Jason",   "Ryan",   "Eric",  "Marcus",
                          "Jose",        "Carlos",  "Anthony", "Derek"};
constexpr SV kUsFemale[] = {"Jennifer", "Jessica", "Ashley",   "Amanda",   "Sarah",
                            "Emily",    "Megan",   "Brittany", "Lauren",   "Stephanie",
                            "Nicole",   "Rachel",  "Samantha", "Heather",  "Elizabeth",
                            "Madison",  "Maria",   "Danielle", "Kimberly", "Taylor"};
constexpr SV kUsLast[] = {"Smith",  "Johnson",  "Williams",  "Brown",    "Jones",     "Garcia",
                          "Miller", "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",
                          "Wilson", "Anderson", "Thomas",    "Moore",    "Jackson",   "Martin",
                          "Lee",    "Thompson", "White",     "Harris",   "Clark",     "Lewis",
                          "Nguyen", "Kim",      "Patel",     "Cohen"};

// --- Canada ---
constexpr SV kCaMobile[] = {"N##N######"};  // area code from the city
constexpr City kCaCities[] = {
    {"Toronto", "YYZ", "America/Toronto", "416"},  {"Toronto", "YYZ", "America/Toronto", "647"},
    {"Montréal", "YUL", "America/Toronto", "514"}, {"Vancouver", "YVR", "America/Vancouver", "604"},
    {"Calgary", "YYC", "America/Edmonton", "403"}, {"Ottawa", "YOW", "America/Toronto", "613"},
    {"Edmonton", "YEG", "America/Edmonton", "780"}};
constexpr SV kCaMale[] = {"Liam",    "Noah",    "Ethan",  "Logan",  "Benjamin", "Mathieu",
                          "Olivier", "Gabriel", "Félix",  "Nathan", "Owen",     "Jacob",
                          "Dylan",   "Tristan", "Hunter", "Carter", "Evan",     "Connor"};
constexpr SV kCaFemale[] = {"Emma",    "Olivia", "Charlotte", "Chloé",   "Léa",     "Ava",
                            "Sophia",  "Zoé",    "Maëlle",    "Madison", "Brooke",  "Hailey",
                            "Abigail", "Kayla",  "Avery",     "Megan",   "Rosalie", "Alicia"};
constexpr SV kCaLast[] = {"Tremblay", "Gagnon",  "Roy",      "Côté",      "Bouchard",
                          "Gauthier", "Morin",   "Lavoie",   "Fortin",    "Gagné",
                          "Smith",    "Brown",   "Wilson",   "MacDonald", "Campbell",
                          "Anderson", "Leblanc", "Thompson", "Singh",     "Chen"};

// --- Australia ---
constexpr SV kAuMobile[] = {"4########"};
constexpr City kAuCities[] = {{"Sydney", "SYD", "Australia/Sydney"},
                              {"Melbourne", "MEL", "Australia/Melbourne"},
                              {"Brisbane", "BNE", "Australia/Brisbane"},
                              {"Perth", "PER", "Australia/Perth"},
                              {"Adelaide", "ADL", "Australia/Adelaide"}};
constexpr SV kAuMale[] = {"Jack",    "Oliver", "William", "Noah",  "Thomas",   "James",
                          "Lachlan", "Cooper", "Riley",   "Ethan", "Mitchell", "Jake",
                          "Brodie",  "Hamish", "Angus",   "Zac",   "Harrison", "Bailey"};
constexpr SV kAuFemale[] = {"Charlotte", "Olivia",  "Chloe",   "Mia",    "Isla",    "Ruby",
                            "Sienna",    "Matilda", "Jessica", "Zoe",    "Georgia", "Tahlia",
                            "Kayla",     "Brooke",  "Jasmine", "Amelia", "Emily",   "Grace"};
constexpr SV kAuLast[] = {"Smith",    "Jones",   "Williams",     "Brown",  "Wilson",   "Taylor",
                          "Nguyen",   "Johnson", "Martin",       "White",  "Anderson", "Walker",
                          "Thompson", "Kelly",   "Ryan",         "Harris", "Mitchell", "O'Brien",
                          "Campbell", "Murphy",  "Papadopoulos", "Russo"};

// --- Saudi Arabia ---
constexpr SV kSaMobile[] = {"50#######", "53#######", "54#######",
                            "55#######", "56#######", "59#######"};
constexpr City kSaCities[] = {{"Riyadh", "RUH", "Asia/Riyadh"},
                              {"Jeddah", "JED", "Asia/Riyadh"},
                              {"Dammam", "DMM", "Asia/Riyadh"},
                              {"Medina", "MED", "Asia/Riyadh"},
                              {"Khobar", "DMM", "Asia/Riyadh"}};
constexpr SV kSaMale[] = {"Mohammed", "Abdullah", "Fahad",  "Khalid",    "Saud",  "Faisal",
                          "Sultan",   "Turki",    "Nasser", "Abdulaziz", "Omar",  "Saad",
                          "Majed",    "Bandar",   "Nawaf",  "Yazeed",    "Rakan", "Hamad"};
constexpr SV kSaFemale[] = {"Noura",   "Sara",   "Reem",  "Haya",    "Lama",  "Dana",
                            "Fatimah", "Maha",   "Nouf",  "Amal",    "Hessa", "Abeer",
                            "Shahad",  "Lujain", "Ghada", "Mashael", "Razan", "Wejdan"};
constexpr SV kSaLast[] = {"Al-Qahtani", "Al-Ghamdi", "Al-Otaibi",  "Al-Harbi",   "Al-Zahrani",
                          "Al-Shehri",  "Al-Dosari", "Al-Mutairi", "Al-Anazi",   "Al-Shammari",
                          "Al-Subaie",  "Al-Malki",  "Al-Juhani",  "Al-Rashidi", "Al-Yami",
                          "Al-Amri",    "Al-Omari",  "Al-Harthi"};

// --- United Arab Emirates ---
constexpr SV kAeMobile[] = {"50#######", "52#######", "54#######",
                            "55#######", "56#######", "58#######"};
constexpr City kAeCities[] = {{"Dubai", "DXB", "Asia/Dubai"},
                              {"Abu Dhabi", "AUH", "Asia/Dubai"},
                              {"Sharjah", "SHJ", "Asia/Dubai"},
                              {"Al Ain", "AUH", "Asia/Dubai"}};
constexpr SV kAeMale[] = {"Mohammed", "Ahmed", "Rashid", "Saeed",   "Hamdan", "Khalifa",
                          "Sultan",   "Majid", "Obaid",  "Hamad",   "Saif",   "Mansour",
                          "Ali",      "Omar",  "Yousef", "Abdulla", "Khalid", "Hazza"};
constexpr SV kAeFemale[] = {"Fatima", "Mariam", "Aisha",  "Shamma",  "Hind",   "Latifa",
                            "Moza",   "Alya",   "Maitha", "Noora",   "Salama", "Hessa",
                            "Meera",  "Reem",   "Amna",   "Shaikha", "Sara",   "Ghaya"};
constexpr SV kAeLast[] = {"Al-Mansouri", "Al-Mazrouei", "Al-Hammadi",  "Al-Suwaidi",
                          "Al-Ketbi",    "Al-Shamsi",   "Al-Nuaimi",   "Al-Falasi",
                          "Al-Marri",    "Al-Muhairi",  "Al-Dhaheri",  "Al-Kaabi",
                          "Al-Qubaisi",  "Al-Zaabi",    "Al-Romaithi", "Al-Blooshi"};

// --- Kuwait ---
constexpr SV kKwMobile[] = {"5#######", "6#######", "9#######"};
constexpr City kKwCities[] = {{"Kuwait City", "KWI", "Asia/Kuwait"},
                              {"Hawalli", "KWI", "Asia/Kuwait"},
                              {"Salmiya", "KWI", "Asia/Kuwait"},
                              {"Al Ahmadi", "KWI", "Asia/Kuwait"}};
constexpr SV kKwMale[] = {"Abdullah", "Mohammad", "Fahad", "Yousef", "Khaled", "Bader",
                          "Mishari",  "Talal",    "Hamad", "Salem",  "Nasser", "Jassim",
                          "Meshal",   "Ahmad",    "Ali",   "Saud",   "Faisal", "Waleed"};
constexpr SV kKwFemale[] = {"Fatma", "Dalal",   "Sheikha", "Noura", "Haya",   "Mariam",
                            "Lulwa", "Ghadeer", "Anwar",   "Bibi",  "Latifa", "Ranya",
                            "Dana",  "Hessa",   "Asma",    "Farah", "Jana",   "Shaikha"};
constexpr SV kKwLast[] = {"Al-Mutairi",  "Al-Ajmi",   "Al-Azmi",    "Al-Enezi",  "Al-Rashidi",
                          "Al-Shammari", "Al-Hajri",  "Al-Kandari", "Al-Awadhi", "Behbehani",
                          "Al-Roumi",    "Al-Fadhli", "Al-Sayegh",  "Dashti",    "Al-Qattan"};

// --- Italy ---
constexpr SV kItMobile[] = {"32########", "33########", "34########", "35########",
                            "36########", "38########", "39########"};
constexpr City kItCities[] = {{"Milano", "MXP", "Europe/Rome"},  {"Roma", "FCO", "Europe/Rome"},
                              {"Napoli", "NAP", "Europe/Rome"},  {"Torino", "TRN", "Europe/Rome"},
                              {"Bologna", "BLQ", "Europe/Rome"}, {"Firenze", "FLR", "Europe/Rome"},
                              {"Palermo", "PMO", "Europe/Rome"}, {"Bergamo", "BGY", "Europe/Rome"}};
constexpr SV kItMale[] = {"Francesco", "Alessandro", "Lorenzo",  "Matteo",  "Andrea",   "Marco",
                          "Luca",      "Giuseppe",   "Davide",   "Simone",  "Federico", "Riccardo",
                          "Stefano",   "Paolo",      "Giovanni", "Antonio", "Gabriele", "Fabio"};
constexpr SV kItFemale[] = {"Giulia",    "Francesca", "Chiara",   "Sara",   "Martina", "Alessia",
                            "Valentina", "Elisa",     "Federica", "Silvia", "Laura",   "Elena",
                            "Giorgia",   "Alice",     "Beatrice", "Paola",  "Roberta", "Ilaria"};
constexpr SV kItLast[] = {"Rossi",  "Russo",    "Ferrari", "Esposito", "Bianchi",
                          "Romano", "Colombo",  "Ricci",   "Marino",   "Greco",
                          "Bruno",  "Gallo",    "Conti",   "De Luca",  "Mancini",
                          "Costa",  "Giordano", "Rizzo",   "Lombardi", "Moretti"};

// --- Spain ---
constexpr SV kEsMobile[] = {"6########", "7########"};
constexpr City kEsCities[] = {
    {"Madrid", "MAD", "Europe/Madrid"},   {"Barcelona", "BCN", "Europe/Madrid"},
    {"Valencia", "VLC", "Europe/Madrid"}, {"Sevilla", "SVQ", "Europe/Madrid"},
    {"Málaga", "AGP", "Europe/Madrid"},   {"Bilbao", "BIO", "Europe/Madrid"}};
constexpr SV kEsMale[] = {"Hugo",   "Daniel", "Martín", "Pablo",  "Alejandro", "Lucas",
                          "Álvaro", "Adrián", "Javier", "Sergio", "David",     "Carlos",
                          "Jorge",  "Raúl",   "Iván",   "Diego",  "Manuel",    "Rubén"};
constexpr SV kEsFemale[] = {"Lucía", "Sofía",  "María", "Martina", "Paula",  "Julia",
                            "Laura", "Carmen", "Elena", "Marta",   "Sara",   "Cristina",
                            "Irene", "Andrea", "Nerea", "Alba",    "Raquel", "Nuria"};
constexpr SV kEsLast[] = {"García",   "Fernández", "González",  "Rodríguez", "López",
                          "Martínez", "Sánchez",   "Pérez",     "Gómez",     "Martín",
                          "Jiménez",  "Ruiz",      "Hernández", "Díaz",      "Moreno",
                          "Muñoz",    "Álvarez",   "Romero",    "Navarro",   "Torres"};

// --- Sweden ---
constexpr SV kSeMobile[] = {"70#######", "72#######", "73#######", "76#######"};
constexpr City kSeCities[] = {{"Stockholm", "ARN", "Europe/Stockholm"},
                              {"Göteborg", "GOT", "Europe/Stockholm"},
                              {"Malmö", "CPH", "Europe/Stockholm"},
                              {"Uppsala", "ARN", "Europe/Stockholm"}};
constexpr SV kSeMale[] = {"Erik",   "Lars",    "Karl",  "Anders", "Johan", "Per",    "Nils",
                          "Oskar",  "William", "Lucas", "Hugo",   "Axel",  "Gustav", "Filip",
                          "Viktor", "Emil",    "Isak",  "Linus",  "Ahmad"};
constexpr SV kSeFemale[] = {"Elsa",   "Alice",  "Maja",  "Ebba",   "Wilma",   "Saga",
                            "Astrid", "Linnea", "Klara", "Ingrid", "Karin",   "Anna",
                            "Emma",   "Sofia",  "Frida", "Ida",    "Matilda", "Sara"};
constexpr SV kSeLast[] = {"Andersson",  "Johansson", "Karlsson", "Nilsson",  "Eriksson",
                          "Larsson",    "Olsson",    "Persson",  "Svensson", "Gustafsson",
                          "Pettersson", "Jonsson",   "Jansson",  "Hansson",  "Bengtsson",
                          "Lindberg",   "Lindström", "Öberg"};

// --- Norway ---
constexpr SV kNoMobile[] = {"4#######", "9#######"};
constexpr City kNoCities[] = {{"Oslo", "OSL", "Europe/Oslo"},
                              {"Bergen", "BGO", "Europe/Oslo"},
                              {"Trondheim", "TRD", "Europe/Oslo"},
                              {"Stavanger", "SVG", "Europe/Oslo"}};
constexpr SV kNoMale[] = {"Jakob", "Emil",   "Noah",   "Oliver", "Filip", "William",
                          "Lucas", "Henrik", "Magnus", "Sander", "Ola",   "Kristian",
                          "Espen", "Jonas",  "Thomas", "Håkon",  "Eirik", "Sindre"};
constexpr SV kNoFemale[] = {"Nora",  "Emma",     "Ingrid",  "Sofie", "Maja",     "Thea",
                            "Ida",   "Sara",     "Hanna",   "Kari",  "Ingeborg", "Silje",
                            "Marte", "Ragnhild", "Solveig", "Tuva",  "Vilde",    "Hedda"};
constexpr SV kNoLast[] = {"Hansen",  "Johansen",    "Olsen",  "Larsen",  "Andersen", "Pedersen",
                          "Nilsen",  "Kristiansen", "Jensen", "Karlsen", "Johnsen",  "Pettersen",
                          "Eriksen", "Berg",        "Haugen", "Hagen",   "Dahl",     "Solberg",
                          "Bakken",  "Strand",      "Sæther", "Løken"};

// --- Denmark ---
constexpr SV kDkMobile[] = {"2#######", "3#######", "4#######", "5#######", "6#######"};
constexpr City kDkCities[] = {{"København", "CPH", "Europe/Copenhagen"},
                              {"Aarhus", "AAR", "Europe/Copenhagen"},
                              {"Odense", "BLL", "Europe/Copenhagen"},
                              {"Aalborg", "AAL", "Europe/Copenhagen"}};
constexpr SV kDkMale[] = {"William",   "Noah",   "Oscar",    "Lucas",  "Carl",   "Victor",
                          "Malthe",    "Mikkel", "Frederik", "Rasmus", "Mads",   "Anders",
                          "Christian", "Søren",  "Jesper",   "Kasper", "Morten", "Jonas"};
constexpr SV kDkFemale[] = {"Ida",     "Emma",  "Freja",    "Clara",   "Alma",     "Anna",
                            "Sofie",   "Laura", "Mathilde", "Cecilie", "Caroline", "Maria",
                            "Camilla", "Mette", "Louise",   "Line",    "Signe",    "Julie"};
constexpr SV kDkLast[] = {"Nielsen",      "Jensen",  "Hansen",     "Pedersen",  "Andersen",
                          "Christensen",  "Larsen",  "Sørensen",   "Rasmussen", "Jørgensen",
                          "Petersen",     "Madsen",  "Kristensen", "Olsen",     "Thomsen",
                          "Christiansen", "Poulsen", "Møller",     "Mortensen"};

// --- Poland --- (family names have female forms)
constexpr SV kPlMobile[] = {"5########", "6########", "7########", "8########"};
constexpr City kPlCities[] = {
    {"Warszawa", "WAW", "Europe/Warsaw"}, {"Kraków", "KRK", "Europe/Warsaw"},
    {"Wrocław", "WRO", "Europe/Warsaw"},  {"Gdańsk", "GDN", "Europe/Warsaw"},
    {"Poznań", "POZ", "Europe/Warsaw"},   {"Katowice", "KTW", "Europe/Warsaw"}};
constexpr SV kPlMale[] = {"Jakub",     "Kacper", "Piotr",    "Tomasz",  "Paweł", "Michał",
                          "Krzysztof", "Marcin", "Łukasz",   "Mateusz", "Adam",  "Bartosz",
                          "Wojciech",  "Damian", "Grzegorz", "Szymon",  "Dawid", "Rafał"};
constexpr SV kPlFemale[] = {"Anna",       "Katarzyna",  "Magdalena", "Agnieszka", "Joanna",
                            "Aleksandra", "Małgorzata", "Zuzanna",   "Julia",     "Natalia",
                            "Monika",     "Karolina",   "Paulina",   "Ewa",       "Marta",
                            "Weronika",   "Dominika",   "Kinga"};
constexpr SV kPlLast[] = {"Nowak",     "Kowalski", "Wiśniewski",  "Wójcik",
                          "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
                          "Szymański", "Woźniak",  "Dąbrowski",   "Kozłowski",
                          "Jankowski", "Mazur",    "Kwiatkowski", "Krawczyk"};
constexpr SV kPlLastF[] = {"Nowak",     "Kowalska", "Wiśniewska",  "Wójcik",
                           "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska",
                           "Szymańska", "Woźniak",  "Dąbrowska",   "Kozłowska",
                           "Jankowska", "Mazur",    "Kwiatkowska", "Krawczyk"};

// --- Romania ---
constexpr SV kRoMobile[] = {"72#######", "73#######", "74#######",
                            "75#######", "76#######", "78#######"};
constexpr City kRoCities[] = {{"București", "OTP", "Europe/Bucharest"},
                              {"Cluj-Napoca", "CLJ", "Europe/Bucharest"},
                              {"Timișoara", "TSR", "Europe/Bucharest"},
                              {"Iași", "IAS", "Europe/Bucharest"},
                              {"Constanța", "CND", "Europe/Bucharest"}};
constexpr SV kRoMale[] = {"Andrei", "Alexandru", "Ionuț",   "Mihai",  "Ștefan", "Cristian",
                          "Florin", "Adrian",    "Gabriel", "Vlad",   "Bogdan", "Răzvan",
                          "Marius", "Daniel",    "Radu",    "Cosmin", "Sorin",  "Lucian"};
constexpr SV kRoFemale[] = {"Maria",    "Elena",   "Andreea", "Ioana", "Alexandra", "Ana",
                            "Cristina", "Mihaela", "Roxana",  "Diana", "Gabriela",  "Bianca",
                            "Raluca",   "Alina",   "Simona",  "Oana",  "Irina",     "Denisa"};
constexpr SV kRoLast[] = {"Popescu",  "Ionescu", "Popa",     "Pop",        "Radu",
                          "Dumitru",  "Stan",    "Stoica",   "Gheorghe",   "Matei",
                          "Ciobanu",  "Rusu",    "Munteanu", "Constantin", "Ene",
                          "Moldovan", "Lazăr",   "Florea",   "Ștefănescu"};

// --- Russia --- (family names have female forms)
constexpr SV kRuMobile[] = {"9#########"};
constexpr City kRuCities[] = {{"Moscow", "SVO", "Europe/Moscow"},
                              {"Moscow", "VKO", "Europe/Moscow"},
                              {"Saint Petersburg", "LED", "Europe/Moscow"},
                              {"Kazan", "KZN", "Europe/Moscow"},
                              {"Yekaterinburg", "SVX", "Asia/Yekaterinburg"},
                              {"Sochi", "AER", "Europe/Moscow"}};
constexpr SV kRuMale[] = {"Alexander", "Dmitry", "Sergey",  "Andrey",   "Alexey", "Ivan",
                          "Mikhail",   "Maxim",  "Nikolai", "Vladimir", "Artem",  "Pavel",
                          "Roman",     "Denis",  "Evgeny",  "Igor",     "Kirill", "Oleg"};
constexpr SV kRuFemale[] = {"Anastasia", "Maria",  "Ekaterina", "Olga",     "Tatiana", "Elena",
                            "Natalia",   "Anna",   "Irina",     "Svetlana", "Yulia",   "Daria",
                            "Polina",    "Ksenia", "Victoria",  "Alina",    "Marina",  "Valeria"};
constexpr SV kRuLast[] = {"Ivanov",   "Smirnov",   "Kuznetsov", "Popov",   "Vasiliev", "Petrov",
                          "Sokolov",  "Mikhailov", "Novikov",   "Fedorov", "Morozov",  "Volkov",
                          "Alekseev", "Lebedev",   "Semenov",   "Egorov"};
constexpr SV kRuLastF[] = {"Ivanova",   "Smirnova", "Kuznetsova", "Popova",
                           "Vasilieva", "Petrova",  "Sokolova",   "Mikhailova",
                           "Novikova",  "Fedorova", "Morozova",   "Volkova",
                           "Alekseeva", "Lebedeva", "Semenova",   "Egorova"};

// --- Turkey --- (staff, doctors and clinic managers; not a patient market here)
constexpr SV kTrMobile[] = {"53########", "54########", "55########", "50########"};
constexpr City kTrCities[] = {{"İstanbul", "IST", "Europe/Istanbul"}};
constexpr SV kTrMale[] = {"Mehmet", "Ahmet", "Mustafa", "Ali",    "Hüseyin", "Hasan", "İbrahim",
                          "Murat",  "Emre",  "Burak",   "Serkan", "Onur",    "Kerem", "Cem",
                          "Barış",  "Tolga", "Volkan",  "Can",    "Oğuz",    "Selim", "Kaan",
                          "Eren",   "Umut",  "Okan",    "Arda",   "Berk"};
constexpr SV kTrFemale[] = {"Ayşe",  "Fatma", "Zeynep", "Elif",  "Emine", "Merve", "Esra", "Büşra",
                            "Selin", "Deniz", "Ebru",   "Gizem", "Derya", "Pınar", "Aslı", "Özge",
                            "Ceren", "Defne", "İrem",   "Burcu", "Seda",  "Tuğba"};
constexpr SV kTrLast[] = {"Yılmaz",  "Kaya",   "Demir",   "Şahin",  "Çelik", "Yıldız", "Yıldırım",
                          "Öztürk",  "Aydın",  "Özdemir", "Arslan", "Doğan", "Kılıç",  "Aslan",
                          "Çetin",   "Kara",   "Koç",     "Kurt",   "Özkan", "Şimşek", "Polat",
                          "Korkmaz", "Aksoy",  "Güneş",   "Tekin",  "Ünal",  "Bulut",  "Acar",
                          "Keskin",  "Karaca", "Uçar",    "Erdem"};

constexpr Names kNone{};

const Country kCountries[] = {
    {"GB", "United Kingdom", "en-GB", "44", kGbMobile, kGbCities, "GBP", 16, kGbMale, kGbFemale,
     kGbLast, kNone, "Hi"},
    {"DE", "Germany", "de-DE", "49", kDeMobile, kDeCities, "EUR", 12, kDeMale, kDeFemale, kDeLast,
     kNone, "Hallo"},
    {"NL", "Netherlands", "nl-NL", "31", kNlMobile, kNlCities, "EUR", 6, kNlMale, kNlFemale,
     kNlLast, kNone, "Hoi"},
    {"FR", "France", "fr-FR", "33", kFrMobile, kFrCities, "EUR", 7, kFrMale, kFrFemale, kFrLast,
     kNone, "Bonjour"},
    {"IE", "Ireland", "en-IE", "353", kIeMobile, kIeCities, "EUR", 5, kIeMale, kIeFemale, kIeLast,
     kNone, "Hi"},
    {"US", "United States", "en-US", "1", kUsMobile, kUsCities, "USD", 8, kUsMale, kUsFemale,
     kUsLast, kNone, "Hi"},
    {"CA", "Canada", "en-CA", "1", kCaMobile, kCaCities, "USD", 3, kCaMale, kCaFemale, kCaLast,
     kNone, "Hi"},
    {"AU", "Australia", "en-AU", "61", kAuMobile, kAuCities, "USD", 3, kAuMale, kAuFemale, kAuLast,
     kNone, "Hi"},
    {"SA", "Saudi Arabia", "ar-SA", "966", kSaMobile, kSaCities, "USD", 6, kSaMale, kSaFemale,
     kSaLast, kNone, "Marhaba"},
    {"AE", "United Arab Emirates", "ar-AE", "971", kAeMobile, kAeCities, "USD", 5, kAeMale,
     kAeFemale, kAeLast, kNone, "Marhaba"},
    {"KW", "Kuwait", "ar-KW", "965", kKwMobile, kKwCities, "USD", 3, kKwMale, kKwFemale, kKwLast,
     kNone, "Marhaba"},
    {"IT", "Italy", "it-IT", "39", kItMobile, kItCities, "EUR", 5, kItMale, kItFemale, kItLast,
     kNone, "Ciao"},
    {"ES", "Spain", "es-ES", "34", kEsMobile, kEsCities, "EUR", 4, kEsMale, kEsFemale, kEsLast,
     kNone, "Hola"},
    {"SE", "Sweden", "sv-SE", "46", kSeMobile, kSeCities, "EUR", 3, kSeMale, kSeFemale, kSeLast,
     kNone, "Hej"},
    {"NO", "Norway", "nb-NO", "47", kNoMobile, kNoCities, "EUR", 2, kNoMale, kNoFemale, kNoLast,
     kNone, "Hei"},
    {"DK", "Denmark", "da-DK", "45", kDkMobile, kDkCities, "EUR", 2, kDkMale, kDkFemale, kDkLast,
     kNone, "Hej"},
    {"PL", "Poland", "pl-PL", "48", kPlMobile, kPlCities, "EUR", 3, kPlMale, kPlFemale, kPlLast,
     kPlLastF, "Cześć"},
    {"RO", "Romania", "ro-RO", "40", kRoMobile, kRoCities, "EUR", 3, kRoMale, kRoFemale, kRoLast,
     kNone, "Bună"},
    {"RU", "Russia", "ru-RU", "7", kRuMobile, kRuCities, "USD", 4, kRuMale, kRuFemale, kRuLast,
     kRuLastF, "Privet"},
    {"TR", "Türkiye", "tr-TR", "90", kTrMobile, kTrCities, "EUR", 0, kTrMale, kTrFemale, kTrLast,
     kNone, "Merhaba"},
};

}  // namespace

std::span<const Country> Countries() { return kCountries; }

std::size_t CountryIndex(std::string_view code) {
  for (std::size_t i = 0; i < std::size(kCountries); ++i) {
    if (kCountries[i].code == code) return i;
  }
  throw std::logic_error("seed: unknown country code " + std::string(code));
}

}  // namespace ref
}  // namespace imedic::seed
