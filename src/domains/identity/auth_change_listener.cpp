#include "domains/identity/auth_change_listener.hpp"

#include <utility>

namespace imedic::identity {

AuthChangeListener::AuthChangeListener(std::string conninfo, SessionCache& cache)
    : listener_(std::move(conninfo), kAuthChannel, "auth_listener",
                {// Connected: what was missed before LISTEN took effect is
                 // forgotten (enabling empties the cache).
                 .up = [&cache] { cache.SetEnabled(true); },
                 .down = [&cache] { cache.SetEnabled(false); },
                 .apply =
                     [&cache](std::string_view payload) {
                       if (payload == "*") {
                         cache.EvictAll();
                       } else {
                         cache.EvictUser(payload);
                       }
                     }}) {}

}  // namespace imedic::identity
