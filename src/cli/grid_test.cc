// End-to-end tests of `airgrid grid`: the real binary on the shipped example and on bad files.
#include <filesystem>
#include <fstream>
#include <string>

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
