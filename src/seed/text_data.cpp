// Free texts: notes, reviews, and the scripted message exchanges between
// patients and the care team. Placeholders in braces are filled per row.
#include "seed/reference_data.hpp"

namespace imedic::seed::ref {
namespace {

using SV = std::string_view;

// ---------------------------------------------------------------------------
// Clinical notes.
constexpr SV kHairConsultationNotes[] = {
    "Norwood pattern confirmed on photos; donor density good. Estimated 3,000-3,500 grafts.",
    "Frontal recession with stable crown. Recommends DHI for the hairline, FUE behind it.",
    "Diffuse thinning; advised to continue finasteride before and after surgery.",
    "Donor area limited; realistic expectations discussed, beard donor as a reserve.",
    "Good candidate. Blood tests to be done on arrival; no blood thinners 7 days before.",
    "Patient wants a low hairline; agreed on a conservative, age-appropriate design.",
};
constexpr SV kDentalConsultationNotes[] = {
    "Panoramic X-ray reviewed: two failing crowns, bone sufficient for implants.",
    "Patient wants a brighter smile; veneers on upper and lower 10 teeth proposed.",
    "Bruxism noted; night guard recommended after veneers.",
    "Upper jaw edentulous; All-on-4 planned, sinus anatomy to be checked by CBCT.",
    "Gum inflammation; deep cleaning needed before any cosmetic work.",
    "Two visits needed: preparation and temporaries, then final fitting after 5 days.",
};
constexpr SV kCosmeticConsultationNotes[] = {
    "Dorsal hump and deviated septum; functional rhinoplasty with septoplasty advised.",
    "BMI 27; suitable for liposuction, advised to keep weight stable for 3 months.",
    "Excess upper eyelid skin; lower lids with mild fat herniation.",
    "Implant size discussed with 3D simulation; 325-375 cc round, under the muscle.",
    "Diastasis recti after two pregnancies; full abdominoplasty recommended.",
    "Smoker: must stop 4 weeks before surgery; surgery date depends on it.",
};

constexpr SV kHairProcedureNotes[] = {
    "3,200 grafts extracted with 0.8 mm punches; channels opened with sapphire blades.",
    "DHI with Choi pens, 2,800 grafts; hairline designed and approved before surgery.",
    "4,100 grafts in one session; crown partially covered, second session may follow.",
    "Beard transplant, 2,400 grafts along cheeks and goatee.",
    "Eyebrow transplant, 450 single-hair grafts per side.",
    "2,600 grafts unshaven DHI; graft survival rate estimated high.",
};
constexpr SV kDentalProcedureNotes[] = {
    "20 E.max veneers cemented; occlusion checked and adjusted.",
    "Four Straumann implants placed in the upper jaw; temporary bridge fitted.",
    "Six zirconia crowns on lower premolars and molars.",
    "All-on-4 upper jaw under sedation; immediate loading with acrylic bridge.",
    "In-office whitening, shade improved from A3 to B1.",
    "Two root canals completed, crowns cemented on day 5.",
};
constexpr SV kCosmeticProcedureNotes[] = {
    "Open rhinoplasty with hump reduction and septoplasty; splint for 7 days.",
    "Vaser liposuction of abdomen and flanks, 3.2 litres aspirate.",
    "Dual-plane breast augmentation, 350 cc round implants.",
    "Upper and lower blepharoplasty; sutures out on day 6.",
    "Full abdominoplasty with muscle plication and umbilicoplasty.",
    "BBL with 800 cc fat transfer per side; compression garment fitted.",
};

constexpr SV kHairDoctorNotes[] = {
    "Shock loss possible in weeks 2-8; growth expected from month 3, final at 12 months.",
    "Wash protocol explained; no gym for 2 weeks, no swimming for 1 month.",
    "Continue finasteride; PRP at month 1 recommended.",
    "Donor area healing well; crusts expected to fall by day 10.",
};
constexpr SV kDentalDoctorNotes[] = {
    "Soft food for 48 hours; avoid very hot and cold drinks for a week.",
    "Final crowns on implants after 3-4 months of healing.",
    "Night guard advised to protect veneers.",
    "Control X-ray in 6 months with the local dentist.",
};
constexpr SV kCosmeticDoctorNotes[] = {
    "Keep head elevated for a week; swelling settles over 3-6 months.",
    "Wear the compression garment 6 weeks; lymphatic massage from day 5.",
    "No lifting over 5 kg for 4 weeks; sports bra day and night.",
    "Avoid sitting directly on buttocks for 3 weeks; use the BBL pillow.",
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
constexpr SV kTitles5[] = {"Life-changing!", "Absolutely fantastic", "Five stars all the way",
                           "Highly recommend", "Best decision ever", "Perfect from start to finish"};

constexpr SV kHairReview5[] = {
    "Had my hair transplant here and at six months the hairline already looks natural. The "
    "doctor designed it with me, the team was kind and the hotel was great.",
    "From airport pick-up to the final wash everything was organised. My coordinator answered "
    "every WhatsApp message, even late at night. Growth at month 8 is excellent.",
    "I was nervous but the procedure was painless after the anaesthetic. Twelve months on, I "
    "have my hair back. Cannot thank them enough.",
};
constexpr SV kHairReview4[] = {
    "Very good result on the hairline, the crown is still filling in. Clinic was clean and "
    "professional; the waiting time on the surgery day was long.",
    "Good value for money and friendly staff. The interpreter was really helpful.",
};
constexpr SV kHairReview3[] = {
    "Result is okay but density is lower than I hoped. Aftercare replies became slow after the "
    "first month.",
};
constexpr SV kHairReviewLow[] = {
    "Poor growth after 10 months and the clinic stopped answering. Would not go again.",
    "The surgery felt rushed and the hairline is uneven. Disappointed.",
};
constexpr SV kDentalReview5[] = {
    "My new smile is amazing. The dentist explained every step and the veneers look completely "
    "natural. Saved thousands compared to home.",
    "All-on-4 changed my life, I can eat everything again. Great team and spotless clinic.",
    "Perfect veneers, done in a week as promised. Transfers and hotel were excellent.",
};
constexpr SV kDentalReview4[] = {
    "Crowns look great, a small adjustment was needed on the last day. Friendly team.",
    "Good work on my implants; the schedule shifted once but they handled it well.",
};
constexpr SV kDentalReview3[] = {
    "The teeth look fine but a bit too white for my taste. Communication could be better.",
};
constexpr SV kDentalReviewLow[] = {
    "Two veneers came off within a month and getting it fixed was very hard.",
    "Felt pushed into more treatment than I needed. Not happy.",
};
constexpr SV kCosmeticReview5[] = {
    "My rhinoplasty result is exactly what we planned. The surgeon is an artist and the nurses "
    "were so caring.",
    "Everything was professional: hospital, surgeon, aftercare. I feel confident again.",
    "Had a tummy tuck and lipo, the result is incredible and recovery was smooth.",
};
constexpr SV kCosmeticReview4[] = {
    "Very happy with the result; swelling took longer than expected but the team checked on me.",
    "Great surgeon and clean hospital. The hotel was a bit far from the clinic.",
};
constexpr SV kCosmeticReview3[] = {
    "Result is acceptable, some asymmetry remains. Aftercare was average.",
};
constexpr SV kCosmeticReviewLow[] = {
    "I needed a revision and the clinic was reluctant to help. Disappointing.",
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

constexpr SV kLeadNotes[] = {
    "Asked for a price on WhatsApp, no reply after the quote.",
    "Comparing with two other clinics; price sensitive.",
    "Wants to travel during school holidays.",
    "Prefers a German-speaking coordinator.",
    "Sent photos; doctor estimate pending.",
    "Call back in the evening (time zone difference).",
    "Interested but waiting for a bonus at work.",
    "Friend of a former patient (referral).",
    "Not a candidate: donor area too weak.",
    "Budget below our lowest package.",
    "Chose a clinic at home in the end.",
    "Asked about financing options.",
};

constexpr SV kInsuranceCompanies[] = {"Meridian Travel Health", "BlueHarbor Medical Cover",
                                      "Northstar Assurance", "Aegis Surgical Protect",
                                      "CareVoyage Insurance"};

constexpr SV kCompanies[] = {"Blue Harbor Logistics", "Northwind Analytics",  "Greenfield Foods",
                             "Silverline Consulting", "Brightpath Software",  "Oakridge Builders",
                             "Redwood Retail Group",  "Summit Engineering",   "Cedar Health Partners",
                             "Atlas Freight",         "Lumen Media",          "Harbourview Finance",
                             "Pinecrest Hospitality", "Quantum Energy Services", "Maple Education",
                             "Crescent Trading"};
constexpr SV kJobTitles[] = {"Software Engineer",  "Project Manager",   "Sales Manager",
                             "Nurse",              "Teacher",           "Accountant",
                             "Marketing Director", "Business Owner",    "Electrician",
                             "Operations Manager", "Consultant",        "Police Officer",
                             "Pharmacist",         "Real Estate Agent", "Financial Analyst",
                             "Chef",               "Graphic Designer",  "Civil Engineer"};

constexpr SV kHairInterests[] = {"hair transplant", "hair loss", "FUE", "DHI", "finasteride",
                                 "minoxidil", "beard transplant", "men's grooming"};
constexpr SV kDentalInterests[] = {"veneers", "dental implants", "Hollywood smile",
                                   "teeth whitening", "cosmetic dentistry", "All-on-4"};
constexpr SV kCosmeticInterests[] = {"rhinoplasty", "liposuction", "BBL", "breast augmentation",
                                     "tummy tuck", "plastic surgery", "body contouring"};

// ---------------------------------------------------------------------------
// Message scripts.
constexpr Direction kIn = Direction::kIncoming;
constexpr Direction kOut = Direction::kOutgoing;
constexpr Media kNo = Media::kNone;

constexpr Turn kInquiryA[] = {
    {kIn, "{greeting}, I saw your ad. How much is a {procedure} in Istanbul?", kNo},
    {kOut, "Hello {first}, this is {agent} from the patient team. Thanks for reaching out! "
           "Packages for {procedure} start from {price}, including hotel and transfers.", kNo},
    {kIn, "What does the price include exactly?", kNo},
    {kOut, "Surgery, medication, 3 nights in a 4* hotel, VIP airport transfers and an "
           "interpreter. Could you send a few photos so the doctor can assess?", kNo},
    {kIn, "Sure, here they are.", Media::kImage},
    {kOut, "Thank you! I have passed them to the medical team, you will hear back within "
           "24 hours.", kNo},
    {kIn, "Great, thanks", kNo},
};
constexpr Turn kInquiryB[] = {
    {kIn, "Hi, my friend had surgery with you last year. Is it possible to get a quote?", kNo},
    {kOut, "Hi {first}! Lovely to hear that. Of course. Which treatment are you interested in?",
     kNo},
    {kIn, "{procedure}. I'd like to come in the spring if possible.", kNo},
    {kOut, "Perfect. Spring dates are filling up, so it is good to plan early. May I have "
           "your date of birth and any medical conditions?", kNo},
    {kIn, "I have no health problems, I take no medication.", kNo},
    {kOut, "Thanks {first}. I will prepare a personalised plan with {provider}.", kNo},
};
constexpr Turn kInquiryC[] = {
    {kIn, "Hello, is there someone who speaks my language? My English is not so good", kNo},
    {kOut, "Hello {first}, yes, we have coordinators and interpreters for your language. "
           "How can we help?", kNo},
    {kIn, "Price for {procedure} please", kNo},
    {kOut, "Our packages start from {price}. The final price depends on the doctor's "
           "assessment. Can you share photos?", kNo},
    {kIn, "(voice message)", Media::kAudio},
    {kOut, "Thank you for the voice note, {first}. I will call you tomorrow to explain "
           "everything.", kNo},
};

constexpr Turn kPricingA[] = {
    {kIn, "I got your quote. Why is it cheaper than in my country? Is the quality the same?",
     kNo},
    {kOut, "Great question {first}. Costs in Türkiye are lower, not the standards: {provider} "
           "holds a Ministry of Health licence and international accreditations.", kNo},
    {kIn, "Can I see before and after photos?", kNo},
    {kOut, "Of course, here are some results of patients with a similar case.", Media::kImage},
    {kIn, "Looks good. Is there a payment plan?", kNo},
    {kOut, "You pay a deposit to reserve the date and the rest in Istanbul on the day of "
           "the procedure, by card or cash.", kNo},
    {kIn, "Ok, I will think about it and talk to my family.", kNo},
    {kOut, "Take your time {first}. I am here if you have any questions.", kNo},
};
constexpr Turn kPricingB[] = {
    {kIn, "Hi {agent}, what is the difference between the packages?", kNo},
    {kOut, "The premium package adds a 5* hotel, a private driver and two PRP sessions. "
           "I am sending the brochure.", Media::kDocument},
    {kIn, "Thanks. How long do I need to stay in Istanbul?", kNo},
    {kOut, "For {procedure} we recommend staying about a week, including the check-up before "
           "you fly home.", kNo},
    {kIn, "And when can I go back to work?", kNo},
    {kOut, "Most patients return to office work after 7-10 days. The doctor will confirm "
           "for your case at the consultation.", kNo},
};

constexpr Turn kConsultationA[] = {
    {kOut, "Hi {first}, the doctor at {provider} would like to meet you on a video call. "
           "Does {date} suit you?", kNo},
    {kIn, "Yes, that works. What time?", kNo},
    {kOut, "11:00 Istanbul time. I will send you the link one hour before.", kNo},
    {kIn, "Perfect, thank you", kNo},
    {kOut, "Here is your link. Please have good lighting so the doctor can see clearly.", kNo},
    {kIn, "Joining now", kNo},
    {kOut, "Thank you for your time today {first}. Your personalised treatment plan is "
           "attached.", Media::kDocument},
    {kIn, "Thanks, the doctor was very nice and explained everything.", kNo},
};
constexpr Turn kConsultationB[] = {
    {kIn, "Hi, I need to move my consultation, something came up at work.", kNo},
    {kOut, "No problem {first}. Would {date} be better?", kNo},
    {kIn, "Yes please.", kNo},
    {kOut, "Done, it is rescheduled. You will get a reminder the day before.", kNo},
    {kIn, "Can the doctor also look at my X-ray/photos before the call?", Media::kImage},
    {kOut, "Yes, I have added them to your file for the doctor.", kNo},
};

constexpr Turn kBookingA[] = {
    {kIn, "I have decided, I want to go ahead with {procedure}!", kNo},
    {kOut, "Wonderful news {first}! I have reserved {date} with {provider}. A deposit "
           "secures the date.", kNo},
    {kIn, "How do I pay the deposit?", kNo},
    {kOut, "Here is the secure payment link. Your booking confirmation follows as soon as it "
           "is received.", kNo},
    {kIn, "Paid!", kNo},
    {kOut, "Received, thank you. Your booking is confirmed. Here is your confirmation.",
     Media::kDocument},
    {kIn, "Do I need to prepare anything before?", kNo},
    {kOut, "No alcohol for a week before, no blood thinners, and bring comfortable clothes. "
           "I will send the full checklist.", kNo},
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
    {kOut, "Thanks {first}! Our driver will wait for you at arrivals with your name on a "
           "sign. Your hotel is {hotel}.", kNo},
    {kIn, "Do I need a visa?", kNo},
    {kOut, "Please check the e-Visa requirements for your passport; I can send you an "
           "invitation letter from the clinic if needed.", kNo},
    {kIn, "Great. Is it possible to bring my partner?", kNo},
    {kOut, "Of course, the room is a double and your partner's transfers are included.", kNo},
};
constexpr Turn kTravelB[] = {
    {kOut, "Hi {first}, a reminder that your procedure is on {date}. Please share your "
           "flight details for the transfer.", kNo},
    {kIn, "Landing at 14:35, flight number is on the ticket.", Media::kDocument},
    {kOut, "Noted. The driver will track the flight, so no worries about delays.", kNo},
    {kIn, "How much cash should I bring?", kNo},
    {kOut, "Cards are accepted at the clinic; a little cash for taxis and tips is enough.",
     kNo},
    {kIn, "Landed! Where is the driver?", kNo},
    {kOut, "Welcome to Istanbul! He is at gate 8 holding a sign with your name.", kNo},
};

constexpr Turn kProcedureA[] = {
    {kOut, "Good morning {first}! Your driver picks you up at 08:00 for the clinic. "
           "Please have a light breakfast.", kNo},
    {kIn, "I'm a bit nervous", kNo},
    {kOut, "Completely normal. The team will take great care of you, and your interpreter "
           "will be with you all day.", kNo},
    {kIn, "All done! Feeling ok, a bit tired.", kNo},
    {kOut, "Well done {first}! Rest tonight and take the medication as prescribed. The "
           "nurse will see you tomorrow.", kNo},
    {kIn, "Here is a photo from today", Media::kImage},
    {kOut, "Looks exactly as expected. Keep your head elevated when sleeping.", kNo},
};
constexpr Turn kProcedureB[] = {
    {kIn, "Is it normal that there is some swelling on day 2?", kNo},
    {kOut, "Yes, swelling peaks on days 2-4 and then goes down. Keep using the cold packs.",
     kNo},
    {kIn, "Ok thanks. What time is the check tomorrow?", kNo},
    {kOut, "10:30 at {provider}. The driver will pick you up at 10:00.", kNo},
};

constexpr Turn kRecoveryA[] = {
    {kOut, "Hi {first}, how are you feeling after arriving home?", kNo},
    {kIn, "Good! Still a bit of redness but no pain.", kNo},
    {kOut, "Glad to hear it. Please send photos on day 7 so the doctor can check healing.",
     kNo},
    {kIn, "Day 7 photos", Media::kImage},
    {kOut, "The doctor says healing is perfect. You can start gentle washing as shown in the "
           "guide.", kNo},
    {kIn, "Thank you, the team has been amazing", kNo},
};
constexpr Turn kRecoveryB[] = {
    {kIn, "I have some itching, is that a problem?", kNo},
    {kOut, "Itching is a normal part of healing. Use the lotion from your kit and avoid "
           "scratching.", kNo},
    {kIn, "When can I go to the gym?", kNo},
    {kOut, "Light walks now, the gym after 2 weeks and swimming after a month.", kNo},
};

constexpr Turn kFollowUpA[] = {
    {kOut, "Hi {first}! It has been a while since your {procedure}. How are the results?",
     kNo},
    {kIn, "Really happy, here is a photo", Media::kImage},
    {kOut, "Fantastic progress! Would you mind leaving a short review? It helps other "
           "patients a lot.", kNo},
    {kIn, "Of course, done!", kNo},
    {kOut, "Thank you {first}. Remember we are here if you need anything.", kNo},
};
constexpr Turn kFollowUpB[] = {
    {kOut, "Hello {first}, time for your follow-up photos. Front, top and both sides please.",
     kNo},
    {kIn, "Here you go", Media::kImage},
    {kOut, "Thanks! The doctor will review them this week.", kNo},
    {kIn, "Is it normal that the growth is slower on one side?", kNo},
    {kOut, "Yes, growth is often uneven until month 9-12. The doctor will comment on your "
           "photos.", kNo},
    {kIn, "Ok, thanks for checking in", kNo},
};

constexpr Script kInquiryScripts[] = {kInquiryA, kInquiryB, kInquiryC};
constexpr Script kPricingScripts[] = {kPricingA, kPricingB};
constexpr Script kConsultationScripts[] = {kConsultationA, kConsultationB};
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
Names ProcedureNotes(Category c) {
  if (c == Category::kHair) return kHairProcedureNotes;
  if (c == Category::kDental) return kDentalProcedureNotes;
  return kCosmeticProcedureNotes;
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
    return rating >= 5 ? Names(kHairReview5)
           : rating == 4 ? Names(kHairReview4)
           : rating == 3 ? Names(kHairReview3)
                         : Names(kHairReviewLow);
  }
  if (c == Category::kDental) {
    return rating >= 5 ? Names(kDentalReview5)
           : rating == 4 ? Names(kDentalReview4)
           : rating == 3 ? Names(kDentalReview3)
                         : Names(kDentalReviewLow);
  }
  return rating >= 5 ? Names(kCosmeticReview5)
         : rating == 4 ? Names(kCosmeticReview4)
         : rating == 3 ? Names(kCosmeticReview3)
                       : Names(kCosmeticReviewLow);
}
Names SpecialInstructions() { return kSpecialInstructions; }
Names FollowUpNotes() { return kFollowUpNotes; }
Names FollowUpResponses() { return kFollowUpResponses; }
Names LeadNotes() { return kLeadNotes; }
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
    case Topic::kBooking: return kBookingScripts;
    case Topic::kTravel: return kTravelScripts;
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
    case Topic::kBooking: return "Booking confirmation";
    case Topic::kTravel: return "Your trip to Istanbul";
    case Topic::kProcedureDay: return "Your procedure day";
    case Topic::kRecovery: return "Aftercare instructions";
    case Topic::kFollowUp: return "How are you doing?";
  }
  return "Your enquiry";
}

}  // namespace imedic::seed::ref
