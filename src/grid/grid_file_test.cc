#include "airgrid/grid/grid_file.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace airgrid::grid {
namespace {

namespace fs = std::filesystem;

class GridFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("airgrid_grid_file_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "results");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  // A minimal valid document with `values` spliced in.
  std::string Doc(const std::string& values, const std::string& extra = "") {
    return R"({"alternatives":[{"id":"fcfs"},{"id":"f1","label":"SC'17 F1"}],
      "criteria":[{"id":"bsld","label":"Mean bounded slowdown","area":"performance","unit":"1","direction":"lower"},
                  {"id":"energy","area":"environment","unit":"kWh","direction":"lower","phase":"use"},
                  {"id":"need","scale":"ordinal"}],
      "values":)" + values + extra + "}";
  }
  fs::path dir_;
};

TEST_F(GridFileTest, LoadsLiteralsLevelsNotAssessedAndPulledValues) {
  Write("results/f1.json", R"({"airgrid_version":"0.1.0","command_line":"airgrid simulate --policy f1",
                              "avg_bsld": 12.5, "ci": [0.5], "energy_j": 7.2e6})");
  const std::string path = Write("g.json", Doc(R"({
      "fcfs": {"bsld": 30.1, "energy": {"value": 2.5, "uncertainty": 0.1,
               "provenance": {"kind": "modelled", "by": "me", "method": "TDP x time"}},
               "need": {"level": "established", "rationale": "operators ask for it", "evidence": "minutes"}},
      "f1": {"bsld": {"from": "results/f1.json", "pointer": "/avg_bsld", "uncertainty_pointer": "/ci/0"},
             "energy": {"from": "results/f1.json", "pointer": "/energy_j", "multiply": 2.7777777777777776e-7},
             "need": "not assessed"}})"));
  auto f = LoadGridFile(path);
  ASSERT_TRUE(f.ok()) << f.status().message();
  const Grid& g = f->grid;
  EXPECT_EQ(g.title, "g");
  EXPECT_DOUBLE_EQ(g.at(0, 0).number(), 30.1);
  EXPECT_EQ(g.at(0, 1).provenance().kind, ProvenanceKind::kModelled);
  EXPECT_EQ(g.at(0, 2).level(), 3);
  EXPECT_EQ(g.at(0, 2).rationale(), "operators ask for it");
  EXPECT_DOUBLE_EQ(g.at(1, 0).number(), 12.5);
  EXPECT_DOUBLE_EQ(g.at(1, 0).uncertainty(), 0.5);
  EXPECT_EQ(g.at(1, 0).provenance().kind, ProvenanceKind::kMeasured);
  EXPECT_EQ(g.at(1, 0).provenance().by, "airgrid simulate --policy f1");
  EXPECT_EQ(g.at(1, 0).provenance().source, "results/f1.json#/avg_bsld");
  EXPECT_NEAR(g.at(1, 1).number(), 2.0, 1e-12);
  EXPECT_FALSE(g.at(1, 2).assessed());
  EXPECT_EQ(g.criteria()[2].direction, Direction::kHigherIsBetter);
}

// Each bad document must fail with a message naming the file and the JSON path.
TEST_F(GridFileTest, ErrorsNameTheFileAndTheJsonPath) {
  Write("results/r.json", R"({"avg_bsld": "twelve"})");
  const struct {
    std::string values, extra, expected;
  } cases[] = {
      {R"({"fcfs": {"bsld": {"from": "results/r.json", "pointer": "/avg_bsldd"}}})", "",
       "/values/fcfs/bsld/pointer: \"/avg_bsldd\" not found in results/r.json"},
      {R"({"fcfs": {"bsld": {"from": "results/r.json", "pointer": "/avg_bsld"}}})", "",
       "/values/fcfs/bsld/pointer: results/r.json#/avg_bsld is not a finite number"},
      {R"({"fcfs": {"bsld": {"from": "results/missing.json", "pointer": "/x"}}})", "", "/values/fcfs/bsld/from"},
      {R"({"fcfs": {"bsld": "12"}})", "", "/values/fcfs/bsld: expected a number"},
      {R"({"fcfs": {"bsld": 0}, "nobody": {}})", "", "/values/nobody: unknown alternative"},
      {R"({"fcfs": {"speed": 1}})", "", "/values/fcfs/speed: unknown criterion"},
      {R"({"fcfs": {"need": {"level": 7, "rationale": "r"}}})", "", "/values/fcfs/need/level: level 7 is not in rubric"},
      {R"({"fcfs": {"need": {"level": 2}}})", "", "/values/fcfs/need/rationale: missing"},
      {R"({"fcfs": {"need": 3}})", "", "/values/fcfs/need: ordinal criterion"},
      {R"({"fcfs": {"bsld": {"value": 1, "uncertainty": -1}}})", "", "/values/fcfs/bsld/uncertainty"},
      {R"({"fcfs": {"bsld": {"value": 1, "colour": "red"}}})", "", "/values/fcfs/bsld/colour: unknown field"},
      {R"({})", R"(, "aggregation": {"weights": [{"criterion": "bsld", "weight": 1}]})", "/aggregation/weights/0/bounds"},
      {R"({})", R"(, "report": {"pareto": ["bsld"]})", "/report/pareto"},
  };
  for (const auto& c : cases) {
    const std::string path = Write("bad.json", Doc(c.values, c.extra));
    auto f = LoadGridFile(path);
    ASSERT_FALSE(f.ok()) << c.values << c.extra;
    EXPECT_NE(f.status().message().find(path + ": " + c.expected), std::string::npos)
        << "got: " << f.status().message() << "\nwanted: " << c.expected;
  }
}

TEST_F(GridFileTest, OrdinalWeightIsRejectedWhenTheReportIsBuilt) {
  const std::string path = Write("g.json", Doc("{}", R"(, "aggregation": {"weights": [{"criterion": "need", "weight": 1, "bounds": [0, 4]}]})"));
  auto f = LoadGridFile(path);
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto r = BuildReport(std::move(f->grid), std::move(f->options));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot be weighted"), std::string::npos);
}

TEST_F(GridFileTest, SyntaxErrorsGiveLineAndColumn) {
  const std::string path = Write("syntax.json", "{\n  \"alternatives\": [\n    {\"id\": \"x\",}\n  ]\n}\n");
  auto f = LoadGridFile(path);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find(path + ":3:"), std::string::npos) << f.status().message();
}

TEST_F(GridFileTest, MissingFileIsNotFound) {
  auto f = LoadGridFile((dir_ / "nope.json").string());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().ExitCode(), 2);
}

TEST_F(GridFileTest, SeriesCanBePulledFromResultFiles) {
  Write("results/users.json", R"({"per_user_bsld": [1.0, 2.5, 40.0]})");
  const std::string path = Write("g.json", Doc("{}", R"(, "series": [
    {"id": "users", "title": "Per-user bsld", "kind": "samples", "unit": "1", "log_scale": true,
     "data": {"fcfs": {"from": "results/users.json", "pointer": "/per_user_bsld"}, "f1": [1, 1.5]}}])"));
  auto f = LoadGridFile(path);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->grid.series().size(), 1u);
  EXPECT_EQ(f->grid.series()[0].data[0].values, (std::vector<double>{1.0, 2.5, 40.0}));
}

// A track record (EnergyRecord::ToJson shape) whose CPU energy was modelled.
constexpr const char* kModelledRecord = R"({"command_line":"airgrid track -- sleep 1","records":[{"phase":"total",
  "energy":{"total_j":3600,"total_kwh":0.001,"kind":"modelled","parts":"cpu machine modelled:tdp-load-curve",
            "uncertainty_j":1440,"uncertainty_kwh":0.0004,"cpu_method":"modelled:tdp-load-curve","gpu_method":"none",
            "ram_method":"none"},
  "carbon":{"emissions_kg":0.00048,"emissions_uncertainty_kg":0.000192},"duration_s":1}]})";

TEST_F(GridFileTest, ValueFromAModelledTrackRecordIsModelledWithItsUncertainty) {
  Write("results/track.json", kModelledRecord);
  auto f = ParseGridFile(Doc(R"({"fcfs":{"energy":{"from":"results/track.json","pointer":"/records/0/energy/total_kwh"}}})"),
                         (dir_ / "grid.json").string());
  ASSERT_TRUE(f.ok()) << f.status().message();
  const Value& v = f->grid.at(0, 1);
  EXPECT_EQ(v.provenance().kind, ProvenanceKind::kModelled);
  EXPECT_NE(v.provenance().method.find("modelled:tdp-load-curve"), std::string::npos);
  EXPECT_DOUBLE_EQ(v.uncertainty(), 0.0004);
}

TEST_F(GridFileTest, OldRecordWithoutKindIsJudgedByItsMethods) {
  Write("results/track.json", R"({"energy":{"total_kwh":0.5,"cpu_method":"measured:powercap","gpu_method":"none",
                                   "ram_method":"modelled:ram-w-per-gb"},"duration_s":3})");
  auto f = ParseGridFile(Doc(R"({"fcfs":{"energy":{"from":"results/track.json","pointer":"/energy/total_kwh"},
                                  "bsld":{"from":"results/track.json","pointer":"/duration_s"}}})"),
                         (dir_ / "grid.json").string());
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->grid.at(0, 1).provenance().kind, ProvenanceKind::kModelled);  // mixed
  EXPECT_EQ(f->grid.at(0, 0).provenance().kind, ProvenanceKind::kMeasured);  // a clock, not energy
}

TEST_F(GridFileTest, KindContradictingItsSourceIsRefusedWithFilePointerAndExpectedForm) {
  Write("results/track.json", kModelledRecord);
  const std::string path = (dir_ / "grid.json").string();
  auto f = ParseGridFile(Doc(R"({"fcfs":{"energy":{"from":"results/track.json","pointer":"/records/0/energy/total_kwh",
                                  "provenance":{"kind":"measured","by":"me"}}}})"), path);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().ExitCode(), 2);
  EXPECT_EQ(f.status().message(), path + ": /values/fcfs/energy/provenance/kind: \"measured\" contradicts its source: "
                                  "results/track.json#/records/0/energy/total_kwh was modelled (cpu machine "
                                  "modelled:tdp-load-curve); expected \"modelled\"");
}

TEST_F(GridFileTest, DeclaredForATrackRecordFigureIsRefused) {
  Write("results/track.json", kModelledRecord);
  const std::string path = (dir_ / "grid.json").string();
  auto f = ParseGridFile(Doc(R"({"fcfs":{"energy":{"from":"results/track.json","pointer":"/records/0/energy/total_kwh",
                                  "provenance":{"kind":"declared","by":"me"}}}})"), path);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().ExitCode(), 2);
  EXPECT_EQ(f.status().message(), path + ": /values/fcfs/energy/provenance/kind: \"declared\" contradicts its source: "
                                  "results/track.json#/records/0/energy/total_kwh was modelled by the tracker (cpu "
                                  "machine modelled:tdp-load-curve); expected \"modelled\"");
}

TEST_F(GridFileTest, NegativeOrAbsurdUncertaintyIsRefused) {
  const std::string path = (dir_ / "grid.json").string();
  auto neg = ParseGridFile(Doc(R"({"fcfs":{"bsld":{"value":3,"uncertainty":-1}}})"), path);
  ASSERT_FALSE(neg.ok());
  EXPECT_NE(neg.status().message().find(path + ": /values/fcfs/bsld/uncertainty: expected a number >= 0"), std::string::npos)
      << neg.status().message();
  auto absurd = ParseGridFile(Doc(R"({"fcfs":{"bsld":{"value":3,"uncertainty":1e9}}})"), path);
  ASSERT_FALSE(absurd.ok());
  EXPECT_EQ(absurd.status().ExitCode(), 2);
  EXPECT_NE(absurd.status().message().find("/values/fcfs/bsld/uncertainty: uncertainty"), std::string::npos)
      << absurd.status().message();
  EXPECT_NE(absurd.status().message().find("not_assessed"), std::string::npos);
  Write("results/r.json", R"({"x":2,"u":-0.5})");
  auto neg_ptr = ParseGridFile(Doc(R"({"fcfs":{"bsld":{"from":"results/r.json","pointer":"/x","uncertainty_pointer":"/u"}}})"), path);
  ASSERT_FALSE(neg_ptr.ok());
  EXPECT_NE(neg_ptr.status().message().find("/values/fcfs/bsld/uncertainty_pointer: results/r.json#/u is negative"),
            std::string::npos) << neg_ptr.status().message();
  // NaN cannot be written in JSON; a string in its place is refused as not a number.
  auto nan = ParseGridFile(Doc(R"({"fcfs":{"bsld":{"value":3,"uncertainty":"NaN"}}})"), path);
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("/values/fcfs/bsld/uncertainty: expected a number"), std::string::npos);
}

TEST_F(GridFileTest, SetupBlockAndNotAssessedSeriesValuesLoad) {
  auto f = ParseGridFile(Doc("{}", R"(,"setup":[{"label":"CPU","value":"AMD EPYC 7763"},{"label":"PUE","value":"1.2"}],
      "series":[{"id":"e","kind":"phases","unit":"kWh","categories":["dev","use"],"data":{"fcfs":[null,1]}}])"),
                         (dir_ / "grid.json").string());
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->grid.setup.size(), 2u);
  EXPECT_EQ(f->grid.setup[0].first, "CPU");
  EXPECT_EQ(f->grid.setup[1].second, "1.2");
  EXPECT_TRUE(std::isnan(f->grid.series()[0].data[0].values[0]));
}

TEST(GridFileExample, ShippedExampleLoadsAndBuilds) {
  auto f = LoadGridFile(std::string(AIRGRID_SOURCE_DIR) + "/examples/image-classifiers.grid.json");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto r = BuildReport(std::move(f->grid), std::move(f->options));
  ASSERT_TRUE(r.ok()) << r.status().message();
  // MobileNetV3-L's 74.04 % is below the 75 % veto: excluded from the Pareto set and the scores.
  EXPECT_TRUE(r->analysis.vetoed[1]);
  EXPECT_FALSE(r->analysis.in_pareto[1]);
  ASSERT_TRUE(r->aggregation.has_value());
  EXPECT_FALSE(r->aggregation->weighted_sum[1].has_value());
}


// Regression (issue 11): "from" read any path ("/dev/zero" allocated 4.1 GB, "/etc/passwd" bytes
// were echoed in the error); a number >= 1.8e308 escaped as a library exception.
TEST_F(GridFileTest, FromAndRubricAreConfinedToTheGridFilesFolder) {
  for (const char* from : {"/dev/zero", "../outside.json", "/etc/passwd", "results/../../x.json"}) {
    const std::string path = Write("g.json", Doc(R"({"fcfs": {"bsld": {"from": ")" + std::string(from) +
                                                 R"(", "pointer": "/x"}}, "f1": {}})"));
    auto f = LoadGridFile(path);
    ASSERT_FALSE(f.ok()) << from;
    EXPECT_EQ(f.status().code(), Status::Code::kInvalidInput) << from;
    EXPECT_NE(f.status().message().find("outside the grid file's folder"), std::string::npos)
        << f.status().message();
    EXPECT_EQ(f.status().message().find("root:"), std::string::npos);
  }
  const std::string rubric = Write("g.json", Doc(R"({"fcfs": {}, "f1": {}})", R"(, "rubric": "/etc/passwd")"));
  auto r = LoadGridFile(rubric);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("outside the grid file's folder"), std::string::npos);
  // --allow-outside names where else files may be read.
  const std::string sys = Write("g.json", Doc(R"({"fcfs": {"bsld": {"from": "/etc/passwd", "pointer": "/x"}}, "f1": {}})"));
  auto allowed = LoadGridFile(sys, GridLoadOptions{"/etc"});
  ASSERT_FALSE(allowed.ok());  // not JSON, but read: the message must not echo its bytes
  EXPECT_EQ(allowed.status().message().find("outside"), std::string::npos) << allowed.status().message();
  EXPECT_EQ(allowed.status().message().find("root"), std::string::npos) << allowed.status().message();
}

// The files a grid file reads are listed once each (callers declare them as inputs), and only
// regular files are read: a device named by "from" is refused before any read.
TEST_F(GridFileTest, ListsTheFilesItReadsAndReadsOnlyRegularFiles) {
  Write("results/f1.json", R"({"avg_bsld": 12.5, "energy_j": 7.2e6})");
  const std::string path = Write("g.json", Doc(R"({"fcfs": {"bsld": 3},
      "f1": {"bsld": {"from": "results/f1.json", "pointer": "/avg_bsld"},
             "energy": {"from": "results/f1.json", "pointer": "/energy_j"}}})"));
  auto f = LoadGridFile(path);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->inputs.size(), 1u);
  EXPECT_TRUE(fs::equivalent(f->inputs[0], dir_ / "results" / "f1.json")) << f->inputs[0];
  const std::string dev = Write("g.json", Doc(R"({"fcfs": {"bsld": {"from": "/dev/zero", "pointer": "/x"}}, "f1": {}})"));
  auto zero = LoadGridFile(dev, GridLoadOptions{"/dev"});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(zero.status().message().find("'/dev/zero' is not a regular file"), std::string::npos)
      << zero.status().message();
}

TEST_F(GridFileTest, HugeNumberIsACleanErrorNamingTheFile) {
  const std::string path = Write("g.json", Doc(R"({"fcfs": {"bsld": 1e400}, "f1": {}})"));
  auto f = LoadGridFile(path);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(f.status().message().rfind(path, 0), 0u) << f.status().message();
}

}  // namespace
}  // namespace airgrid::grid
