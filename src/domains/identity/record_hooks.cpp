#include "domains/identity/record_hooks.hpp"

namespace imedic::identity {

std::string LiveUserInScope(std::vector<records::Arg>& args) {
  using records::Arg;
  const std::string key = records::Placeholder(args, Arg::kKey);
  const std::string caller = records::Placeholder(args, Arg::kCaller);
  const std::string scope = records::Placeholder(args, Arg::kScope);
  return "EXISTS (SELECT 1 FROM users u WHERE u.id = " + key +
         "::uuid AND u.deleted IS NOT TRUE AND (u.id = " + caller + "::uuid OR " + scope +
         "::text = 'all'))";
}

}  // namespace imedic::identity
