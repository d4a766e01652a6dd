// Patient profiles and the medical records hanging off them.
// Which columns are encrypted, and why: docs/encryption.md.

#include "domains/patients/resources.hpp"

#include "core/validate/json_shapes.hpp"
#include "records/common_fields.hpp"
#include "records/json_shapes.hpp"

namespace imedic::patients {

namespace {

namespace shapes = core::validate;

using records::Access;
using records::CheckClinicalList;
using records::CheckDocument;
using records::CheckFileRefs;
using records::CheckFlatObject;
using records::ClinicalListSchema;
using records::DocumentSchema;
using records::Field;
using records::FieldType;
using records::FileRefsSchema;
using records::FlatObjectSchema;
using records::IdField;
using records::OwnerField;
using records::Resource;
using records::TimeField;

// A free-text clinical note: encrypted, so neither filterable nor sortable.
Field NoteField(std::string_view name, std::string_view description) {
  return {.name = name, .max_len = 5000, .encrypted = true, .description = description};
}

Field ClinicalList(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kJson,
          .nullable = false,
          .shape = CheckClinicalList,
          .shape_schema = ClinicalListSchema,
          .default_json = "[]",
          .encrypted = true,
          .description = description};
}

}  // namespace

const Resource& PatientProfileResource() {
  static const Resource r{
      .name = "PatientProfile",
      .table = "patient_profiles",
      .description = "A patient: what they want treated, budget, timeline and travel needs",
      .fields = {
          IdField(),
          OwnerField("user_id", "The patient's user account"),
          {.name = "patient_id",
           .access = Access::kServer,
           .nullable = false,
           .filterable = true,
           .description = "Human reference, PAT-YYYY-NNNNNN"},
          {.name = "medical_condition",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 100,
           .filterable = true,
           .sortable = true,
           .description = "Primary condition (e.g. hair_loss, missing_teeth)"},
          {.name = "procedure_interest",
           .type = FieldType::kStringArray,
           .max_len = 100,
           .max_items = 10,
           .filterable = true,
           .description = "Procedures of interest"},
          {.name = "budget_range",
           .max_len = 20,
           .values = {"<$1k", "$1k-3k", "$3k-5k", "$5k-10k", "$10k-20k", "$20k+"},
           .filterable = true,
           .description = "Budget in US dollars"},
          {.name = "preferred_timeline",
           .max_len = 20,
           .values = {"immediate", "1-3_months", "3-6_months", "6-12_months", "flexible"},
           .filterable = true,
           .description = "When the patient wants to travel"},
          {.name = "travel_preferences",
           .type = FieldType::kJson,
           .shape = shapes::CheckTravelPreferences,
           .shape_schema = shapes::TravelPreferencesSchema,
           .description = "Travel preferences"},
          {.name = "emergency_contact",
           .type = FieldType::kJson,
           .shape = shapes::CheckEmergencyContact,
           .shape_schema = shapes::EmergencyContactSchema,
           .encrypted = true,
           .description = "Emergency contact (name, phone, relationship)"},
          {.name = "insurance_info",
           .type = FieldType::kJson,
           .shape = CheckDocument,
           .shape_schema = DocumentSchema,
           .encrypted = true,
           .description = "Insurance details (insurer, policy number, cover)"},
          TimeField("created_at", "When the profile was created"),
          TimeField("updated_at", "When the profile last changed"),
      }};
  return r;
}

const Resource& MedicalHistoryResource() {
  static const Resource r{
      .name = "MedicalHistory",
      .table = "medical_histories",
      .description = "A patient's medical background, encrypted at rest",
      .fields = {
          IdField(),
          OwnerField("patient_profile_id", "The patient"),
          ClinicalList("current_medications", "Medications taken now"),
          ClinicalList("allergies", "Allergies"),
          ClinicalList("chronic_conditions", "Chronic conditions"),
          ClinicalList("previous_surgeries", "Previous surgeries"),
          ClinicalList("family_medical_history", "Conditions in the family"),
          {.name = "lifestyle_factors",
           .type = FieldType::kJson,
           .nullable = false,
           .shape = CheckFlatObject,
           .shape_schema = FlatObjectSchema,
           .default_json = "{}",
           .encrypted = true,
           .description = "Smoking, alcohol, exercise, diet"},
          NoteField("additional_notes", "Anything else the clinician should know"),
          {.name = "last_updated_by",
           .access = Access::kServer,
           .values = {"patient", "doctor", "system"},
           .description = "Who changed the history last (set from the caller's role)"},
          TimeField("created_at", "When the history was created"),
          TimeField("updated_at", "When the history last changed"),
      }};
  return r;
}

const Resource& HairLossProfileResource() {
  static const Resource r{
      .name = "HairLossProfile",
      .table = "hair_loss_profiles",
      .description = "Hair-loss assessment: coded stages stay queryable, free text is encrypted",
      .fields = {
          IdField(),
          OwnerField("patient_profile_id", "The patient"),
          {.name = "hair_loss_type",
           .max_len = 40,
           .values = {"male_pattern", "female_pattern", "alopecia_areata", "traction_alopecia",
                      "scarring_alopecia", "diffuse_thinning", "telogen_effluvium", "other"},
           .filterable = true,
           .description = "Type of hair loss"},
          {.name = "norwood_scale",
           .type = FieldType::kInt,
           .min = 1,
           .max = 7,
           .filterable = true,
           .description = "Norwood stage 1-7 (male pattern)"},
          {.name = "ludwig_scale",
           .type = FieldType::kInt,
           .min = 1,
           .max = 3,
           .filterable = true,
           .description = "Ludwig stage 1-3 (female pattern)"},
          {.name = "hair_loss_duration",
           .max_len = 30,
           .values = {"less_than_1_year", "1_2_years", "3_5_years", "5_10_years",
                      "more_than_10_years"},
           .filterable = true,
           .description = "How long the hair loss has gone on"},
          ClinicalList("previous_treatments", "Treatments tried (finasteride, PRP, ...)"),
          {.name = "donor_area_quality",
           .max_len = 20,
           .values = {"excellent", "good", "fair", "poor"},
           .filterable = true,
           .description = "Donor area quality"},
          NoteField("expectations", "What the patient hopes for"),
          {.name = "photos",
           .type = FieldType::kJson,
           .nullable = false,
           .shape = CheckFileRefs,
           .shape_schema = FileRefsSchema,
           .default_json = "[]",
           .encrypted = true,
           .description = "Ids of uploaded photos (POST /patients/{id}/files)"},
          TimeField("created_at", "When the profile was created"),
          TimeField("updated_at", "When the profile last changed"),
      }};
  return r;
}

}  // namespace imedic::patients
