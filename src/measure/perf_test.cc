#include <cerrno>
#include <map>

#include <gtest/gtest.h>

#include "airgrid/measure/sources.h"
#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::TempTree;

// Counters whose values the test sets; Open can be made to fail with an errno.
class FakeOpener : public PerfCounterOpener {
 public:
  int Open(uint32_t type, uint64_t config, int cpu) override {
    if (fail_errno) return -fail_errno;
    opened.push_back({type, config, cpu});
    return static_cast<int>(opened.size()) - 1;
  }
  bool Read(int handle, uint64_t* value) override {
    *value = values[handle];
    return true;
  }
  void Close(int handle) override { closed.push_back(handle); }

  struct Opened { uint32_t type; uint64_t config; int cpu; };
  std::vector<Opened> opened;
  std::map<int, uint64_t> values;
  std::vector<int> closed;
  int fail_errno = 0;
};

void PowerPmu(const TempTree& t) {
  t.Write("power/type", "23\n");
  t.Write("power/cpumask", "0,32\n");
  t.Write("power/events/energy-pkg", "event=0x02\n");
  t.Write("power/events/energy-pkg.scale", "2.3283064365386962890625e-10\n");
  t.Write("power/events/energy-ram", "event=0x03\n");
  t.Write("power/events/energy-ram.scale", "2.3283064365386962890625e-10\n");
  t.Write("paranoid", "2\n");
}

TEST(Perf, OpensPkgAndRamPerSocketAndScales) {
  TempTree t;
  PowerPmu(t);
  auto opener = std::make_shared<FakeOpener>();
  PerfOptions o;
  o.root = t.root() + "/power";
  o.opener = opener;
  auto r = OpenPerf(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EnergySource& s = **r;
  ASSERT_EQ(s.channels().size(), 4u);  // pkg×2 sockets, ram×2
  EXPECT_EQ(opener->opened[0].type, 23u);
  EXPECT_EQ(opener->opened[0].config, 2u);
  EXPECT_EQ(opener->opened[1].cpu, 32);
  EXPECT_EQ(opener->opened[2].config, 3u);
  EXPECT_EQ(s.channels()[0].method, "measured:perf");
  EXPECT_EQ(s.channels()[2].component, Component::kDram);
  opener->values[0] = 10ULL << 32;  // 10 J in 2^-32 J units
  opener->values[3] = 3ULL << 31;   // 1.5 J
  std::vector<double> j;
  ASSERT_TRUE(s.Sample(&j).ok());
  EXPECT_DOUBLE_EQ(j[0], 10.0);
  EXPECT_DOUBLE_EQ(j[1], 0.0);
  EXPECT_DOUBLE_EQ(j[3], 1.5);
}

TEST(Perf, PermissionDeniedSaysParanoidLevel) {
  TempTree t;
  PowerPmu(t);
  auto opener = std::make_shared<FakeOpener>();
  opener->fail_errno = EACCES;
  PerfOptions o;
  o.root = t.root() + "/power";
  o.paranoid_path = t.root() + "/paranoid";
  o.opener = opener;
  auto r = OpenPerf(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("perf_event_paranoid <= 0; it is 2"), std::string::npos) << r.status().message();
}

TEST(Perf, NoPmuSaysWhy) {
  PerfOptions o;
  o.root = "/nonexistent/power";
  auto r = OpenPerf(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no RAPL perf PMU"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::measure
