// The session cache's rules, with a hand-driven clock: lifetimes, the
// inactivity timeout, eviction by user, and loads that raced an invalidation.
#include "domains/identity/session_cache.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace imedic::identity {
namespace {

using namespace std::chrono_literals;
using Clock = SessionCache::Clock;

core::Principal User(std::string id) {
  core::Principal p;
  p.user_id = std::move(id);
  p.roles = {"patient"};
  p.permissions = {"patients.read"};
  return p;
}

TokenLifetime Session(std::chrono::milliseconds expires_in, std::chrono::seconds idle = 1800s) {
  return {expires_in, idle};
}

class SessionCacheTest : public ::testing::Test {
 protected:
  SessionCacheTest() { cache_.SetEnabled(true); }
  SessionCache cache_{{.capacity = 3, .max_age = 60s, .invalidation_memory = 4}};
  Clock::time_point t0_ = Clock::now();
};

TEST_F(SessionCacheTest, AnswersAStoredTokenUntilItsSessionExpires) {
  EXPECT_FALSE(cache_.Find("h1", t0_));
  cache_.Store(cache_.Ticket(), "h1", User("u1"), Session(10s), t0_);
  auto found = cache_.Find("h1", t0_ + 9s);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, "u1");
  EXPECT_EQ(found->permissions, std::vector<std::string>{"patients.read"});
  EXPECT_FALSE(cache_.Find("h1", t0_ + 10s)) << "the session's absolute expiry";
  EXPECT_FALSE(cache_.Find("h1", t0_ + 9s)) << "an expired entry is gone";
  auto s = cache_.Stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 3u);
  EXPECT_EQ(s.entries, 0u);
}

TEST_F(SessionCacheTest, TokensSharingRolesKeepTheirOwnIdentity) {
  core::Principal a = User("ua"), b = User("ub");
  a.session_id = "sa";
  a.patient_profile_id = "pa";
  b.session_id = "sb";
  b.provider_ids = {"clinic-1"};
  b.permissions.emplace_back("providers.write");  // other grants: interned apart
  cache_.Store(cache_.Ticket(), "ha", a, Session(1h), t0_);
  cache_.Store(cache_.Ticket(), "hb", b, Session(1h), t0_);
  cache_.Store(cache_.Ticket(), "ha2", User("ua"), Session(1h), t0_);
  auto fa = cache_.Find("ha", t0_);
  auto fb = cache_.Find("hb", t0_);
  auto fa2 = cache_.Find("ha2", t0_);
  ASSERT_TRUE(fa && fb && fa2);
  EXPECT_EQ(fa->user_id, "ua");
  EXPECT_EQ(fa->session_id, "sa");
  EXPECT_EQ(fa->patient_profile_id, "pa");
  EXPECT_TRUE(fa->provider_ids.empty());
  EXPECT_EQ(fa->permissions, std::vector<std::string>{"patients.read"});
  EXPECT_EQ(fb->user_id, "ub");
  EXPECT_EQ(fb->provider_ids, std::vector<std::string>{"clinic-1"});
  EXPECT_EQ(fb->permissions, (std::vector<std::string>{"patients.read", "providers.write"}));
  EXPECT_FALSE(fa2->patient_profile_id);
}

TEST_F(SessionCacheTest, AsksTheDatabaseAgainAfterMaxAge) {
  cache_.Store(cache_.Ticket(), "h1", User("u1"), Session(std::chrono::hours(12)), t0_);
  EXPECT_TRUE(cache_.Find("h1", t0_ + 59s));
  EXPECT_FALSE(cache_.Find("h1", t0_ + 60s));
}

TEST_F(SessionCacheTest, AnApiTokenWithoutExpiryLivesForMaxAge) {
  cache_.Store(cache_.Ticket(), "t1", User("u1"), {std::chrono::milliseconds::max(), std::nullopt},
               t0_);
  EXPECT_TRUE(cache_.Find("t1", t0_ + 59s));
  EXPECT_FALSE(cache_.Find("t1", t0_ + 61s));
}

TEST_F(SessionCacheTest, InactivityEndsAnEntryAndUseKeepsItAlive) {
  cache_.Store(cache_.Ticket(), "h1", User("u1"), Session(1h, 20s), t0_);
  EXPECT_TRUE(cache_.Find("h1", t0_ + 15s));
  EXPECT_TRUE(cache_.Find("h1", t0_ + 30s)) << "used 15 s ago";
  EXPECT_FALSE(cache_.Find("h1", t0_ + 51s)) << "idle for 21 s";
}

TEST_F(SessionCacheTest, EvictUserDropsEveryTokenOfThatUserOnly) {
  const auto ticket = cache_.Ticket();
  cache_.Store(ticket, "a1", User("a"), Session(1h), t0_);
  cache_.Store(ticket, "a2", User("a"), Session(1h), t0_);
  cache_.Store(ticket, "b1", User("b"), Session(1h), t0_);
  cache_.EvictUser("a");
  EXPECT_FALSE(cache_.Find("a1", t0_));
  EXPECT_FALSE(cache_.Find("a2", t0_));
  EXPECT_TRUE(cache_.Find("b1", t0_));
  EXPECT_EQ(cache_.Stats().evicted, 2u);
  cache_.EvictAll();
  EXPECT_FALSE(cache_.Find("b1", t0_));
}

TEST_F(SessionCacheTest, ALoadThatRacedAnInvalidationOfItsUserIsNotStored) {
  const auto ticket = cache_.Ticket();  // the database read starts
  cache_.EvictUser("a");                // meanwhile a's roles change
  cache_.Store(ticket, "a1", User("a"), Session(1h), t0_);
  EXPECT_FALSE(cache_.Find("a1", t0_)) << "what was read may predate the change";
  cache_.Store(ticket, "b1", User("b"), Session(1h), t0_);
  EXPECT_TRUE(cache_.Find("b1", t0_)) << "another user's change does not matter";
  const auto before_all = cache_.Ticket();
  cache_.EvictAll();
  cache_.Store(before_all, "c1", User("c"), Session(1h), t0_);
  EXPECT_FALSE(cache_.Find("c1", t0_));
}

TEST_F(SessionCacheTest, WhenTheRememberedInvalidationsDoNotReachBackTheLoadIsRefused) {
  const auto ticket = cache_.Ticket();
  for (int i = 0; i < 6; ++i) cache_.EvictUser("other" + std::to_string(i));  // memory is 4
  cache_.Store(ticket, "a1", User("a"), Session(1h), t0_);
  EXPECT_FALSE(cache_.Find("a1", t0_));
  EXPECT_GE(cache_.Stats().refused, 1u);
}

TEST_F(SessionCacheTest, DisabledFindsAndStoresNothing) {
  cache_.Store(cache_.Ticket(), "h1", User("u1"), Session(1h), t0_);
  cache_.SetEnabled(false);
  EXPECT_FALSE(cache_.Find("h1", t0_));
  cache_.Store(cache_.Ticket(), "h2", User("u2"), Session(1h), t0_);
  cache_.SetEnabled(true);
  EXPECT_FALSE(cache_.Find("h1", t0_)) << "re-enabling starts empty";
  EXPECT_FALSE(cache_.Find("h2", t0_));
}

TEST_F(SessionCacheTest, AFullCacheMakesRoomFromExpiredEntriesOrStoresNothing) {
  const auto ticket = cache_.Ticket();
  cache_.Store(ticket, "h1", User("u1"), Session(5s), t0_);
  cache_.Store(ticket, "h2", User("u2"), Session(1h), t0_);
  cache_.Store(ticket, "h3", User("u3"), Session(1h), t0_);
  cache_.Store(ticket, "h4", User("u4"), Session(1h), t0_ + 2s);
  EXPECT_FALSE(cache_.Find("h4", t0_ + 2s)) << "full, nothing expired";
  cache_.Store(ticket, "h5", User("u5"), Session(1h), t0_ + 10s);
  EXPECT_TRUE(cache_.Find("h5", t0_ + 10s)) << "h1 expired and made room";
  EXPECT_EQ(cache_.Stats().entries, 3u);
}

TEST(SessionCacheClock, TheInjectedClockTimesExpiryAndInactivity) {
  core::ManualClock clock;
  SessionCache cache({.capacity = 3, .max_age = 60s}, clock);
  cache.SetEnabled(true);
  cache.Store(cache.Ticket(), "h1", User("u1"), Session(45s, 20s));
  clock.Advance(15s);
  EXPECT_TRUE(cache.Find("h1"));
  clock.Advance(15s);
  EXPECT_TRUE(cache.Find("h1")) << "used 15 s ago";
  clock.Advance(15s);
  EXPECT_FALSE(cache.Find("h1")) << "the session's absolute expiry, 45 s";
  cache.Store(cache.Ticket(), "h2", User("u2"), Session(1h, 20s));
  clock.Advance(21s);
  EXPECT_FALSE(cache.Find("h2")) << "idle for 21 s";
}

}  // namespace
}  // namespace imedic::identity
