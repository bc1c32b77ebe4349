#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "airgrid/sched/cluster_energy.h"

namespace airgrid::sched {
namespace {

const char* kHeader =
    "name,node,cores,idle_w,busy_w,off_w,shutdown_s,shutdown_j,boot_s,boot_j,uncertainty,source,"
    "year\n";

std::string Row(const std::string& idle, const std::string& busy, const std::string& off = "",
                const std::string& unc = "0.1") {
  const std::string power_off = off.empty() ? ",,,," : off + ",1,10,2,20";
  return "m,node,4," + idle + "," + busy + "," + power_off + "," + unc + ",a source,2020\n";
}

std::string ErrorOf(const std::string& csv) {
  const auto r = ParsePowerModels(kHeader + csv, "models.csv");
  EXPECT_FALSE(r.ok()) << csv;
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  }
  return r.ok() ? "" : r.status().message();
}

TEST(PowerModelTest, BuiltinModelsCarryTheirSources) {
  const auto& models = BuiltinPowerModels();
  ASSERT_EQ(models.size(), 3u);
  const PowerModel r640 = *ResolvePowerModel("dell-poweredge-r640");
  EXPECT_DOUBLE_EQ(r640.idle_w, 55);   // SPECpower_ssj2008, active idle
  EXPECT_DOUBLE_EQ(r640.busy_w, 469);  // 100% target load
  EXPECT_DOUBLE_EQ(r640.cores, 56);
  EXPECT_EQ(r640.year, 2017);
  EXPECT_NE(r640.source.find("SPECpower_ssj2008"), std::string::npos);
  const PowerModel taurus = *ResolvePowerModel("g5k-taurus");
  EXPECT_TRUE(taurus.CanPowerOff());
  EXPECT_DOUBLE_EQ(taurus.boot_j, 18966.4228);
}

TEST(PowerModelTest, RefusesBadRowsNamingFileLineAndField) {
  std::string m = ErrorOf(Row("-5", "100"));
  EXPECT_NE(m.find("models.csv: line 2: field idle_w"), std::string::npos) << m;
  m = ErrorOf(Row("10", ""));
  EXPECT_NE(m.find("field busy_w: missing"), std::string::npos) << m;
  m = ErrorOf(Row("200", "100"));
  EXPECT_NE(m.find("expected <= busy_w"), std::string::npos) << m;
  m = ErrorOf(Row("10", "100", "50"));
  EXPECT_NE(m.find("field off_w"), std::string::npos) << m;
  m = ErrorOf(Row("10", "100", "", "1.5"));
  EXPECT_NE(m.find("field uncertainty"), std::string::npos) << m;
  m = ErrorOf("m,node,4,10,100,1,,,,,0.1,src,2020\n");
  EXPECT_NE(m.find("all five power-off fields"), std::string::npos) << m;
  m = ErrorOf("m,node,4,10,100,,,,,,0.1,,2020\n");
  EXPECT_NE(m.find("field source"), std::string::npos) << m;
  m = ErrorOf(Row("10", "100") + Row("10", "100"));
  EXPECT_NE(m.find("duplicate"), std::string::npos) << m;
  const auto header = ParsePowerModels("name,idle_w\nm,1\n", "h.csv");
  ASSERT_FALSE(header.ok());
  EXPECT_NE(header.status().message().find("lacks column"), std::string::npos);
}

TEST(PowerModelTest, ResolvesNamesAndFiles) {
  const auto unknown = ResolvePowerModel("no-such-model");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(unknown.status().message().find("g5k-taurus"), std::string::npos);

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("airgrid_power_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string one = (dir / "one.csv").string();
  std::ofstream(one) << kHeader << Row("10", "100", "1");
  const auto m = ResolvePowerModel(one);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_DOUBLE_EQ(m->busy_w, 100);
  EXPECT_TRUE(m->CanPowerOff());
  const std::string two = (dir / "two.csv").string();
  std::ofstream(two) << kHeader << Row("10", "100") << "n" << Row("10", "100").substr(1);
  EXPECT_FALSE(ResolvePowerModel(two).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace airgrid::sched
