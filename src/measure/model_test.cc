#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "airgrid/measure/sources.h"
#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::FakeClock;
using testing::TempTree;

TEST(LoadCurve, HitsItsPointsAndInterpolates) {
  EXPECT_DOUBLE_EQ(LoadCurve(0.0), 0.12);
  EXPECT_DOUBLE_EQ(LoadCurve(0.10), 0.32);
  EXPECT_DOUBLE_EQ(LoadCurve(0.50), 0.75);
  EXPECT_DOUBLE_EQ(LoadCurve(1.00), 1.02);
  EXPECT_DOUBLE_EQ(LoadCurve(0.05), 0.22);
  EXPECT_DOUBLE_EQ(LoadCurve(0.75), 0.885);
  EXPECT_DOUBLE_EQ(LoadCurve(-1), 0.12);
  EXPECT_DOUBLE_EQ(LoadCurve(2), 1.02);
}

TEST(CpuTable, MatchesBrandStrings) {
  const auto& t = BuiltinCpuTdpTable();
  ASSERT_GT(t.size(), 30u);
  const CpuTdpRow* r = MatchCpu(t, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->model, "Intel Xeon Gold 6248");
  EXPECT_EQ(r->tdp_w, 150);
  r = MatchCpu(t, "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->model, "Intel Xeon Gold 6248R");
  r = MatchCpu(t, "AMD EPYC 7763 64-Core Processor");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tdp_w, 280);
  EXPECT_EQ(MatchCpu(t, "AMD EPYC"), nullptr);            // a VM hiding the model number
  EXPECT_EQ(MatchCpu(t, "AMD EPYC 77630"), nullptr);      // no partial-number match
  EXPECT_EQ(MatchCpu(t, "Intel Core i7-12700K"), nullptr);  // K is another part (125 W)
}

TEST(CpuTable, ParseErrorsNameLineAndField) {
  auto r = ParseCpuTdpTable("model,tdp_w,cores,threads,source\nX,abc,1,2,s\n", "t.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "t.csv: line 2: field tdp_w: expected a positive number of watts, got 'abc'");
  r = ParseCpuTdpTable("model,tdp\n", "t.csv");
  ASSERT_FALSE(r.ok());
}

// The tables are read by base's CSV reader in the table dialect: comments, trimmed fields,
// quotes; an unterminated quote names the file and the line where the field starts.
TEST(CpuTable, ParsesCommentsTrimmedFieldsAndQuotes) {
  auto r = ParseCpuTdpTable("# user table\nmodel, tdp_w, cores, threads, source\n"
                            "\"Xeon, lab box\" , 95 , 8 , 16 , \"vendor sheet\"\n", "t.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].model, "Xeon, lab box");
  EXPECT_EQ((*r)[0].tdp_w, 95);
  EXPECT_EQ((*r)[0].threads, 16);
  EXPECT_EQ((*r)[0].source, "vendor sheet");
  r = ParseCpuTdpTable("model,tdp_w,cores,threads,source\n\"X,95,8,16,s\n", "t.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "t.csv:2: unterminated quoted field");
}

// Cross-check: our TDPs agree with CodeCarbon's table for every model both list.
TEST(CpuTable, AgreesWithCodeCarbon) {
  std::ifstream in(std::string(AIRGRID_SHARED_DIR) + "/reference/energy/codecarbon/cpu_power.csv");
  if (!in) GTEST_SKIP() << "reference/energy/codecarbon/cpu_power.csv absent";
  std::map<std::string, double> cc;
  std::string line;
  while (std::getline(in, line)) {
    auto comma = line.rfind(',');
    if (comma == std::string::npos) continue;
    try {
      cc[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
    } catch (...) {
    }
  }
  int compared = 0;
  for (const CpuTdpRow& r : BuiltinCpuTdpTable()) {
    auto it = cc.find(r.model);
    if (it == cc.end()) continue;
    ++compared;
    EXPECT_NEAR(r.tdp_w, it->second, 0.5) << r.model;
  }
  EXPECT_GE(compared, 30);
}

// A fake /proc with a known CPU, memory and two /proc/stat states.
void FakeProc(const TempTree& t, const std::string& brand, int cpus) {
  std::string info;
  for (int i = 0; i < cpus; ++i) info += "processor\t: " + std::to_string(i) + "\nmodel name\t: " + brand + "\n\n";
  t.Write("cpuinfo", info);
  t.Write("meminfo", "MemTotal:       15625000 kB\nMemFree:        1000 kB\n");  // 16.0 GB
  t.Write("stat", "cpu  0 0 0 1000 0 0 0 0 0 0\n");
}

TEST(Model, IntegratesTheLoadCurveOverSamples) {
  TempTree t;
  FakeProc(t, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 10);  // 10 of 40 threads → 37.5 W TDP
  FakeClock clock;
  ModelOptions o;
  o.proc_root = t.root();
  o.clock = &clock;
  auto r = OpenModel(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EnergySource& s = **r;
  ASSERT_EQ(s.channels().size(), 2u);
  EXPECT_EQ(s.channels()[0].method, "modelled:tdp-load-curve");
  EXPECT_EQ(s.channels()[1].method, "modelled:ram-w-per-gb");
  // 10 s at 50% load: busy +500 ticks, idle +500 ticks.
  clock.t += 10;
  t.Write("stat", "cpu  400 0 100 1500 0 0 0 0 0 0\n");
  std::vector<double> j;
  ASSERT_TRUE(s.Sample(&j).ok());
  EXPECT_NEAR(j[0], 150.0 * 10 / 40 * 0.75 * 10, 1e-9);  // 281.25 J
  EXPECT_NEAR(j[1], 16.0 * 0.3725 * 10, 1e-9);           // 59.6 J
  EXPECT_NE(s.detail().find("matched 'Intel Xeon Gold 6248'"), std::string::npos) << s.detail();
}

// Regression (issue 10): an unreadable meminfo gave a RAM model of 0 GB x W/GB = 0 W, labelled
// modelled. Now the RAM channel is left out and the detail names the file.
TEST(Model, UnknownMemoryIsNoRamChannelNeverZeroWatts) {
  TempTree t;
  FakeProc(t, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 10);
  t.Write("meminfo", "MemFree:        1000 kB\n");
  FakeClock clock;
  ModelOptions o;
  o.proc_root = t.root();
  o.clock = &clock;
  auto r = OpenModel(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 1u);
  EXPECT_EQ((*r)->channels()[0].method, "modelled:tdp-load-curve");
  EXPECT_NE((*r)->detail().find("RAM not modelled: " + t.root() + "/meminfo gives no MemTotal"), std::string::npos)
      << (*r)->detail();
  o.cpu = false;
  auto ram_only = OpenModel(o);
  ASSERT_FALSE(ram_only.ok());
  EXPECT_EQ(ram_only.status().message(), "model: RAM not modelled: " + t.root() + "/meminfo gives no MemTotal");
}

TEST(Model, UnknownCpuFallsBackToPerThreadDefault) {
  TempTree t;
  FakeProc(t, "AMD EPYC", 2);
  FakeClock clock;
  ModelOptions o;
  o.proc_root = t.root();
  o.clock = &clock;
  o.ram = false;
  auto r = OpenModel(o);
  ASSERT_TRUE(r.ok());
  clock.t += 1;
  t.Write("stat", "cpu  0 0 0 1100 0 0 0 0 0 0\n");  // idle
  std::vector<double> j;
  ASSERT_TRUE((*r)->Sample(&j).ok());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_NEAR(j[0], 2 * 12.0 * 0.12, 1e-12);
  EXPECT_NE((*r)->detail().find("not in the TDP table"), std::string::npos);
}

// This machine: whatever it exposes, detection must yield a CPU figure and say why for the rest.
TEST(Detect, ThisMachineGivesACpuChannelAndReasons) {
  Detected d = DetectSources(DetectOptions{});
  bool cpu = false;
  for (const auto& s : d.sources)
    for (const Channel& c : s->channels()) cpu |= c.component == Component::kCpu || c.component == Component::kPsys;
  EXPECT_TRUE(cpu);
  ASSERT_GE(d.notes.size(), 3u);
  for (const SourceNote& n : d.notes) {
    EXPECT_FALSE(n.detail.empty()) << n.source;
    ::testing::Test::RecordProperty(n.source, n.detail);
  }
  std::ifstream powercap("/sys/class/powercap/intel-rapl:0/energy_uj");
  if (!powercap) {
    // No readable RAPL here (the CI containers): the model must be the CPU source.
    bool model_cpu = false;
    for (const auto& s : d.sources)
      for (const Channel& c : s->channels()) model_cpu |= c.method == "modelled:tdp-load-curve";
    bool perf_used = false;
    for (const SourceNote& n : d.notes) perf_used |= n.source == "perf" && n.used;
    EXPECT_TRUE(model_cpu || perf_used);
  }
}

}  // namespace
}  // namespace airgrid::measure
