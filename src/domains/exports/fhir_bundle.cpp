#include "domains/exports/fhir_bundle.hpp"

#include <string_view>
#include <utility>

#include "core/uuid.hpp"

namespace imedic::exports {

namespace {

using Json = nlohmann::json;

const Json& Rows(const std::map<std::string, Json>& tables, const std::string& name) {
  static const Json empty = Json::array();
  auto it = tables.find(name);
  return it == tables.end() || !it->second.is_array() ? empty : it->second;
}

// A non-empty string member, or "" (FHIR forbids empty strings).
std::string Str(const Json& row, std::string_view key) {
  auto it = row.find(key);
  if (it == row.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// The text of one item of a clinical list: a string as it is; an object by
// its most telling member, else all its members as "key: value".
std::string ItemText(const Json& item) {
  if (item.is_string()) return item.get<std::string>();
  if (!item.is_object()) return item.dump();
  for (const char* key : {"name", "substance", "condition", "medication", "procedure", "text"}) {
    if (std::string s = Str(item, key); !s.empty()) {
      std::string extra;
      for (const auto& [k, v] : item.items()) {
        if (k == key) continue;
        extra += (extra.empty() ? "" : ", ") + k + ": " +
                 (v.is_string() ? v.get<std::string>() : v.dump());
      }
      return extra.empty() ? s : s + " (" + extra + ")";
    }
  }
  std::string all;
  for (const auto& [k, v] : item.items()) {
    all += (all.empty() ? "" : ", ") + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return all;
}

Json Concept(const std::string& text) { return {{"text", text}}; }

class Builder {
 public:
  explicit Builder(std::string generated_at) : generated_at_(std::move(generated_at)) {}

  // Adds `resource` with a fresh id; returns its reference ("urn:uuid:…").
  std::string Add(Json resource) {
    const std::string id = core::NewUuidV4();
    resource["id"] = id;
    std::string url = "urn:uuid:" + id;
    entries_.push_back({{"fullUrl", url}, {"resource", std::move(resource)}});
    return url;
  }

  Json Finish() {
    return {{"resourceType", "Bundle"},
            {"id", core::NewUuidV4()},
            {"type", "collection"},
            {"timestamp", generated_at_},
            {"entry", std::move(entries_)}};
  }

 private:
  std::string generated_at_;
  Json entries_ = Json::array();
};

Json PatientResource(const std::map<std::string, Json>& tables) {
  Json p = {{"resourceType", "Patient"}};
  const Json& users = Rows(tables, "users");
  const Json& profiles = Rows(tables, "user_profiles");
  const Json& patients = Rows(tables, "patient_profiles");
  if (!patients.empty()) {
    if (std::string ref = Str(patients[0], "patient_id"); !ref.empty()) {
      p["identifier"] = Json::array({{{"system", "urn:imedic:patient-id"}, {"value", ref}}});
    }
  }
  if (!profiles.empty()) {
    const Json& u = profiles[0];
    Json name = Json::object();
    if (std::string f = Str(u, "last_name"); !f.empty()) name["family"] = f;
    if (std::string g = Str(u, "first_name"); !g.empty()) name["given"] = Json::array({g});
    if (!name.empty()) p["name"] = Json::array({name});
    const std::string gender = Str(u, "gender");
    if (gender == "male" || gender == "female" || gender == "other") {
      p["gender"] = gender;
    } else if (!gender.empty()) {
      p["gender"] = "unknown";
    }
    if (std::string dob = Str(u, "date_of_birth"); !dob.empty()) p["birthDate"] = dob;
    if (std::string lang = Str(u, "preferred_language"); !lang.empty()) {
      Json coding = {{"system", "urn:ietf:bcp:47"}, {"code", lang}};
      Json language = {{"coding", Json::array({coding})}};
      p["communication"] = Json::array({Json{{"language", language}}});
    }
  }
  if (!users.empty()) {
    Json telecom = Json::array();
    if (std::string e = Str(users[0], "email"); !e.empty()) {
      telecom.push_back({{"system", "email"}, {"value", e}});
    }
    if (std::string t = Str(users[0], "phone_number"); !t.empty()) {
      telecom.push_back({{"system", "phone"}, {"value", t}});
    }
    if (!telecom.empty()) p["telecom"] = std::move(telecom);
  }
  return p;
}

Json SocialHistory() {
  return Json::array(
      {{{"coding",
         Json::array({{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                       {"code", "social-history"}}})}}});
}

}  // namespace

Json BuildFhirBundle(const std::map<std::string, Json>& tables, const std::string& generated_at) {
  Builder b(generated_at);
  const std::string patient = b.Add(PatientResource(tables));
  const Json subject = {{"reference", patient}};
  auto each = [](const Json& row, const char* column, auto&& add) {
    auto it = row.find(column);
    if (it == row.end() || !it->is_array()) return;
    for (const Json& item : *it) {
      if (std::string text = ItemText(item); !text.empty()) add(text);
    }
  };
  for (const Json& h : Rows(tables, "medical_histories")) {
    each(h, "chronic_conditions", [&](const std::string& text) {
      b.Add({{"resourceType", "Condition"}, {"subject", subject}, {"code", Concept(text)}});
    });
    each(h, "allergies", [&](const std::string& text) {
      b.Add(
          {{"resourceType", "AllergyIntolerance"}, {"patient", subject}, {"code", Concept(text)}});
    });
    each(h, "current_medications", [&](const std::string& text) {
      b.Add({{"resourceType", "MedicationStatement"},
             {"status", "active"},
             {"subject", subject},
             {"medicationCodeableConcept", Concept(text)}});
    });
    each(h, "previous_surgeries", [&](const std::string& text) {
      b.Add({{"resourceType", "Procedure"},
             {"status", "completed"},
             {"subject", subject},
             {"code", Concept(text)}});
    });
    if (auto it = h.find("lifestyle_factors"); it != h.end() && it->is_object()) {
      for (const auto& [factor, value] : it->items()) {
        const std::string v = value.is_string() ? value.get<std::string>() : value.dump();
        if (factor.empty() || v.empty()) continue;
        b.Add({{"resourceType", "Observation"},
               {"status", "final"},
               {"category", SocialHistory()},
               {"code", Concept(factor)},
               {"subject", subject},
               {"valueString", v}});
      }
    }
  }
  for (const Json& h : Rows(tables, "hair_loss_profiles")) {
    if (std::string type = Str(h, "hair_loss_type"); !type.empty()) {
      b.Add({{"resourceType", "Condition"},
             {"subject", subject},
             {"code", Concept("hair loss: " + type)}});
    }
    for (const char* scale : {"norwood_scale", "ludwig_scale"}) {
      auto it = h.find(scale);
      if (it == h.end() || !it->is_number_integer()) continue;
      b.Add({{"resourceType", "Observation"},
             {"status", "final"},
             {"code",
              Concept(std::string(scale) == "norwood_scale" ? "Norwood scale" : "Ludwig scale")},
             {"subject", subject},
             {"valueInteger", it->get<int>()}});
    }
    each(h, "previous_treatments", [&](const std::string& text) {
      b.Add({{"resourceType", "Procedure"},
             {"status", "completed"},
             {"subject", subject},
             {"code", Concept("hair loss treatment: " + text)}});
    });
  }
  for (const Json& bk : Rows(tables, "bookings")) {
    if (Str(bk, "status") != "completed") continue;
    Json proc = {{"resourceType", "Procedure"},
                 {"status", "completed"},
                 {"subject", subject},
                 {"code", Concept("procedure of booking " + Str(bk, "booking_reference"))}};
    if (std::string at = Str(bk, "starts_at"); !at.empty()) proc["performedDateTime"] = at;
    b.Add(std::move(proc));
  }
  for (const Json& o : Rows(tables, "procedure_outcomes")) {
    if (auto it = o.find("satisfaction_rating"); it != o.end() && it->is_number_integer()) {
      b.Add({{"resourceType", "Observation"},
             {"status", "final"},
             {"code", Concept("patient satisfaction (1 to 5)")},
             {"subject", subject},
             {"valueInteger", it->get<int>()}});
    }
    if (std::string text = Str(o, "complications"); !text.empty()) {
      b.Add({{"resourceType", "Observation"},
             {"status", "final"},
             {"code", Concept("complications")},
             {"subject", subject},
             {"valueString", text}});
    }
  }
  return b.Finish();
}

}  // namespace imedic::exports
