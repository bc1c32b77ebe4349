// Training an MlpModel on a scores table (learn/scores.h), and judging how well it ranks.
//
// Contract:
// - Rows are grouped by `tuple`. The tuples are split at random (seeded, platform-independent
//   shuffle) into train / validation / test sets: the network learns on train, early stopping
//   picks the epoch with the best mean Kendall τ-b on validation, and the report's "test"
//   figures come from tuples never used for either. Splits are by tuple because the scores of
//   one tuple are shares of one total: rows of a tuple are not independent.
// - Losses:
//   regression  mean squared error between the output and a target: the score standardised
//               within its tuple (z = (score - tuple mean) / tuple std; the default) or the raw
//               score times the tuple size (mean 1 per tuple).
//   pairwise    RankNet: for every pair (i, j) of one tuple with score_i < score_j, the logistic
//               loss log(1 + exp(f_i - f_j)), averaged over pairs; it asks only that the better
//               job get the lower output.
// - Adam on mini-batches of whole tuples; Glorot-uniform (tanh) or He-uniform (ReLU) weights,
//   zero biases; every random step draws from one std::mt19937_64 seeded with `seed` through our
//   own mappings, single-threaded: the same seed gives bit-identical models.
// - TrainMlp never throws for bad input: too few tuples, non-finite values, bad options give
//   InvalidInput naming what is wrong.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/learn/mlp.h"
#include "airgrid/learn/scores.h"

namespace airgrid::learn {

enum class MlpLoss { kRegression, kPairwise };
std::string_view MlpLossName(MlpLoss loss);  // "regression", "pairwise"
Result<MlpLoss> ParseMlpLoss(std::string_view name);

enum class RegressionTarget { kTupleZ, kScaledScore };
std::string_view RegressionTargetName(RegressionTarget t);  // "tuple-z", "scaled-score"
Result<RegressionTarget> ParseRegressionTarget(std::string_view name);

struct MlpTrainOptions {
  std::vector<MlpFeature> features = {MlpFeature::kLog10P, MlpFeature::kLog10Q,
                                      MlpFeature::kLog10R};
  std::vector<int> hidden = {16, 16};
  Activation activation = Activation::kTanh;
  MlpLoss loss = MlpLoss::kPairwise;
  RegressionTarget target = RegressionTarget::kTupleZ;
  int max_epochs = 300;
  int patience = 40;           // stop after this many epochs without a better validation τ
  int batch_tuples = 8;        // tuples per mini-batch
  double learning_rate = 3e-3;
  double weight_decay = 0;     // L2 added to the loss: weight_decay/2 · Σ W² (not biases)
  double validation_fraction = 0.15;
  double test_fraction = 0.15;
  uint64_t seed = 1;
};

// Ranking quality of predicted scores against true scores, within tuples.
struct RankingQuality {
  // Mean over tuples of Kendall's τ-b between predictions and scores (1 = same order).
  double kendall_tau = std::numeric_limits<double>::quiet_NaN();
  // Share of within-tuple pairs with different scores that the prediction orders the right way
  // (a tie in the prediction counts one half), pooled over tuples.
  double pairwise_accuracy = std::numeric_limits<double>::quiet_NaN();
  int tuples = 0;
  int64_t pairs = 0;  // pairs with different scores
};

// Rows and predictions of equal length; rows grouped by `tuple`. Tuples whose scores are all
// equal are skipped.
RankingQuality RankWithinTuples(std::span<const ScoreRow> rows, std::span<const double> predicted);

// Everything the grid and the CLI report about one trained model.
struct MlpReport {
  MlpTrainOptions options;
  int epochs_run = 0;
  int best_epoch = 0;           // 1-based epoch whose weights were kept
  double train_seconds = 0;     // wall time of TrainMlp (steady clock)
  double train_loss = 0, validation_loss = 0, test_loss = 0;  // the training loss, at best_epoch
  RankingQuality train, validation, test;
  // Baselines on the same test tuples: F1 = log10(p)·q + 870·log10(r) (SC'17) and FCFS (by r).
  RankingQuality f1_test, fcfs_test;
  int train_tuples = 0, validation_tuples = 0, test_tuples = 0;
  MlpCost cost;
  // Measured by MeasureScoringNanoseconds (0 until measured).
  double ns_per_job = 0;
  int ns_batch = 0;

  // {"loss", "target", ..., "test": {"kendall_tau", ...}, "cost": {...}}
  nlohmann::json ToJson() const;
};

struct MlpTrainResult {
  MlpModel model;
  MlpReport report;
};

Result<MlpTrainResult> TrainMlp(std::span<const ScoreRow> rows, const MlpTrainOptions& options);

// Trains once with each loss (same split, same seed) and returns the model with the better
// validation τ (test figures play no part in the choice). `reports`, if not null, receives
// both reports, regression first.
Result<MlpTrainResult> TrainMlpBestLoss(std::span<const ScoreRow> rows,
                                        const MlpTrainOptions& options,
                                        std::vector<MlpReport>* reports);

// Median wall time per job of MlpEvaluator::Score on batches of `batch` jobs (real rows cycled),
// over about `budget_seconds`. A quick figure for reports; bench/learn_mlp_bench.cc is the
// careful one.
double MeasureScoringNanoseconds(const MlpModel& model, std::span<const ScoreRow> rows,
                                 int batch = 32, double budget_seconds = 0.05);

// The model file: provenance (command_line), network, training report (and the reports of
// both losses when compared). Written atomically.
nlohmann::json MlpFileJson(const MlpModel& model, const MlpReport& report,
                           const std::vector<MlpReport>& compared, const std::string& command_line,
                           const std::string& scores_source);
Status SaveMlpFile(const std::string& path, const nlohmann::json& file);

// Hidden layer widths as users write them: "16,16" -> {16, 16}; "none" -> {} (a linear model).
// Each width is a whole number in 1..4096 with nothing after it ("16x" is refused); the message
// quotes the text and the bad item (the caller adds the option's name).
Result<std::vector<int>> ParseHiddenLayers(const std::string& text);

}  // namespace airgrid::learn
