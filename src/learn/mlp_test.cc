#include "airgrid/learn/mlp.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/learn/mlp_policy.h"
#include "airgrid/learn/mlp_train.h"
#include "learn/mlp_loss.h"

namespace airgrid::learn {
namespace {

namespace fs = std::filesystem;

struct Pqr {
  double p, q, r;
};

// A model with deterministic non-trivial weights and standardisation.
MlpModel RandomModel(std::vector<int> hidden, Activation act, uint64_t seed,
                     std::vector<MlpFeature> features = {MlpFeature::kLog10P, MlpFeature::kLog10Q,
                                                         MlpFeature::kLog10R}) {
  MlpModel m(std::move(features), hidden, act);
  std::mt19937_64 rng(seed);
  auto u = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53 * 2 - 1; };
  for (Eigen::Index i = 0; i < m.params().size(); ++i) m.params()[i] = u();
  for (int i = 0; i < m.input_size(); ++i) {
    m.feature_mean()[i] = 1.0 + 0.5 * u();
    m.feature_std()[i] = 1.0 + 0.25 * (u() + 1);
  }
  return m;
}

fs::path TempDir() {
  fs::path d = fs::temp_directory_path() / ("airgrid_mlp_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

TEST(MlpFeatures, NamesRoundTripAndListErrors) {
  for (MlpFeature f : {MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10R,
                       MlpFeature::kQ, MlpFeature::kLog10Area}) {
    auto parsed = ParseMlpFeature(MlpFeatureName(f));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, f);
  }
  auto list = ParseMlpFeatureList("log10p,q,log10r");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 3u);
  auto bad = ParseMlpFeatureList("log10p,size");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'size'"), std::string::npos);
  EXPECT_FALSE(ParseMlpFeatureList("q,q").ok());
  EXPECT_FALSE(ParseMlpFeatureList("").ok());
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kLog10P, 99, 0, 0), 2.0);
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kLog10R, 0, 0, 0), 0.0);  // r = 0 is legal
  EXPECT_DOUBLE_EQ(MlpFeatureValue(MlpFeature::kLog10Area, 9, 11, 0), 2.0);
}

TEST(MlpModel, CostCountedFromArchitecture) {
  MlpModel m({MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10R}, {16, 16},
             Activation::kTanh);
  MlpCost c = m.Cost();
  EXPECT_EQ(c.parameters, 3 * 16 + 16 + 16 * 16 + 16 + 16 + 1);  // 353
  EXPECT_EQ(c.model_bytes, (353 + 6) * 8);
  // 2·3 standardise + 3 log10 + 2·3·16 + 16 tanh + 2·16·16 + 16 tanh + 2·16·1
  EXPECT_EQ(c.flops_per_job, 6 + 3 + 96 + 16 + 512 + 16 + 32);
  EXPECT_EQ(c.transcendentals_per_job, 3 + 32);
  MlpModel relu({MlpFeature::kQ}, {4}, Activation::kRelu);
  EXPECT_EQ(relu.Cost().parameters, 4 + 4 + 4 + 1);
  EXPECT_EQ(relu.Cost().flops_per_job, 2 + 0 + 8 + 4 + 8);
  EXPECT_EQ(relu.Cost().transcendentals_per_job, 0);
}

TEST(MlpModel, ForwardMatchesHandComputation) {
  // One input (q, standardised with mean 2, std 4), two tanh units, linear output.
  MlpModel m({MlpFeature::kQ}, {2}, Activation::kTanh);
  m.feature_mean()[0] = 2;
  m.feature_std()[0] = 4;
  m.weight(0)(0, 0) = 0.5;
  m.weight(0)(1, 0) = -1.0;
  m.bias(0)[0] = 0.1;
  m.bias(0)[1] = 0.2;
  m.weight(1)(0, 0) = 2.0;
  m.weight(1)(0, 1) = 3.0;
  m.bias(1)[0] = -0.5;
  double x = (10.0 - 2) / 4;  // q = 10
  double expected = 2.0 * std::tanh(0.5 * x + 0.1) + 3.0 * std::tanh(-1.0 * x + 0.2) - 0.5;
  EXPECT_NEAR(m.ScoreOne(123, 10, 456), expected, 1e-15);

  MlpModel r({MlpFeature::kQ}, {2}, Activation::kRelu);
  r.params() = m.params();
  r.feature_mean() = m.feature_mean();
  r.feature_std() = m.feature_std();
  double relu = 2.0 * std::max(0.0, 0.5 * x + 0.1) + 3.0 * std::max(0.0, -1.0 * x + 0.2) - 0.5;
  EXPECT_NEAR(r.ScoreOne(123, 10, 456), relu, 1e-15);
}

TEST(MlpEvaluator, BatchEqualsOneByOneAndReusesBuffers) {
  MlpModel m = RandomModel({16, 16}, Activation::kTanh, 7);
  std::vector<Pqr> jobs;
  for (int i = 0; i < 50; ++i) jobs.push_back({10.0 * i + 1, 1.0 + i % 17, 100.0 * i});
  MlpEvaluator eval(&m);
  std::vector<double> out(jobs.size());
  for (std::size_t n : {50u, 7u, 50u, 1u}) {  // shrinking and growing again
    eval.Score(n, [&](std::size_t i) -> const Pqr& { return jobs[i]; }, out.data());
    for (std::size_t i = 0; i < n; ++i)
      EXPECT_DOUBLE_EQ(out[i], m.ScoreOne(jobs[i].p, jobs[i].q, jobs[i].r)) << "n=" << n;
  }
}

TEST(MlpJson, RoundTripIsExact) {
  MlpModel m = RandomModel({5, 3}, Activation::kRelu, 11,
                           {MlpFeature::kLog10Area, MlpFeature::kQ});
  nlohmann::json j = MlpModelToJson(m);
  EXPECT_EQ(j["layers"][0]["weight"].size(), 5u);     // out rows
  EXPECT_EQ(j["layers"][0]["weight"][0].size(), 2u);  // of `in` numbers
  // Through text, as a file would go.
  auto back = MlpModelFromJson(nlohmann::json::parse(j.dump()), "m.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->features(), m.features());
  EXPECT_EQ(back->hidden(), (std::vector<int>{5, 3}));
  EXPECT_EQ(back->hidden_activation(), Activation::kRelu);
  for (Eigen::Index i = 0; i < m.params().size(); ++i) EXPECT_EQ(back->params()[i], m.params()[i]);
  EXPECT_EQ(back->feature_mean(), m.feature_mean());
  EXPECT_EQ(back->feature_std(), m.feature_std());
}

// Each corruption must give InvalidInput naming the file and the key.
TEST(MlpJson, BadFilesNameFileAndKey) {
  MlpModel m = RandomModel({4}, Activation::kTanh, 3);
  const nlohmann::json good = MlpModelToJson(m);
  struct Case {
    std::string key;
    std::function<void(nlohmann::json&)> corrupt;
  };
  std::vector<Case> cases = {
      {"format", [](nlohmann::json& j) { j["format"] = "onnx"; }},
      {"features[1]", [](nlohmann::json& j) { j["features"][1] = "memory"; }},
      {"standardisation.std", [](nlohmann::json& j) { j["standardisation"]["std"][0] = 0.0; }},
      {"standardisation.mean", [](nlohmann::json& j) { j["standardisation"].erase("mean"); }},
      {"layers[0].weight", [](nlohmann::json& j) { j["layers"][0]["weight"].erase(0); }},
      {"layers[0].weight", [](nlohmann::json& j) { j["layers"][0]["weight"][2][1] = "x"; }},
      {"layers[1].in", [](nlohmann::json& j) { j["layers"][1]["in"] = 5; }},
      {"layers[1].bias", [](nlohmann::json& j) { j["layers"][1]["bias"] = {1.0, 2.0}; }},
      {"layers[1].activation", [](nlohmann::json& j) { j["layers"][1]["activation"] = "tanh"; }},
      {"layers[0].activation", [](nlohmann::json& j) { j["layers"][0]["activation"] = "gelu"; }},
      {"layers", [](nlohmann::json& j) { j.erase("layers"); }},
  };
  for (const Case& c : cases) {
    nlohmann::json j = good;
    c.corrupt(j);
    auto r = MlpModelFromJson(j, "bad.json");
    ASSERT_FALSE(r.ok()) << c.key;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(r.status().message().find("bad.json"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("'" + c.key + "'"), std::string::npos)
        << c.key << " -> " << r.status().message();
  }
}

// ---- Gradients against central finite differences ------------------------------------------

MlpBatch SmallBatch(int input_size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto u = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53 * 2 - 1; };
  MlpBatch b;
  const int n = 11;  // two tuples: 6 + 5 jobs
  b.x.resize(input_size, n);
  b.target.resize(n);
  b.score.resize(n);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < input_size; ++k) b.x(k, i) = 1.5 * u();
    b.target[i] = u();
    b.score[i] = 0.1 * (u() + 1);
  }
  b.score[3] = b.score[4];  // a tie, which the pairwise loss skips
  b.tuple_begin = {0, 6, 11};
  return b;
}

void CheckGradient(Activation act, MlpLoss loss, double weight_decay) {
  MlpModel m = RandomModel({5, 4}, act, 21);
  MlpBatch b = SmallBatch(m.input_size(), 5);
  Eigen::VectorXd grad;
  MlpLossAndGradient(m, b, loss, weight_decay, &grad);
  ASSERT_EQ(grad.size(), m.params().size());
  const double h = 1e-6;
  double worst = 0;
  for (Eigen::Index i = 0; i < m.params().size(); ++i) {
    const double saved = m.params()[i];
    m.params()[i] = saved + h;
    double up = MlpLossAndGradient(m, b, loss, weight_decay, nullptr);
    m.params()[i] = saved - h;
    double down = MlpLossAndGradient(m, b, loss, weight_decay, nullptr);
    m.params()[i] = saved;
    double numeric = (up - down) / (2 * h);
    double err = std::abs(numeric - grad[i]) / std::max(1e-3, std::abs(numeric) + std::abs(grad[i]));
    worst = std::max(worst, err);
  }
  EXPECT_LT(worst, 1e-6) << ActivationName(act) << " " << MlpLossName(loss);
}

TEST(MlpGradient, RegressionTanhMatchesFiniteDifferences) {
  CheckGradient(Activation::kTanh, MlpLoss::kRegression, 0);
}
TEST(MlpGradient, PairwiseTanhMatchesFiniteDifferences) {
  CheckGradient(Activation::kTanh, MlpLoss::kPairwise, 0);
}
TEST(MlpGradient, BothLossesWithReluAndWeightDecay) {
  CheckGradient(Activation::kRelu, MlpLoss::kRegression, 0.01);
  CheckGradient(Activation::kRelu, MlpLoss::kPairwise, 0.01);
}

TEST(MlpLossValue, PairwiseLossIsLogTwoAtEqualOutputs) {
  MlpModel m({MlpFeature::kQ}, {2}, Activation::kTanh);  // all weights zero: output 0
  MlpBatch b = SmallBatch(1, 9);
  EXPECT_NEAR(MlpLossAndGradient(m, b, MlpLoss::kPairwise, 0, nullptr), std::log(2.0), 1e-15);
  // Regression: mean of target².
  EXPECT_NEAR(MlpLossAndGradient(m, b, MlpLoss::kRegression, 0, nullptr),
              b.target.squaredNorm() / b.target.size(), 1e-15);
}

// ---- Ranking quality -----------------------------------------------------------------------

TEST(RankWithinTuples, HandComputedTauAndAccuracy) {
  std::vector<ScoreRow> rows(6);
  double scores[] = {1, 2, 3, 5, 5, 6};
  for (int i = 0; i < 6; ++i) {
    rows[i].tuple = i < 3 ? 0 : 1;
    rows[i].score = scores[i];
  }
  // Tuple 0: pred order (1,3,2): pairs (0,1) C, (0,2) C, (1,2) D -> τ = 1/3, 2 of 3 right.
  // Tuple 1: scores 5,5,6 (one tied pair); pred 1,2,2: (3,4) score tie -> skipped;
  //   (3,5) C; (4,5) pred tie -> half. n0=3, n1 (pred ties)=1, n2 (score ties)=1:
  //   τ_b = (1-0)/sqrt(2·2) = 0.5; accuracy adds 1.5 of 2.
  std::vector<double> pred = {1, 3, 2, 1, 2, 2};
  RankingQuality q = RankWithinTuples(rows, pred);
  EXPECT_EQ(q.tuples, 2);
  EXPECT_EQ(q.pairs, 5);
  EXPECT_NEAR(q.kendall_tau, (1.0 / 3 + 0.5) / 2, 1e-15);
  EXPECT_NEAR(q.pairwise_accuracy, 3.5 / 5, 1e-15);
  // Perfect and reversed predictions.
  std::vector<double> same(scores, scores + 6), reversed;
  for (double s : same) reversed.push_back(-s);
  EXPECT_NEAR(RankWithinTuples(rows, same).kendall_tau, 1.0, 1e-15);
  EXPECT_NEAR(RankWithinTuples(rows, reversed).kendall_tau, -1.0, 1e-15);
  EXPECT_NEAR(RankWithinTuples(rows, reversed).pairwise_accuracy, 0.0, 1e-15);
}

// ---- Training on the published SC'17 scores -------------------------------------------------

const std::vector<ScoreRow>* Sc17Rows() {
  static const auto* rows = [] {
    auto r = ReadScoresCsv(std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv");
    return r.ok() ? new std::vector<ScoreRow>(std::move(*r)) : nullptr;
  }();
  return rows;
}

MlpTrainOptions QuickOptions(MlpLoss loss) {
  MlpTrainOptions o;
  o.loss = loss;
  o.max_epochs = 40;  // enough to learn the ordering; keeps the test fast
  o.patience = 15;
  return o;
}

TEST(TrainMlp, PairwiseOnSc17RanksHeldOutTuplesAndIsDeterministic) {
  const auto* rows = Sc17Rows();
  if (!rows) GTEST_SKIP() << "../shared/sc17/score-distribution.csv not found";
  auto a = TrainMlp(*rows, QuickOptions(MlpLoss::kPairwise));
  ASSERT_TRUE(a.ok()) << a.status().message();
  const MlpReport& r = a->report;
  EXPECT_EQ(r.train_tuples + r.validation_tuples + r.test_tuples, 216);
  EXPECT_EQ(r.test_tuples, 32);  // round(0.15 · 216)
  EXPECT_EQ(r.test.tuples, 32);
  // Learned order beats FCFS and chance clearly on tuples never seen in training.
  EXPECT_GT(r.test.kendall_tau, 0.3);
  EXPECT_GT(r.test.pairwise_accuracy, 0.65);
  EXPECT_GT(r.test.kendall_tau, r.fcfs_test.kendall_tau);
  EXPECT_GE(r.best_epoch, 1);
  EXPECT_LE(r.best_epoch, r.epochs_run);
  // Same seed, same bits.
  auto b = TrainMlp(*rows, QuickOptions(MlpLoss::kPairwise));
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(a->model.params().size(), b->model.params().size());
  for (Eigen::Index i = 0; i < a->model.params().size(); ++i)
    ASSERT_EQ(a->model.params()[i], b->model.params()[i]) << i;
  // Another seed: another split and initialisation.
  MlpTrainOptions other = QuickOptions(MlpLoss::kPairwise);
  other.seed = 2;
  other.max_epochs = 1;
  auto c = TrainMlp(*rows, other);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->model.params(), a->model.params());
}

TEST(TrainMlp, RegressionOnSc17LearnsTheOrder) {
  const auto* rows = Sc17Rows();
  if (!rows) GTEST_SKIP() << "../shared/sc17/score-distribution.csv not found";
  auto a = TrainMlp(*rows, QuickOptions(MlpLoss::kRegression));
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_GT(a->report.test.kendall_tau, 0.3);
  EXPECT_LT(a->report.train_loss, 1.0);  // below the variance of the tuple-z target
}

TEST(TrainMlp, RejectsBadInputAndOptions) {
  std::vector<ScoreRow> rows;
  for (int t = 0; t < 2; ++t)
    for (int k = 0; k < 4; ++k) rows.push_back({t, 10.0 + k, 1, 5.0 * k, 0.25 + 0.01 * k});
  auto few = TrainMlp(rows, MlpTrainOptions{});
  ASSERT_FALSE(few.ok());
  EXPECT_NE(few.status().message().find("tuples"), std::string::npos);
  MlpTrainOptions o;
  o.hidden = {0};
  EXPECT_FALSE(TrainMlp(rows, o).ok());
  rows[3].p = std::nan("");
  auto nan = TrainMlp(rows, MlpTrainOptions{});
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("row 4"), std::string::npos) << nan.status().message();
}

// ---- Cross-check of the forward pass with PyTorch -------------------------------------------

TEST(MlpForward, MatchesPyTorchOnTheSameWeights) {
  const std::string script = std::string(AIRGRID_SOURCE_DIR) + "/tests/torch/mlp_forward.py";
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 not found";
  fs::path dir = TempDir();
  // Five features (every kind), both hidden activations; one Python process for both models
  // (importing torch dominates the test's time).
  std::vector<Pqr> jobs;
  std::mt19937_64 rng(4);
  std::ostringstream csv;
  csv.precision(17);
  for (int i = 0; i < 200; ++i) {
    Pqr j{static_cast<double>(rng() % 100000), static_cast<double>(1 + rng() % 256),
          static_cast<double>(rng() % 500000)};
    if (i == 0) j = {0, 1, 0};  // zero runtime and r = 0 are legal
    jobs.push_back(j);
    csv << j.p << ',' << j.q << ',' << j.r << '\n';
  }
  const std::string in = (dir / "in.csv").string();
  ASSERT_TRUE(WriteFileAtomic(in, csv.str()).ok());
  std::vector<MlpModel> models;
  std::string cmd = "/usr/bin/python3 '" + script + "'";
  for (Activation act : {Activation::kTanh, Activation::kRelu}) {
    models.push_back(RandomModel({16, 16}, act, 33,
                                 {MlpFeature::kLog10P, MlpFeature::kLog10Q, MlpFeature::kLog10R,
                                  MlpFeature::kQ, MlpFeature::kLog10Area}));
    std::string name = std::string(ActivationName(act));
    const std::string model = (dir / (name + ".json")).string();
    ASSERT_TRUE(WriteFileAtomic(model, MlpModelToJson(models.back()).dump()).ok());
    cmd += " '" + model + "' '" + in + "' '" + (dir / (name + ".out")).string() + "'";
  }
  cmd += " 2>'" + (dir / "err.txt").string() + "'";
  int rc = std::system(cmd.c_str());
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 3) {
    auto err = ReadFile((dir / "err.txt").string());
    fs::remove_all(dir);
    GTEST_SKIP() << "PyTorch not usable: " << (err.ok() ? *err : "");
  }
  ASSERT_EQ(rc, 0) << cmd;
  for (const MlpModel& m : models) {
    std::string name = std::string(ActivationName(m.hidden_activation()));
    std::ifstream f(dir / (name + ".out"));
    std::vector<double> ours(jobs.size());
    MlpEvaluator eval(&m);
    eval.Score(jobs.size(), [&](std::size_t i) -> const Pqr& { return jobs[i]; }, ours.data());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      double theirs;
      ASSERT_TRUE(f >> theirs) << "missing output " << i;
      EXPECT_NEAR(ours[i], theirs, 1e-6 * std::max(1.0, std::abs(theirs)))
          << name << " job " << i;
    }
  }
  fs::remove_all(dir);
}

// ---- The policy ------------------------------------------------------------------------------

TEST(MlpPolicy, ScoresWindowAndRegistersScheme) {
  fs::path dir = TempDir();
  MlpModel m = RandomModel({8}, Activation::kTanh, 17);
  const std::string path = (dir / "policy.json").string();
  ASSERT_TRUE(WriteFileAtomic(path, MlpModelToJson(m).dump()).ok());

  RegisterMlpPolicy();
  auto policy = sched::MakePolicy("mlp:" + path);
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  EXPECT_EQ((*policy)->Name(), "mlp:" + path);
  EXPECT_FALSE((*policy)->TimeDependent());
  std::vector<sched::JobFeatures> jobs(5);
  for (int i = 0; i < 5; ++i) jobs[i] = {100.0 * (i + 1), 4.0 * (i + 1), 60.0 * i, 0, nullptr};
  std::vector<double> scores(5);
  (*policy)->Score(jobs, scores);
  for (int i = 0; i < 5; ++i)
    EXPECT_DOUBLE_EQ(scores[i], m.ScoreOne(jobs[i].p, jobs[i].q, jobs[i].r));

  // A bad file: InvalidInput naming the file and the key.
  nlohmann::json bad = MlpModelToJson(m);
  bad["layers"][0].erase("bias");
  const std::string bad_path = (dir / "bad.json").string();
  ASSERT_TRUE(WriteFileAtomic(bad_path, bad.dump()).ok());
  auto r = sched::MakePolicy("mlp:" + bad_path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(r.status().message().find(bad_path), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("layers[0].bias"), std::string::npos);
  // Not JSON at all; a missing file.
  ASSERT_TRUE(WriteFileAtomic(bad_path, "{\"format\": ").ok());
  EXPECT_EQ(sched::MakePolicy("mlp:" + bad_path).status().code(), Status::Code::kInvalidInput);
  EXPECT_FALSE(sched::MakePolicy("mlp:" + (dir / "absent.json").string()).ok());
  fs::remove_all(dir);
}


// Regression (issue 11): a 4.7 KB model declaring huge layers allocated 1.7 GB before any check.
TEST(MlpJson, DeclaredLayerSizesMustBeBackedByTheArrays) {
  MlpModel m = RandomModel({3}, Activation::kRelu, 11, {MlpFeature::kLog10Area, MlpFeature::kQ});
  nlohmann::json j = MlpModelToJson(m);
  j["layers"][0]["out"] = 200000;
  j["layers"][1]["in"] = 200000;
  auto back = MlpModelFromJson(j, "bomb.json");
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("bomb.json"), std::string::npos);
  EXPECT_NE(back.status().message().find("layers[0].weight"), std::string::npos) << back.status().message();
}

}  // namespace
}  // namespace airgrid::learn
