#include "domains/messaging/channels/plain_text.hpp"

namespace imedic::messaging {

std::string RenderPlainText(const std::string& template_name, const nlohmann::json& payload) {
  std::string text = template_name;
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  if (!payload.is_object()) return text;
  for (const auto& [key, value] : payload.items()) {
    text += '\n';
    text += key;
    text += ": ";
    text += value.is_string() ? value.get<std::string>() : value.dump();
  }
  return text;
}

std::string MessageText(const std::string& template_name, const nlohmann::json& payload) {
  for (const char* key : {"text", "body"}) {
    if (payload.is_object() && payload.contains(key) && payload[key].is_string()) {
      return payload[key].get<std::string>();
    }
  }
  return RenderPlainText(template_name, payload);
}

}  // namespace imedic::messaging
