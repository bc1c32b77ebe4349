// The one hidden-layer parser (learn mlp --hidden and study --mlp-hidden).
#include <gtest/gtest.h>

#include "airgrid/learn/mlp_train.h"

namespace airgrid::learn {
namespace {

TEST(ParseHiddenLayers, WidthsOrNone) {
  EXPECT_EQ(*ParseHiddenLayers("16,16"), (std::vector<int>{16, 16}));
  EXPECT_EQ(*ParseHiddenLayers("8"), (std::vector<int>{8}));
  EXPECT_TRUE(ParseHiddenLayers("none")->empty());
}

TEST(ParseHiddenLayers, RefusesWhatTheOldStudyParserAccepted) {
  for (const char* bad : {"16x", "16,,16", "0", "-4", "", "16,", "4097", "1.5"}) {
    auto r = ParseHiddenLayers(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().ExitCode(), 2) << bad;
    EXPECT_NE(r.status().message().find(std::string("'") + bad + "'"), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace airgrid::learn
