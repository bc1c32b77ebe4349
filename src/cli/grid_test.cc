// End-to-end tests of `airgrid grid`: the real binary on the shipped example and on bad files.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun Airgrid(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout", err = dir / "stderr";
  const std::string cmd = std::string(AIRGRID_BIN) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int rc = std::system(cmd.c_str());
  CliRun r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  auto o = airgrid::ReadFile(out.string());
  auto e = airgrid::ReadFile(err.string());
  r.out = o.ok() ? *o : "";
  r.err = e.ok() ? *e : "";
  return r;
}

class GridCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("airgrid_grid_cli_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  const std::string example_ = std::string(AIRGRID_SOURCE_DIR) + "/examples/image-classifiers.grid.json";
};

TEST_F(GridCliTest, RendersTheExampleInEveryFormat) {
  const fs::path html = dir_ / "r.html", md = dir_ / "r.md", json = dir_ / "r.json";
  CliRun r = Airgrid("grid " + example_ + " --html " + html.string() + " --md " + md.string() + " --json " +
                      json.string() + " --pareto gflops,top1",
                  dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Pareto set: ResNet-50, ViT-B/16"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Vetoed: MobileNetV3-L"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not assessed"), std::string::npos);
  auto h = airgrid::ReadFile(html.string());
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h->find("class=\"radar-series\""), std::string::npos);
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
  CliRun r = Airgrid("grid " + bad.string() + " --html " + html.string(), dir_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("airgrid: error: " + bad.string() + ": /criteria/0/direction"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(html));
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

TEST_F(GridCliTest, UnknownParetoCriterionExitsTwo) {
  CliRun r = Airgrid("grid " + example_ + " --pareto top1,nope", dir_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown criterion \"nope\""), std::string::npos) << r.err;
  r = Airgrid("grid " + example_ + " --pareto top1", dir_);
  EXPECT_EQ(r.code, 2);
}

TEST_F(GridCliTest, MissingFileExitsTwo) {
  CliRun r = Airgrid("grid " + (dir_ / "nope.json").string(), dir_);
  EXPECT_EQ(r.code, 2);
}

}  // namespace
