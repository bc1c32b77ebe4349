// Cross-check against scikit-learn (Debian's python3-sklearn, run through /usr/bin/python3):
// random and edge-case inputs are written to a JSON file, tests/sklearn/metrics_reference.py
// computes sklearn's answers, and every metric of ours must agree to 1e-12 (or fail the same way).
// Skips, saying why, when python3 or sklearn is missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/metrics/classification.h"
#include "airgrid/metrics/regression.h"
#include "airgrid/metrics/segmentation.h"

namespace airgrid::metrics {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr double kTol = 1e-12;

// sklearn's NaN arrives as JSON null.
void ExpectMatches(double ours, const json& theirs) {
  if (theirs.is_null()) EXPECT_TRUE(std::isnan(ours)) << ours;
  else EXPECT_NEAR(ours, theirs.get<double>(), kTol);
}

std::vector<std::string> RandomLabels(std::mt19937_64& rng, int n, const std::vector<std::string>& pool) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(pool[rng() % pool.size()]);
  return out;
}

json MakeCases() {
  std::mt19937_64 rng(20261128);
  std::normal_distribution<double> normal(0.0, 1.0);
  json cases = json::array();
  // Regression: random, constant truth (imperfect and perfect predictions), single sample.
  for (int k = 0; k < 20; ++k) {
    int n = 1 + static_cast<int>(rng() % 40);
    std::vector<double> y, p;
    for (int i = 0; i < n; ++i) { y.push_back(normal(rng) * 10); p.push_back(y.back() + normal(rng)); }
    cases.push_back({{"kind", "regression"}, {"truth", y}, {"pred", p}});
  }
  cases.push_back({{"kind", "regression"}, {"truth", {3, 3, 3}}, {"pred", {3, 2, 4}}});
  cases.push_back({{"kind", "regression"}, {"truth", {3, 3, 3}}, {"pred", {3, 3, 3}}});

  // Classification: every average × zero_division, random and edge cases.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> sets;
  for (int k = 0; k < 12; ++k) {
    std::vector<std::string> pool = k % 3 == 0 ? std::vector<std::string>{"0", "1"}
                                    : k % 3 == 1 ? std::vector<std::string>{"0", "1", "2", "3"}
                                                 : std::vector<std::string>{"cat", "dog", "eel"};
    int n = 1 + static_cast<int>(rng() % 30);
    sets.emplace_back(RandomLabels(rng, n, pool), RandomLabels(rng, n, pool));
  }
  sets.push_back({{"0", "1", "2", "2"}, {"0", "0", "0", "0"}});   // classes never predicted
  sets.push_back({{"1", "1", "1"}, {"1", "1", "1"}});             // single class
  sets.push_back({{"0", "0", "0"}, {"0", "0", "0"}});             // positive label absent
  sets.push_back({{"0", "0", "1"}, {"1", "1", "1"}});
  sets.push_back({{"2", "10", "2"}, {"10", "10", "2"}});          // numeric, not lexicographic
  for (auto& [t, p] : sets)
    for (const char* avg : {"binary", "micro", "macro", "weighted"})
      for (const char* zd : {"warn", "0", "1"}) {
        std::string pos = t[0] == "cat" || t[0] == "dog" || t[0] == "eel" ? "dog" : "1";
        cases.push_back({{"kind", "classification"}, {"truth", t}, {"pred", p}, {"average", avg},
                         {"zero_division", zd}, {"pos_label", pos}});
      }

  // ROC AUC with ties, plus the single-class error.
  for (int k = 0; k < 10; ++k) {
    int n = 2 + static_cast<int>(rng() % 30);
    std::vector<std::string> y = RandomLabels(rng, n, {"0", "1"});
    y[0] = "0"; y[1] = "1";
    std::vector<double> s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<double>(rng() % 5) / 4.0);
    cases.push_back({{"kind", "roc_auc"}, {"truth", y}, {"scores", s}});
  }
  cases.push_back({{"kind", "roc_auc"}, {"truth", {"1", "1"}}, {"scores", {0.2, 0.4}}});

  // Segmentation: random masks, one empty side, both empty.
  for (int k = 0; k < 10; ++k) {
    std::vector<int> t, p;
    for (int i = 0; i < 64; ++i) { t.push_back(rng() % 3 == 0); p.push_back(rng() % 4 == 0 ? 255 : 0); }
    for (int zd : {0, 1}) cases.push_back({{"kind", "segmentation"}, {"truth", t}, {"pred", p}, {"zero_division", zd}});
  }
  std::vector<int> empty(16, 0), some(16, 0);
  some[3] = 1;
  for (int zd : {0, 1}) {
    cases.push_back({{"kind", "segmentation"}, {"truth", empty}, {"pred", empty}, {"zero_division", zd}});
    cases.push_back({{"kind", "segmentation"}, {"truth", empty}, {"pred", some}, {"zero_division", zd}});
  }
  return cases;
}

std::vector<std::string> Strings(const json& j) { return j.get<std::vector<std::string>>(); }
std::vector<double> Doubles(const json& j) { return j.get<std::vector<double>>(); }

TEST(SklearnCrossCheck, EveryMetricAgrees) {
  if (std::system("/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with scikit-learn not available (apt install python3-sklearn)";
  const fs::path dir = fs::temp_directory_path() / ("airgrid_sklearn_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const json cases = MakeCases();
  ASSERT_TRUE(WriteFileAtomic((dir / "cases.json").string(), cases.dump()).ok());
  const std::string cmd = std::string("/usr/bin/python3 ") + AIRGRID_SOURCE_DIR +
                          "/tests/sklearn/metrics_reference.py " + (dir / "cases.json").string() +
                          " " + (dir / "answers.json").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const json answers = json::parse(*ReadFile((dir / "answers.json").string()));
  fs::remove_all(dir);
  std::printf("compared with scikit-learn %s on %zu cases\n",
              answers["sklearn_version"].get<std::string>().c_str(), cases.size());

  for (size_t i = 0; i < cases.size(); ++i) {
    const json& c = cases[i];
    const json& a = answers["answers"][i];
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c.dump());
    const std::string kind = c["kind"];
    if (kind == "regression") {
      auto r = Regression(Doubles(c["truth"]), Doubles(c["pred"]));
      ASSERT_TRUE(r.ok());
      ExpectMatches(r->mae, a["mae"]);
      ExpectMatches(r->rmse, a["rmse"]);
      ExpectMatches(r->r2, a["r2"]);
    } else if (kind == "classification") {
      ClassificationOptions o;
      o.average = *ParseAverage(c["average"]);
      o.zero_division = *ParseZeroDivision(c["zero_division"]);
      o.pos_label = c["pos_label"];
      auto r = Classification(Strings(c["truth"]), Strings(c["pred"]), o);
      if (a.contains("error")) {
        EXPECT_FALSE(r.ok()) << "sklearn raised: " << a["error"];
        continue;
      }
      ASSERT_TRUE(r.ok()) << r.status().message();
      EXPECT_NEAR(r->accuracy, a["accuracy"].get<double>(), kTol);
      EXPECT_NEAR(r->precision, a["precision"].get<double>(), kTol);
      EXPECT_NEAR(r->recall, a["recall"].get<double>(), kTol);
      EXPECT_NEAR(r->f1, a["f1"].get<double>(), kTol);
      EXPECT_EQ(json(r->confusion), a["confusion"]);
    } else if (kind == "roc_auc") {
      auto r = RocAuc(Strings(c["truth"]), Doubles(c["scores"]));
      if (a.contains("error")) {
        EXPECT_FALSE(r.ok());
        continue;
      }
      ASSERT_TRUE(r.ok()) << r.status().message();
      EXPECT_NEAR(*r, a["auc"].get<double>(), kTol);
    } else if (kind == "segmentation") {
      auto t = c["truth"].get<std::vector<int>>();
      auto p = c["pred"].get<std::vector<int>>();
      std::vector<uint8_t> tm(t.begin(), t.end()), pm;
      for (int v : p) pm.push_back(v != 0);
      auto r = Segmentation(tm, pm, c["zero_division"] == 1 ? EmptyMask::kOne : EmptyMask::kZero);
      ASSERT_TRUE(r.ok());
      EXPECT_NEAR(r->dice, a["dice"].get<double>(), kTol);
      EXPECT_NEAR(r->iou, a["iou"].get<double>(), kTol);
    }
  }
}

}  // namespace
}  // namespace airgrid::metrics
