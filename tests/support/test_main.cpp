// main() of every integration suite: libsodium initialised, the shared
// cluster stopped at the end however the tests went.
#include <gtest/gtest.h>

#include "core/log.hpp"
#include "core/random.hpp"
#include "support/test_database.hpp"

namespace {
class ClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { imedic::testing::ShutdownSharedCluster(); }
};
}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  imedic::core::InitCrypto();
  imedic::core::log::SetLevel("warn");  // keep the test output readable
  ::testing::AddGlobalTestEnvironment(new ClusterEnvironment);
  return RUN_ALL_TESTS();
}
