#include "airgrid/learn/mlp_train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/sched/published_formulas.h"
#include "learn/adam.h"
#include "learn/mlp_loss.h"

namespace airgrid::learn {

std::string_view MlpLossName(MlpLoss loss) {
  return loss == MlpLoss::kRegression ? "regression" : "pairwise";
}

Result<MlpLoss> ParseMlpLoss(std::string_view name) {
  if (name == "regression") return MlpLoss::kRegression;
  if (name == "pairwise") return MlpLoss::kPairwise;
  return Status::InvalidInput("unknown MLP loss '" + std::string(name) +
                              "' (expected regression or pairwise)");
}

std::string_view RegressionTargetName(RegressionTarget t) {
  return t == RegressionTarget::kTupleZ ? "tuple-z" : "scaled-score";
}

Result<RegressionTarget> ParseRegressionTarget(std::string_view name) {
  if (name == "tuple-z") return RegressionTarget::kTupleZ;
  if (name == "scaled-score") return RegressionTarget::kScaledScore;
  return Status::InvalidInput("unknown regression target '" + std::string(name) +
                              "' (expected tuple-z or scaled-score)");
}

// ---- Ranking quality ----------------------------------------------------------------------

namespace {

int Sign(double x) { return (x > 0) - (x < 0); }

// Row indices grouped by tuple id, tuples in order of first appearance.
std::vector<std::vector<int>> GroupByTuple(std::span<const ScoreRow> rows) {
  std::map<int, int> slot;
  std::vector<std::vector<int>> groups;
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    auto [it, fresh] = slot.emplace(rows[i].tuple, static_cast<int>(groups.size()));
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

}  // namespace

RankingQuality RankWithinTuples(std::span<const ScoreRow> rows, std::span<const double> predicted) {
  RankingQuality q;
  double tau_sum = 0, right = 0;
  for (const std::vector<int>& g : GroupByTuple(rows)) {
    long concordant = 0, discordant = 0, tied_pred = 0, tied_score = 0, all = 0, pred_only_ties = 0;
    for (std::size_t a = 0; a < g.size(); ++a) {
      for (std::size_t b = a + 1; b < g.size(); ++b) {
        int ds = Sign(rows[g[a]].score - rows[g[b]].score);
        int dp = Sign(predicted[g[a]] - predicted[g[b]]);
        ++all;
        if (ds == 0) ++tied_score;
        if (dp == 0) ++tied_pred;
        if (ds == 0) continue;
        if (dp == 0) ++pred_only_ties;
        else if (ds == dp) ++concordant;
        else ++discordant;
      }
    }
    if (all == tied_score) continue;  // nothing to rank in this tuple
    double denom = std::sqrt(static_cast<double>(all - tied_pred) * (all - tied_score));
    tau_sum += denom > 0 ? (concordant - discordant) / denom : 0.0;
    right += concordant + 0.5 * pred_only_ties;
    q.pairs += all - tied_score;
    ++q.tuples;
  }
  if (q.tuples > 0) {
    q.kendall_tau = tau_sum / q.tuples;
    q.pairwise_accuracy = right / static_cast<double>(q.pairs);
  }
  return q;
}

// ---- Training -----------------------------------------------------------------------------

namespace {

// Uniform double in [0, 1) from 53 random bits (same on every platform).
double Uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Uniform integer in [0, n) by rejection (no modulo bias, platform-independent).
uint64_t UniformBelow(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = rng(); while (x >= limit);
  return x % n;
}

template <typename T>
void Shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[UniformBelow(rng, i)]);
}

// One tuple's rows, ready for batching.
struct TupleData {
  std::vector<ScoreRow> rows;
  Eigen::MatrixXd x;       // standardised inputs, one column per row
  Eigen::VectorXd target;  // regression target
};

Status CheckOptions(const MlpTrainOptions& o) {
  auto bad = [](const std::string& what) { return Status::InvalidInput("MLP training: " + what); };
  if (o.features.empty()) return bad("at least one feature is needed");
  for (int h : o.hidden)
    if (h < 1 || h > 4096) return bad("hidden widths must be in 1..4096, got " + std::to_string(h));
  if (o.max_epochs < 1) return bad("epochs must be >= 1");
  if (o.patience < 1) return bad("patience must be >= 1");
  if (o.batch_tuples < 1) return bad("batch size (tuples) must be >= 1");
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
    return bad("learning rate must be a positive number");
  if (!(o.weight_decay >= 0)) return bad("weight decay must be >= 0");
  if (!(o.validation_fraction > 0 && o.test_fraction >= 0 &&
        o.validation_fraction + o.test_fraction < 1))
    return bad("need 0 < validation fraction, 0 <= test fraction, and their sum < 1");
  return Status::Ok();
}

Status CheckRows(std::span<const ScoreRow> rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ScoreRow& r = rows[i];
    if (!std::isfinite(r.p) || !std::isfinite(r.q) || !std::isfinite(r.r) ||
        !std::isfinite(r.score) || r.p < 0 || r.q < 0 || r.r < 0) {
      return Status::InvalidInput("scores row " + std::to_string(i + 1) + " (tuple " +
                                  std::to_string(r.tuple) +
                                  "): expected finite p, q, r >= 0 and a finite score");
    }
  }
  return Status::Ok();
}

void SetTargets(TupleData& t, RegressionTarget kind) {
  const auto m = static_cast<Eigen::Index>(t.rows.size());
  t.target.resize(m);
  double mean = 0;
  for (const ScoreRow& r : t.rows) mean += r.score;
  mean /= m;
  double var = 0;
  for (const ScoreRow& r : t.rows) var += (r.score - mean) * (r.score - mean);
  double sd = std::sqrt(var / m);
  for (Eigen::Index i = 0; i < m; ++i) {
    double s = t.rows[i].score;
    t.target[i] = kind == RegressionTarget::kScaledScore ? s * m
                  : sd > 0                               ? (s - mean) / sd
                                                         : 0.0;
  }
}

void FitStandardisation(MlpModel& model, const std::vector<TupleData*>& train) {
  const int d = model.input_size();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(d), sq = Eigen::VectorXd::Zero(d);
  double n = 0;
  for (const TupleData* t : train) {
    for (const ScoreRow& r : t->rows) {
      for (int i = 0; i < d; ++i) {
        double v = MlpFeatureValue(model.features()[i], r.p, r.q, r.r);
        sum[i] += v;
        sq[i] += v * v;
      }
      n += 1;
    }
  }
  for (int i = 0; i < d; ++i) {
    double mean = sum[i] / n;
    double var = std::max(0.0, sq[i] / n - mean * mean);
    model.feature_mean()[i] = mean;
    model.feature_std()[i] = var > 1e-24 ? std::sqrt(var) : 1.0;  // a constant feature stays 0
  }
}

void InitWeights(MlpModel& model, std::mt19937_64& rng) {
  model.params().setZero();
  for (std::size_t l = 0; l < model.layers().size(); ++l) {
    const MlpModel::Layer& L = model.layers()[l];
    // Glorot for tanh/identity, He for ReLU, uniform variants.
    double limit = L.activation == Activation::kRelu ? std::sqrt(6.0 / L.in)
                                                     : std::sqrt(6.0 / (L.in + L.out));
    auto W = model.weight(l);
    for (int i = 0; i < L.in; ++i)
      for (int o = 0; o < L.out; ++o) W(o, i) = (2.0 * Uniform01(rng) - 1.0) * limit;
  }
}

void Standardise(const MlpModel& model, TupleData& t) {
  t.x.resize(model.input_size(), static_cast<Eigen::Index>(t.rows.size()));
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    model.Inputs(t.rows[i].p, t.rows[i].q, t.rows[i].r, t.x.col(i).data());
}

MlpBatch MakeBatch(const std::vector<TupleData*>& tuples, std::size_t begin, std::size_t end) {
  MlpBatch b;
  int n = 0;
  for (std::size_t t = begin; t < end; ++t) n += static_cast<int>(tuples[t]->rows.size());
  b.x.resize(tuples[begin]->x.rows(), n);
  b.target.resize(n);
  b.score.resize(n);
  int col = 0;
  for (std::size_t t = begin; t < end; ++t) {
    const TupleData& td = *tuples[t];
    const auto m = static_cast<Eigen::Index>(td.rows.size());
    b.tuple_begin.push_back(col);
    b.x.middleCols(col, m) = td.x;
    b.target.segment(col, m) = td.target;
    for (Eigen::Index i = 0; i < m; ++i) b.score[col + i] = td.rows[i].score;
    col += static_cast<int>(m);
  }
  b.tuple_begin.push_back(col);
  return b;
}

// Loss and ranking quality of the model on a set of tuples.
struct SetEval {
  double loss = 0;
  RankingQuality ranking;
};

SetEval Evaluate(const MlpModel& model, const std::vector<TupleData*>& set, MlpLoss loss,
                 double weight_decay) {
  SetEval e;
  if (set.empty()) return e;
  MlpBatch b = MakeBatch(set, 0, set.size());
  e.loss = MlpLossAndGradient(model, b, loss, weight_decay, nullptr);
  Eigen::VectorXd f = MlpForward(model, b.x);
  std::vector<ScoreRow> rows;
  for (const TupleData* t : set) rows.insert(rows.end(), t->rows.begin(), t->rows.end());
  e.ranking = RankWithinTuples(rows, std::span<const double>(f.data(), f.size()));
  return e;
}

// Baseline rankings on a set: SC'17 F1 (the one definition, sched/published_formulas.h) and
// FCFS (by r).
void Baselines(const std::vector<TupleData*>& set, MlpReport* report) {
  std::vector<ScoreRow> rows;
  for (const TupleData* t : set) rows.insert(rows.end(), t->rows.begin(), t->rows.end());
  std::vector<double> f1, fcfs;
  for (const ScoreRow& r : rows) {
    f1.push_back(sched::F1(r.p, r.q, r.r));
    fcfs.push_back(r.r);
  }
  report->f1_test = RankWithinTuples(rows, f1);
  report->fcfs_test = RankWithinTuples(rows, fcfs);
}

}  // namespace

Result<MlpTrainResult> TrainMlp(std::span<const ScoreRow> rows, const MlpTrainOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  AIRGRID_RETURN_IF_ERROR(CheckOptions(options));
  AIRGRID_RETURN_IF_ERROR(CheckRows(rows));

  std::vector<TupleData> tuples;
  for (const std::vector<int>& g : GroupByTuple(rows)) {
    if (g.size() < 2) continue;  // a lone job has nothing to be ranked against
    TupleData t;
    for (int i : g) t.rows.push_back(rows[i]);
    tuples.push_back(std::move(t));
  }
  const int T = static_cast<int>(tuples.size());
  const int n_test = options.test_fraction > 0
                         ? std::max(1, static_cast<int>(std::lround(options.test_fraction * T)))
                         : 0;
  const int n_val = std::max(1, static_cast<int>(std::lround(options.validation_fraction * T)));
  if (T - n_test - n_val < 1) {
    return Status::InvalidInput("MLP training: " + std::to_string(T) +
                                " tuples with 2 or more rows; need at least " +
                                std::to_string(n_test + n_val + 1) +
                                " (train, validation and test sets are split by tuple)");
  }

  std::mt19937_64 rng(options.seed);
  std::vector<TupleData*> order;
  for (TupleData& t : tuples) order.push_back(&t);
  Shuffle(order, rng);
  std::vector<TupleData*> test(order.begin(), order.begin() + n_test);
  std::vector<TupleData*> val(order.begin() + n_test, order.begin() + n_test + n_val);
  std::vector<TupleData*> train(order.begin() + n_test + n_val, order.end());

  MlpTrainResult result;
  MlpModel& model = result.model;
  model = MlpModel(options.features, options.hidden, options.activation);
  FitStandardisation(model, train);
  for (TupleData& t : tuples) {
    Standardise(model, t);
    SetTargets(t, options.target);
  }
  InitWeights(model, rng);

  Adam adam(model.params().size(), options.learning_rate);
  Eigen::VectorXd grad, best = model.params();
  double best_tau = -std::numeric_limits<double>::infinity();
  MlpReport& report = result.report;
  int since_best = 0;
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    Shuffle(train, rng);
    for (std::size_t b = 0; b < train.size(); b += options.batch_tuples) {
      std::size_t e = std::min(train.size(), b + static_cast<std::size_t>(options.batch_tuples));
      MlpBatch batch = MakeBatch(train, b, e);
      MlpLossAndGradient(model, batch, options.loss, options.weight_decay, &grad);
      adam.Step(model.params(), grad);
    }
    report.epochs_run = epoch;
    double tau = Evaluate(model, val, options.loss, options.weight_decay).ranking.kendall_tau;
    if (tau > best_tau + 1e-12) {
      best_tau = tau;
      best = model.params();
      report.best_epoch = epoch;
      since_best = 0;
    } else if (++since_best >= options.patience) {
      break;
    }
  }
  model.params() = best;

  report.options = options;
  SetEval tr = Evaluate(model, train, options.loss, options.weight_decay);
  SetEval va = Evaluate(model, val, options.loss, options.weight_decay);
  SetEval te = Evaluate(model, test, options.loss, options.weight_decay);
  report.train_loss = tr.loss;
  report.validation_loss = va.loss;
  report.test_loss = te.loss;
  report.train = tr.ranking;
  report.validation = va.ranking;
  report.test = te.ranking;
  Baselines(test, &report);
  report.train_tuples = static_cast<int>(train.size());
  report.validation_tuples = n_val;
  report.test_tuples = n_test;
  report.cost = model.Cost();
  report.train_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Result<MlpTrainResult> TrainMlpBestLoss(std::span<const ScoreRow> rows,
                                        const MlpTrainOptions& options,
                                        std::vector<MlpReport>* reports) {
  MlpTrainOptions o = options;
  o.loss = MlpLoss::kRegression;
  Result<MlpTrainResult> regression = TrainMlp(rows, o);
  if (!regression.ok()) return regression.status();
  o.loss = MlpLoss::kPairwise;
  Result<MlpTrainResult> pairwise = TrainMlp(rows, o);
  if (!pairwise.ok()) return pairwise.status();
  if (reports) *reports = {regression->report, pairwise->report};
  bool pairwise_better =
      pairwise->report.validation.kendall_tau > regression->report.validation.kendall_tau;
  return pairwise_better ? std::move(*pairwise) : std::move(*regression);
}

double MeasureScoringNanoseconds(const MlpModel& model, std::span<const ScoreRow> rows, int batch,
                                 double budget_seconds) {
  if (rows.empty() || batch < 1) return 0;
  MlpEvaluator eval(&model);
  std::vector<double> out(batch);
  std::size_t offset = 0;
  auto once = [&] {
    eval.Score(batch, [&](std::size_t i) -> const ScoreRow& {
      return rows[(offset + i) % rows.size()];
    }, out.data());
    offset = (offset + batch) % rows.size();
  };
  once();  // warm up the buffers
  using Clock = std::chrono::steady_clock;
  // Rounds of ~1 ms each; the median round resists interruptions by other processes.
  const int reps = 64;
  std::vector<double> per_job;
  const auto deadline = Clock::now() + std::chrono::duration<double>(budget_seconds);
  volatile double sink = 0;
  do {
    auto t0 = Clock::now();
    for (int i = 0; i < reps; ++i) once();
    auto t1 = Clock::now();
    sink = sink + out[0];
    per_job.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() /
                      (static_cast<double>(reps) * batch));
  } while (Clock::now() < deadline || per_job.size() < 5);
  std::nth_element(per_job.begin(), per_job.begin() + per_job.size() / 2, per_job.end());
  return per_job[per_job.size() / 2];
}

// ---- Reports and files --------------------------------------------------------------------

namespace {

nlohmann::json NumberOrNull(double x) { return std::isfinite(x) ? nlohmann::json(x) : nullptr; }

nlohmann::json RankingJson(const RankingQuality& q) {
  return {{"kendall_tau", NumberOrNull(q.kendall_tau)},
          {"pairwise_accuracy", NumberOrNull(q.pairwise_accuracy)},
          {"tuples", q.tuples},
          {"pairs", q.pairs}};
}

}  // namespace

nlohmann::json MlpReport::ToJson() const {
  nlohmann::json features = nlohmann::json::array();
  for (MlpFeature f : options.features) features.push_back(MlpFeatureName(f));
  nlohmann::json j;
  j["loss"] = MlpLossName(options.loss);
  if (options.loss == MlpLoss::kRegression) j["target"] = RegressionTargetName(options.target);
  j["options"] = {{"features", features},
                  {"hidden", options.hidden},
                  {"activation", ActivationName(options.activation)},
                  {"max_epochs", options.max_epochs},
                  {"patience", options.patience},
                  {"batch_tuples", options.batch_tuples},
                  {"learning_rate", options.learning_rate},
                  {"weight_decay", options.weight_decay},
                  {"validation_fraction", options.validation_fraction},
                  {"test_fraction", options.test_fraction},
                  {"seed", options.seed}};
  j["epochs_run"] = epochs_run;
  j["best_epoch"] = best_epoch;
  j["train_seconds"] = train_seconds;
  j["split_tuples"] = {
      {"train", train_tuples}, {"validation", validation_tuples}, {"test", test_tuples}};
  j["loss_value"] = {{"train", train_loss}, {"validation", validation_loss}, {"test", test_loss}};
  j["ranking"] = {{"train", RankingJson(train)},
                  {"validation", RankingJson(validation)},
                  {"test", RankingJson(test)},
                  {"test_baseline_f1", RankingJson(f1_test)},
                  {"test_baseline_fcfs", RankingJson(fcfs_test)}};
  j["cost"] = {{"parameters", cost.parameters},
               {"model_bytes", cost.model_bytes},
               {"flops_per_job", cost.flops_per_job},
               {"transcendentals_per_job", cost.transcendentals_per_job},
               {"ns_per_job", ns_per_job},
               {"ns_batch_jobs", ns_batch}};
  return j;
}

nlohmann::json MlpFileJson(const MlpModel& model, const MlpReport& report,
                           const std::vector<MlpReport>& compared, const std::string& command_line,
                           const std::string& scores_source) {
  nlohmann::json j = ProvenanceJson(command_line);
  j["seed"] = report.options.seed;
  j["scores"] = scores_source;
  const nlohmann::json network = MlpModelToJson(model);
  j.update(network);
  j["training"] = report.ToJson();
  if (!compared.empty()) {
    nlohmann::json c = nlohmann::json::array();
    for (const MlpReport& r : compared) c.push_back(r.ToJson());
    j["loss_comparison"] = {{"chosen_by", "validation kendall_tau"}, {"runs", c}};
  }
  return j;
}

Status SaveMlpFile(const std::string& path, const nlohmann::json& file) {
  return WriteFileAtomic(path, file.dump(2) + "\n");
}

Result<std::vector<int>> ParseHiddenLayers(const std::string& text) {
  std::vector<int> out;
  if (text == "none") return out;
  size_t pos = 0;
  while (true) {
    const size_t comma = text.find(',', pos);
    const std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t used = 0;
    int width = 0;
    try {
      width = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || width < 1 || width > 4096) {
      return Status::InvalidInput("'" + text + "': expected comma-separated layer widths in 1..4096 (e.g. 16,16) or 'none', got '" + item + "'");
    }
    out.push_back(width);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace airgrid::learn
