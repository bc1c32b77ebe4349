#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "airgrid/measure/carbon.h"

namespace airgrid::measure {
namespace {

TEST(CarbonTable, BuiltinHasWorldAndCountries) {
  const CarbonTable& t = CarbonTable::Builtin();
  EXPECT_GT(t.size(), 50u);
  CarbonFactor w = t.World();
  EXPECT_EQ(w.region, "WORLD");
  EXPECT_EQ(w.g_per_kwh, 480);
  EXPECT_EQ(w.year, 2023);
  EXPECT_EQ(w.method, "world-default");
  auto fr = t.Lookup("fr");  // ISO-2, any case
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(fr->region, "FRA");
  EXPECT_EQ(fr->method, "country-table");
  EXPECT_NE(fr->source.find("Our World in Data"), std::string::npos);
  auto bad = t.Lookup("XXX");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'XXX'"), std::string::npos);
}

// Cross-check with the OWID values CodeCarbon ships (same year).
TEST(CarbonTable, AgreesWithOwidForFrDeUsCnSe) {
  std::ifstream in(std::string(AIRGRID_SHARED_DIR) + "/reference/energy/codecarbon/global_energy_mix.json");
  if (!in) GTEST_SKIP() << "reference/energy/codecarbon/global_energy_mix.json absent";
  nlohmann::json mix = nlohmann::json::parse(in);
  for (const char* code : {"FRA", "DEU", "USA", "CHN", "SWE"}) {
    auto ours = CarbonTable::Builtin().Lookup(code);
    ASSERT_TRUE(ours.ok()) << code;
    const auto& ref = mix.at(code);
    EXPECT_EQ(ours->year, ref.at("year").get<int>()) << code;
    EXPECT_NEAR(ours->g_per_kwh, ref.at("carbon_intensity").get<double>(), 0.1) << code;
  }
}

TEST(CarbonTable, ParseErrorsNameLineAndField) {
  auto r = CarbonTable::Parse("iso3,iso2,country,g_per_kwh,year,source\nWORLD,,World,480,2023,x\nFRA,FR,France,-1,2023,x\n", "c.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "c.csv: line 3: field g_per_kwh: expected a non-negative number, got '-1'");
  r = CarbonTable::Parse("iso3,iso2,country,g_per_kwh,year,source\nFRA,FR,France,56,2023,x\n", "c.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("WORLD"), std::string::npos);
}

TEST(Timestamps, ParseFormats) {
  EXPECT_EQ(ParseUtcTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseUtcTimestamp("2024-01-01T13:00:00Z"), 1704114000);
  EXPECT_EQ(ParseUtcTimestamp("2024-01-01 13:00"), 1704114000);
  EXPECT_EQ(ParseUtcTimestamp("1704114000"), 1704114000);
  EXPECT_FALSE(ParseUtcTimestamp("yesterday"));
  EXPECT_FALSE(ParseUtcTimestamp("2024-13-01T00:00"));
}

TEST(Series, StepValuesAndBounds) {
  auto s = IntensitySeries::Parse("timestamp,g_per_kwh\n2024-01-01T00:00:00Z,100\n2024-01-01T01:00:00Z,300\n", "s.csv");
  ASSERT_TRUE(s.ok()) << s.status().message();
  const int64_t t0 = 1704067200;
  EXPECT_FALSE(s->At(t0 - 1));
  EXPECT_EQ(s->At(t0), 100);
  EXPECT_EQ(s->At(t0 + 3599), 100);
  EXPECT_EQ(s->At(t0 + 3600), 300);
  EXPECT_EQ(s->At(t0 + 7199), 300);
  EXPECT_FALSE(s->At(t0 + 7200));  // the last value holds one hour
  auto bad = IntensitySeries::Parse("2024-01-01T01:00:00Z,1\n2024-01-01T00:00:00Z,2\n", "s.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "s.csv: line 2: timestamps must increase strictly");
}

TEST(Embodied, AmortisedByDurationAndShare) {
  EmbodiedItem e{"gpu", 365.25, 1, "test"};
  EXPECT_NEAR(e.Amortised(86400, 1.0), 1.0, 1e-12);  // one day of a one-year, 365.25 kg device
  EXPECT_NEAR(e.Amortised(86400, 0.5), 0.5, 1e-12);
  EXPECT_EQ(e.Amortised(86400, 2.0), 1.0);
  ASSERT_GE(BuiltinEmbodied().size(), 3u);
  for (const EmbodiedItem& b : BuiltinEmbodied()) EXPECT_FALSE(b.source.empty()) << b.device;
  EXPECT_TRUE(FindEmbodied(BuiltinEmbodied(), "nvidia-a100-pcie-40gb").ok());
  auto missing = FindEmbodied(BuiltinEmbodied(), "toaster");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("known: "), std::string::npos);
}

}  // namespace
}  // namespace airgrid::measure
