#include <cerrno>

#include <gtest/gtest.h>

#include "airgrid/measure/sources.h"
#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::TempTree;

// One RAPL zone folder: name, energy_uj, max_energy_range_uj.
void Zone(const TempTree& t, const std::string& dir, const std::string& name, uint64_t uj,
          uint64_t max_range = 262143328850ULL) {
  t.Write(dir + "/name", name + "\n");
  t.Write(dir + "/energy_uj", std::to_string(uj) + "\n");
  t.Write(dir + "/max_energy_range_uj", std::to_string(max_range) + "\n");
}

std::unique_ptr<EnergySource> Open(const TempTree& t, FileReader read = ReadSysfsFile) {
  PowercapOptions o;
  o.root = t.root();
  o.read = std::move(read);
  auto r = OpenPowercap(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : nullptr;
}

std::vector<double> Sample(EnergySource& s) {
  std::vector<double> j;
  EXPECT_TRUE(s.Sample(&j).ok());
  return j;
}

TEST(Powercap, OneSocketPackageOnlyIgnoresCoreAndUncore) {
  TempTree t;
  Zone(t, "intel-rapl:0", "package-0", 1000000);
  Zone(t, "intel-rapl:0:0", "core", 500000);
  Zone(t, "intel-rapl:0:1", "uncore", 100000);
  auto s = Open(t);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->channels().size(), 1u);
  EXPECT_EQ(s->channels()[0].device, "package-0");
  EXPECT_EQ(s->channels()[0].method, "measured:powercap");
  EXPECT_EQ(Sample(*s)[0], 0.0);
  Zone(t, "intel-rapl:0", "package-0", 1000000 + 2500000);  // +2.5 J
  Zone(t, "intel-rapl:0:0", "core", 9000000);
  EXPECT_DOUBLE_EQ(Sample(*s)[0], 2.5);
}

TEST(Powercap, TwoSocketsWithDram) {
  TempTree t;
  Zone(t, "intel-rapl:0", "package-0", 10);
  Zone(t, "intel-rapl:0:0", "dram", 20);
  Zone(t, "intel-rapl:1", "package-1", 30);
  Zone(t, "intel-rapl:1:0", "dram", 40);
  auto s = Open(t);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->channels().size(), 4u);
  int cpu = 0, dram = 0;
  for (const Channel& c : s->channels()) {
    cpu += c.component == Component::kCpu;
    dram += c.component == Component::kDram;
  }
  EXPECT_EQ(cpu, 2);
  EXPECT_EQ(dram, 2);
  Zone(t, "intel-rapl:0", "package-0", 10 + 1000000);
  Zone(t, "intel-rapl:0:0", "dram", 20 + 2000000);
  Zone(t, "intel-rapl:1", "package-1", 30 + 3000000);
  Zone(t, "intel-rapl:1:0", "dram", 40 + 4000000);
  std::vector<double> j = Sample(*s);
  double sum = 0;
  for (double v : j) sum += v;
  EXPECT_DOUBLE_EQ(sum, 10.0);
}

TEST(Powercap, PsysUsedOnlyAlone) {
  TempTree alone;
  Zone(alone, "intel-rapl:1", "psys", 5);
  auto s = Open(alone);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->channels().size(), 1u);
  EXPECT_EQ(s->channels()[0].component, Component::kPsys);

  TempTree both;  // psys would double count package and dram
  Zone(both, "intel-rapl:0", "package-0", 5);
  Zone(both, "intel-rapl:1", "psys", 5);
  auto b = Open(both);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->channels().size(), 1u);
  EXPECT_EQ(b->channels()[0].device, "package-0");
}

TEST(Powercap, WrapAroundDuringTheRun) {
  TempTree t;
  const uint64_t max_range = 1000000000;  // 1 kJ
  Zone(t, "intel-rapl:0", "package-0", max_range - 3000000, max_range);  // 3 J before the wrap
  auto s = Open(t);
  ASSERT_TRUE(s);
  Zone(t, "intel-rapl:0", "package-0", 2000000, max_range);  // wrapped, 2 J after
  EXPECT_DOUBLE_EQ(Sample(*s)[0], 5.0);
  Zone(t, "intel-rapl:0", "package-0", 4000000, max_range);
  EXPECT_DOUBLE_EQ(Sample(*s)[0], 7.0);
}

TEST(Powercap, UnreadableEnergySaysWhy) {
  TempTree t;
  Zone(t, "intel-rapl:0", "package-0", 5);
  Zone(t, "intel-rapl:0:0", "dram", 5);
  PowercapOptions o;
  o.root = t.root();
  // Tests may run as root, so permission is simulated at the reader.
  o.read = [](const std::string& path, std::string* out) {
    if (path.size() >= 9 && path.compare(path.size() - 9, 9, "energy_uj") == 0) return EACCES;
    return ReadSysfsFile(path, out);
  };
  auto r = OpenPowercap(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("powercap present but"), std::string::npos);
  EXPECT_NE(r.status().message().find("Linux 5.10"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("intel-rapl:0"), std::string::npos);
}

TEST(Powercap, AbsentTreeSaysWhy) {
  PowercapOptions o;
  o.root = "/nonexistent/powercap";
  auto r = OpenPowercap(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("absent"), std::string::npos);
}

TEST(Powercap, MmioDuplicateOfMsrPackageIsDropped) {
  TempTree t;
  Zone(t, "intel-rapl:0", "package-0", 5);
  Zone(t, "intel-rapl:0:0", "dram", 5);
  Zone(t, "intel-rapl-mmio:0", "package-0", 5);
  auto s = Open(t);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->channels().size(), 2u);
  for (const Channel& c : s->channels()) EXPECT_EQ(c.device.find("mmio"), std::string::npos) << c.device;
}

TEST(Powercap, MmioUsedWhenMsrUnreadable) {
  TempTree t;
  Zone(t, "intel-rapl:0", "package-0", 5);
  Zone(t, "intel-rapl-mmio:0", "package-0", 5);
  PowercapOptions o;
  o.root = t.root();
  const std::string msr = t.root() + "/intel-rapl:0/energy_uj";
  o.read = [msr](const std::string& path, std::string* out) { return path == msr ? EACCES : ReadSysfsFile(path, out); };
  auto r = OpenPowercap(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 1u);
  EXPECT_EQ((*r)->channels()[0].device, "package-0 (mmio)");
}

}  // namespace
}  // namespace airgrid::measure
