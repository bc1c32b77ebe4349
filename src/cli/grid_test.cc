// End-to-end tests of `airgrid grid`: the real binary on the shipped example and on bad files.
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using airgrid::cli::testing::Outcome;

class GridCliTest : public airgrid::cli::testing::CliTest {
 protected:
  GridCliTest() : CliTest("grid") {}
  const std::string example_ = std::string(AIRGRID_SOURCE_DIR) + "/examples/image-classifiers.grid.json";
};

TEST_F(GridCliTest, RendersTheExampleInEveryFormat) {
  const fs::path html = dir_ / "r.html", md = dir_ / "r.md", json = dir_ / "r.json";
  Outcome r = Run(example_ + " --html " + html.string() + " --md " + md.string() + " --json " +
                  json.string() + " --pareto gflops,top1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Pareto set: ResNet-50, ViT-B/16"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Vetoed: MobileNetV3-L"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not assessed"), std::string::npos);
  auto h = airgrid::ReadFile(html.string());
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h->find("class=\"area-chart\""), std::string::npos);
  EXPECT_TRUE(fs::exists(md));
  auto j = airgrid::ReadFile(json.string());
  ASSERT_TRUE(j.ok());
  const auto doc = nlohmann::json::parse(*j);
  EXPECT_EQ(doc["airgrid_version"], "0.1.0");
  EXPECT_NE(doc["command_line"].get<std::string>().find("--pareto gflops,top1"), std::string::npos);
  EXPECT_TRUE(doc.contains("created_utc"));
  EXPECT_EQ(doc["analysis"]["pareto_axes"], nlohmann::json({"gflops", "top1"}));
  EXPECT_EQ(doc["values"]["resnet50"]["embodied"]["state"], "not_assessed");
}

TEST_F(GridCliTest, BadFileExitsTwoNamingFileAndJsonPathAndWritesNothing) {
  const fs::path bad = dir_ / "bad.grid.json";
  std::ofstream(bad) << R"({"alternatives":[{"id":"a"}],
    "criteria":[{"id":"t","area":"performance","unit":"s","direction":"sideways"}]})";
  const fs::path html = dir_ / "out.html";
  Outcome r = Run(bad.string() + " --html " + html.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("airgrid: error: " + bad.string() + ": /criteria/0/direction"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(html));
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

// Issue 12, bad input: an uncertainty that is negative, not a number or absurd, or a kind that
// contradicts the track record it is pulled from: exit 2, file and JSON pointer, nothing written.
TEST_F(GridCliTest, BadUncertaintyOrContradictingKindExitsTwoWithFileAndPointer) {
  fs::create_directories(dir_ / "results");
  std::ofstream(dir_ / "results" / "track.json") << R"({"records":[{"phase":"total","energy":{"total_kwh":0.001,
    "kind":"modelled","parts":"cpu machine modelled:tdp-load-curve","uncertainty_kwh":0.0004,
    "cpu_method":"modelled:tdp-load-curve","gpu_method":"none","ram_method":"none"},"duration_s":1}]})";
  const std::string head = R"({"alternatives":[{"id":"a"}],
    "criteria":[{"id":"e","area":"environment","unit":"kWh","direction":"lower"}], "values":{"a":{"e":)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"value":1,"uncertainty":-0.5})", "/values/a/e/uncertainty: expected a number >= 0"},
      {R"({"value":1,"uncertainty":"NaN"})", "/values/a/e/uncertainty: expected a number"},
      {R"({"value":1,"uncertainty":1e12})", "/values/a/e/uncertainty: uncertainty"},
      {R"({"from":"results/track.json","pointer":"/records/0/energy/total_kwh","provenance":{"kind":"measured","by":"me"}})",
       "/values/a/e/provenance/kind: \"measured\" contradicts its source"},
      {R"({"from":"results/track.json","pointer":"/records/0/energy/total_kwh","provenance":{"kind":"declared","by":"me"}})",
       "/values/a/e/provenance/kind: \"declared\" contradicts its source"},
  };
  int n = 0;
  for (const auto& [value, expected] : cases) {
    const fs::path bad = dir_ / ("bad" + std::to_string(n++) + ".grid.json");
    std::ofstream(bad) << head << value << "}}}";
    const fs::path md = dir_ / "out.md";
    Outcome r = Run(bad.string() + " --md " + md.string());
    EXPECT_EQ(r.exit_code, 2) << value << "\n" << r.err;
    EXPECT_NE(r.err.find(bad.string() + ": " + expected), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(md)) << value;
  }
}

TEST_F(GridCliTest, UnknownParetoCriterionExitsTwo) {
  Outcome r = Run(example_ + " --pareto top1,nope");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown criterion \"nope\""), std::string::npos) << r.err;
  r = Run(example_ + " --pareto top1");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(GridCliTest, MissingFileExitsTwo) {
  Outcome r = Run((dir_ / "nope.json").string());
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
