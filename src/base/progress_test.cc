#include "airgrid/base/progress.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

namespace airgrid {
namespace {

class FakeClock : public Clock {
 public:
  double Now() const override { return now; }
  double now = 100;
};

int CountLines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(ProgressDisplay, LogModePrintsOneLinePerTenPercent) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay p(out, /*terminal=*/false, "trials", &clock);
  p.Start("campaign", 1000, 0);
  for (int i = 1; i <= 1000; ++i) {
    clock.now += 0.01;  // 100 trials/s
    p.Update(i);
  }
  p.Finish();
  const std::string s = out.str();
  EXPECT_EQ(CountLines(s), 10) << s;  // 10%..90% and the final line
  EXPECT_NE(s.find("campaign: 10% (100/1000 trials, 100 trials/s, ETA 9s)"), std::string::npos) << s;
  EXPECT_NE(s.find("campaign: 90% (900/1000 trials"), std::string::npos) << s;
  EXPECT_NE(s.find("campaign: done 1000/1000 trials in 10s (100 trials/s)"), std::string::npos) << s;
  EXPECT_EQ(s.find('\r'), std::string::npos);
}

TEST(ProgressDisplay, LogModeSkipsDecilesJumpedOverAndCountsResumedWork) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay p(out, false, "tuples", &clock);
  p.Start("c", 10, 4);
  clock.now += 2;
  p.Update(7);  // 40% -> 70%: one line, rate counts only the 3 new tuples
  p.Finish();
  const std::string s = out.str();
  EXPECT_NE(s.find("c: resuming at 4/10 tuples (40%)"), std::string::npos) << s;
  EXPECT_NE(s.find("c: 70% (7/10 tuples, 2 tuples/s, ETA 2s)"), std::string::npos) << s;
  EXPECT_EQ(CountLines(s), 3) << s;
}

TEST(ProgressDisplay, TerminalModeRedrawsInPlaceAtMostTenTimesASecond) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay p(out, /*terminal=*/true, "trials", &clock);
  p.Start("run", 100, 0);
  for (int i = 1; i <= 50; ++i) {
    clock.now += 0.01;
    p.Update(i);
  }
  const std::string mid = out.str();
  // Start + one redraw per 0.1 s over 0.5 s.
  EXPECT_EQ(std::count(mid.begin(), mid.end(), '\r'), 6) << mid;
  EXPECT_NE(mid.find("[###############...............]  50% 50/100 trials, 100 trials/s, ETA 1s"),
            std::string::npos)
      << mid;
  EXPECT_EQ(CountLines(mid), 0);
  p.Finish();
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(HumanFormat, CountsAndDurations) {
  EXPECT_EQ(HumanCount(12), "12");
  EXPECT_EQ(HumanCount(123456), "123 k");
  EXPECT_EQ(HumanCount(1.25e6), "1.25 M");
  EXPECT_EQ(HumanDuration(42), "42s");
  EXPECT_EQ(HumanDuration(185), "3m05s");
  EXPECT_EQ(HumanDuration(3720), "1h02m");
  EXPECT_EQ(HumanDuration(NAN), "?");
}

}  // namespace
}  // namespace airgrid
