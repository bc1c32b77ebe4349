// `airgrid learn mlp`: trains the MLP scheduling policy on a scores table (learn campaign's
// output or the published SC'17 file) and writes the model as JSON, usable by
// `airgrid simulate --policy mlp:FILE`.
//
// The default loss is the pairwise ranking loss, which ranked held-out tuples better than
// regression in our measurements (docs/methodology.md). --loss auto trains with
// both on the same split and seed, keeps the one with the better validation Kendall τ and
// reports both.
// With --workload it also simulates the model, F1 and FCFS with the sc17 protocol on a
// workload and adds their AVEbsld to the report and the file.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/learn/formula_search.h"
#include "airgrid/learn/mlp.h"
#include "airgrid/learn/mlp_policy.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/learn/scores.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct MlpArgs {
  std::string scores;
  std::string output;
  std::string hidden = "16,16";
  std::string activation = "tanh";
  std::string features = "log10p,log10q,log10r";
  std::string loss = "pairwise";
  std::string target = "tuple-z";
  learn::MlpTrainOptions options;
  int queue_size = 32;
  std::string validate;
  int32_t procs = 0;
  std::string filter = "sc17";
  int threads = 0;
};


std::string Architecture(const learn::MlpModel& m) {
  std::string s = std::to_string(m.input_size());
  for (int h : m.hidden()) s += fmt::format(" -> {} {}", h, learn::ActivationName(m.hidden_activation()));
  return s + " -> 1";
}

std::string Fmt(double x, int digits = 4) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : std::string("n/a");
}

void PrintReports(const std::vector<learn::MlpReport>& reports, const learn::MlpReport& chosen,
                  bool compared) {
  std::printf("%-11s %7s %5s %9s %9s %9s %9s\n", "loss", "epochs", "best", "val tau", "test tau",
              "test acc", "train s");
  for (const learn::MlpReport& r : reports) {
    bool is_chosen = compared && r.options.loss == chosen.options.loss;
    std::printf("%-11s %7d %5d %9s %9s %9s %9s%s\n",
                std::string(learn::MlpLossName(r.options.loss)).c_str(), r.epochs_run, r.best_epoch,
                Fmt(r.validation.kendall_tau).c_str(), Fmt(r.test.kendall_tau).c_str(),
                Fmt(r.test.pairwise_accuracy).c_str(), Fmt(r.train_seconds, 2).c_str(),
                is_chosen ? "  <- kept (better validation tau)" : "");
  }
  std::printf("baselines on the same %d test tuples: F1 tau %s (acc %s), FCFS tau %s (acc %s)\n",
              chosen.test.tuples, Fmt(chosen.f1_test.kendall_tau).c_str(),
              Fmt(chosen.f1_test.pairwise_accuracy).c_str(),
              Fmt(chosen.fcfs_test.kendall_tau).c_str(),
              Fmt(chosen.fcfs_test.pairwise_accuracy).c_str());
}

// Simulates the saved model, F1 and FCFS with the sc17 protocol on the --workload workload.
nlohmann::json Validate(const MlpArgs& a, workload::Workload& w) {
  learn::ValidationOptions vo;
  vo.protocol.kind = sched::ProtocolOptions::Kind::kSc17;
  vo.threads = a.threads;
  std::vector<std::pair<std::string, std::string>> candidates = {
      {"mlp", "mlp:" + a.output}, {"f1", "f1"}, {"fcfs", "fcfs"}};
  std::vector<learn::Validation> v =
      ValueOrThrow(learn::ValidateBySimulation(w, candidates, vo), "--workload '" + a.validate + "'");
  nlohmann::json runs = nlohmann::json::array();
  std::printf("validation by simulation (sc17 protocol, %s):\n", a.validate.c_str());
  for (const learn::Validation& x : v) {
    std::printf("  %-5s AVEbsld %10.3f  rank %d  (%d windows)\n", x.label.c_str(), x.avg_bsld,
                x.rank, x.windows);
    runs.push_back({{"label", x.label}, {"policy", x.policy}, {"avg_bsld", x.avg_bsld},
                    {"windows", x.windows}, {"rank", x.rank}});
  }
  return {{"workload", a.validate}, {"filter", a.filter}, {"protocol", "sc17"},
          {"window_days", vo.protocol.window_days}, {"state_jobs", vo.protocol.state_jobs},
          {"lookahead", vo.protocol.lookahead}, {"runs", runs}};
}

int Run(MlpArgs& a) {
  CheckOutputPath("-o", a.output);
  learn::MlpTrainOptions& o = a.options;
  o.hidden = ValueOrThrow(learn::ParseHiddenLayers(a.hidden), "--hidden");
  o.activation = ValueOrThrow(learn::ParseActivation(a.activation), "--activation");
  if (o.activation == learn::Activation::kIdentity)
    throw InputError("--activation: expected tanh or relu for hidden layers");
  o.features = ValueOrThrow(learn::ParseMlpFeatureList(a.features), "--features");
  o.target = ValueOrThrow(learn::ParseRegressionTarget(a.target), "--target");
  const bool compare = a.loss == "auto";
  if (!compare) o.loss = ValueOrThrow(learn::ParseMlpLoss(a.loss), "--loss (or auto)");

  const std::filesystem::path parent = std::filesystem::path(a.output).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw InputError(fmt::format("-o '{}': folder '{}' does not exist", a.output, parent.string()));

  // Inputs first, so that a bad workload fails before training.
  workload::Workload w;
  if (!a.validate.empty()) {
    w = ValueOrThrow(workload::ReadSwf(a.validate, workload::SwfReadOptions{a.procs}), "--workload");
    ValueOrThrow(workload::ApplyFilter(a.filter, w), "--filter");
    if (w.jobs.empty()) throw InputError("--workload '" + a.validate + "': no job left after the filter");
  }
  learn::ScoresReadOptions ro;
  ro.queue_size = a.queue_size;
  std::vector<learn::ScoreRow> rows = ValueOrThrow(learn::ReadScoresCsv(a.scores, ro));

  // Training takes seconds to minutes: say so before it starts.
  std::printf("training the MLP on %zu rows from %s (up to %d epochs%s)...\n", rows.size(), a.scores.c_str(),
              o.max_epochs, compare ? ", both losses" : "");
  std::fflush(stdout);
  std::vector<learn::MlpReport> reports;
  learn::MlpTrainResult trained;
  if (compare) {
    trained = ValueOrThrow(learn::TrainMlpBestLoss(rows, o, &reports));
  } else {
    trained = ValueOrThrow(learn::TrainMlp(rows, o));
    reports = {trained.report};
  }
  learn::MlpReport& report = trained.report;
  report.ns_batch = 32;
  report.ns_per_job = learn::MeasureScoringNanoseconds(trained.model, rows, report.ns_batch);

  std::printf("airgrid learn mlp: %zu rows from %s; tuples: %d train, %d validation, %d test "
              "(split by tuple, seed %llu)\n",
              rows.size(), a.scores.c_str(), report.train_tuples, report.validation_tuples,
              report.test_tuples, static_cast<unsigned long long>(o.seed));
  PrintReports(reports, report, compare);
  const learn::MlpCost& c = report.cost;
  std::printf("model: %s; %lld parameters, %lld bytes, %lld FLOPs per job (%lld transcendental); "
              "%.1f ns per job measured (batches of %d)\n",
              Architecture(trained.model).c_str(), static_cast<long long>(c.parameters),
              static_cast<long long>(c.model_bytes), static_cast<long long>(c.flops_per_job),
              static_cast<long long>(c.transcendentals_per_job), report.ns_per_job, report.ns_batch);

  nlohmann::json file = learn::MlpFileJson(trained.model, report, compare ? reports
                                                                          : std::vector<learn::MlpReport>{},
                                           CommandLine(), a.scores);
  ThrowIfError(learn::SaveMlpFile(a.output, file), "-o");
  if (!a.validate.empty()) {
    learn::RegisterMlpPolicy();
    file["validation"] = Validate(a, w);
    ThrowIfError(learn::SaveMlpFile(a.output, file), "-o");
  }
  std::printf("wrote %s\n", a.output.c_str());
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<MlpArgs>();
  app->description(
      "Train a small MLP scheduling policy on a scores table (learn campaign's CSV or the\n"
      "published SC'17 file). Inputs: job features (log10(1+p), log10(1+q), log10(1+r) by\n"
      "default), standardised. Output: a JSON model for `simulate --policy mlp:FILE`.");
  app->add_option("--scores", a->scores, "scores CSV (p,q,r,score[,tuple,...])")
      ->required()->check(CLI::ExistingFile);
  app->add_option("-o,--output", a->output, "model JSON to write")->required();
  app->add_option("--hidden", a->hidden, "hidden layer widths, comma-separated, or 'none'")
      ->default_val("16,16");
  app->add_option("--activation", a->activation, "hidden activation: tanh or relu")
      ->default_val("tanh");
  app->add_option("--features", a->features,
                  "inputs, from log10p, log10q, log10r, q, log10area")
      ->default_val("log10p,log10q,log10r");
  app->add_option("--loss", a->loss,
                  "pairwise (RankNet, the default), regression, or auto (train both, keep the "
                  "better validation tau)")
      ->default_val("pairwise");
  app->add_option("--target", a->target,
                  "regression target: tuple-z (score standardised per tuple) or scaled-score")
      ->default_val("tuple-z");
  app->add_option("--epochs", a->options.max_epochs, "maximum epochs")
      ->default_val(300)->check(CLI::Range(1, 1000000));
  app->add_option("--patience", a->options.patience,
                  "early stopping: epochs without a better validation tau")
      ->default_val(40)->check(CLI::Range(1, 1000000));
  app->add_option("--batch-tuples", a->options.batch_tuples, "tuples per mini-batch")
      ->default_val(8)->check(CLI::Range(1, 1000000));
  app->add_option("--lr", a->options.learning_rate, "Adam learning rate")
      ->default_val(3e-3)->check(CLI::PositiveNumber);
  app->add_option("--weight-decay", a->options.weight_decay, "L2 penalty on weights")
      ->default_val(0.0)->check(CLI::NonNegativeNumber);
  app->add_option("--validation-fraction", a->options.validation_fraction,
                  "share of tuples held out for early stopping")
      ->default_val(0.15)->check(CLI::Range(0.0, 1.0));
  app->add_option("--test-fraction", a->options.test_fraction,
                  "share of tuples held out for the reported test figures")
      ->default_val(0.15)->check(CLI::Range(0.0, 1.0));
  app->add_option("--seed", a->options.seed, "seed of the split, initialisation and batches")
      ->default_val(1);
  app->add_option("--queue-size", a->queue_size, "rows per tuple of a headerless scores file")
      ->default_val(32)->check(CLI::Range(2, 1000000));
  app->add_option("--workload", a->validate,
                  "SWF workload: also simulate the model, F1 and FCFS (sc17 protocol)")
      ->check(CLI::ExistingFile);
  app->add_option("--validate", a->validate)->check(CLI::ExistingFile)->group("");  // old spelling, hidden
  app->add_option("--procs", a->procs, "machine size for --workload (default: the trace header)")
      ->check(CLI::PositiveNumber);
  app->add_option("--filter", a->filter, "job filter for --workload: sc17, rlscheduler, none")
      ->default_val("sc17");
  app->add_option("--threads", a->threads, "threads for --workload (0: all cores)")->default_val(0);
  app->footer("Example: airgrid learn mlp --scores scores.csv -o mlp.json --loss auto\n"
              "         airgrid simulate --workload lublin:2000 --policy mlp:mlp.json --policy f1");
  return [a]() { return Run(*a); };
}

const Registration kReg{"learn mlp",
                        "Train an MLP scheduling policy on campaign scores (JSON model)", &Setup};

}  // namespace
}  // namespace airgrid::cli
