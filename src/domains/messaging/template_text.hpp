// WhatsApp template bodies: "Hello {{1}}, your visit is on {{2}}." The
// placeholders are numbered from 1 without a gap (Meta refuses others); a
// send gives one value per placeholder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imedic::messaging {

// The number of distinct placeholders, or nullopt when the body's
// placeholders are not {{1}}..{{n}} (a gap, {{0}}, an unclosed "{{").
std::optional<int> TemplateVariableCount(std::string_view body);

// The body with {{i}} replaced by values[i-1] (as the recipient reads it:
// what the messages row keeps). Values must number the placeholders.
std::string RenderTemplate(std::string_view body, const std::vector<std::string>& values);

}  // namespace imedic::messaging
