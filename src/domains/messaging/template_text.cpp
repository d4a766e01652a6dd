#include "domains/messaging/template_text.hpp"

#include <set>

namespace imedic::messaging {

namespace {

// At `pos` (just after "{{"): the number and the position after "}}", or
// nullopt when it is not a placeholder.
std::optional<std::pair<int, std::size_t>> Placeholder(std::string_view body, std::size_t pos) {
  int n = 0;
  std::size_t i = pos;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9' && i - pos < 3) {
    n = n * 10 + (body[i] - '0');
    ++i;
  }
  if (i == pos || i + 1 >= body.size() || body[i] != '}' || body[i + 1] != '}') {
    return std::nullopt;
  }
  return std::make_pair(n, i + 2);
}

}  // namespace

std::optional<int> TemplateVariableCount(std::string_view body) {
  std::set<int> seen;
  for (std::size_t pos = body.find("{{"); pos != std::string_view::npos;
       pos = body.find("{{", pos)) {
    auto p = Placeholder(body, pos + 2);
    if (!p || p->first < 1) return std::nullopt;
    seen.insert(p->first);
    pos = p->second;
  }
  if (!seen.empty() && *seen.rbegin() != static_cast<int>(seen.size())) return std::nullopt;
  return static_cast<int>(seen.size());
}

std::string RenderTemplate(std::string_view body, const std::vector<std::string>& values) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t pos = body.find("{{"); pos != std::string_view::npos;
       pos = body.find("{{", from)) {
    auto p = Placeholder(body, pos + 2);
    out.append(body.substr(from, pos - from));
    if (p && p->first >= 1 && static_cast<std::size_t>(p->first) <= values.size()) {
      out += values[static_cast<std::size_t>(p->first - 1)];
      from = p->second;
    } else {
      out += "{{";
      from = pos + 2;
    }
  }
  out.append(body.substr(from));
  return out;
}

}  // namespace imedic::messaging
