#include "airgrid/measure/proc.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::TempTree;

TEST(ProcStat, ReadsTheAggregateCpuLineInSeconds) {
  TempTree t;
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  // user nice system idle iowait irq softirq steal
  t.Write("stat", "cpu  100 10 50 800 20 5 5 10\ncpu0 1 2 3 4\n");
  auto s = ReadProcStat(t.root());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_DOUBLE_EQ(s->busy_s, 180 / hz);
  EXPECT_DOUBLE_EQ(s->total_s, 1000 / hz);
}

// Regression (issue 10): an unreadable /proc/stat gave 0 busy seconds, as if measured.
TEST(CpuProbes, ReadErrorsAreErrorsNamingThePath) {
  TempTree t;
  const std::string missing = t.root() + "/no-such-proc";
  SelfCpuProbe self(missing);
  auto machine = self.MachineCpuSeconds();
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().message(), "cannot open " + missing + "/stat: No such file or directory");
  EXPECT_TRUE(self.TrackedCpuSeconds().ok());  // getrusage needs no /proc

  TreeCpuProbe tree(getpid(), missing);
  auto tracked = tree.TrackedCpuSeconds();
  ASSERT_FALSE(tracked.ok());
  EXPECT_EQ(tracked.status().message().rfind(missing + ": cannot be listed: ", 0), 0u) << tracked.status().message();
  EXPECT_LT(tree.TrackedMemoryBytes(), 0);  // unknown, not 0 bytes
  EXPECT_FALSE(tree.MachineCpuSeconds().ok());
}

TEST(CpuProbes, TreeWalksAFakeProcForTheRootAndItsDescendants) {
  TempTree t;
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  // pid (comm) state ppid, 9 fields, then utime stime cutime cstime.
  t.Write("10/stat", "10 (root) S 1 0 0 0 0 0 0 0 0 0 100 50 0 0\n");
  t.Write("11/stat", "11 (child a) S 10 0 0 0 0 0 0 0 0 0 30 20 0 0\n");
  t.Write("12/stat", "12 (other) S 1 0 0 0 0 0 0 0 0 0 999 999 0 0\n");
  TreeCpuProbe tree(10, t.root());
  auto s = tree.TrackedCpuSeconds();
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_DOUBLE_EQ(*s, 200 / hz);  // root 150 + child 50 ticks; pid 12 is not in the tree
}

}  // namespace
}  // namespace airgrid::measure
