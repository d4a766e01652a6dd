// The text of an outbox message that carries no ready-made text (the
// identity codes, reminders: their payload is the template's data): the
// template's name as a heading, then one "name: value" line per field.
// A stand-in until a template registry renders messages per language.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace imedic::messaging {

// "phone_verification", {"code":"123456"} → "Phone verification\ncode: 123456"
std::string RenderPlainText(const std::string& template_name, const nlohmann::json& payload);

// The payload's "text" (or "body") when it is a string, else RenderPlainText.
std::string MessageText(const std::string& template_name, const nlohmann::json& payload);

}  // namespace imedic::messaging
