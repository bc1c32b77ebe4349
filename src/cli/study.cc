// `airgrid study`: the whole comparison of scheduling policies on the resilience grid.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "airgrid/base/folder_lock.h"
#include <ostream>

#include "airgrid/learn/campaign.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/study/repeats.h"
#include "airgrid/study/study.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

// The study folder belongs to this run: a lock refuses a concurrent run, an earlier study's
// files are replaced only with --force, and a failed run removes the folder it created.
class StudyFolder {
 public:
  StudyFolder(const std::string& dir, bool force) : dir_(dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    created_ = !fs::exists(dir, ec);
    lock_ = ValueOrThrow(FolderLock::Acquire(dir));
    if (created_ || force) return;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().filename() == FolderLock::kFileName) continue;
      throw InputError("-o '" + dir + "': the folder already holds files (an earlier study?); pass "
                       "--force to replace them, or choose a new folder");
    }
  }
  ~StudyFolder() {
    lock_.reset();
    std::error_code ec;
    if (!succeeded_ && created_) std::filesystem::remove_all(dir_, ec);
  }
  void Succeeded() { succeeded_ = true; }

 private:
  std::string dir_;
  bool created_ = false, succeeded_ = false;
  std::unique_ptr<FolderLock> lock_;
};

// A stream that drops everything: the narration of MPI worker ranks (rank 0 alone prints).
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

Runner Setup(CLI::App* app) {
  auto o = std::make_shared<study::StudyOptions>();
  auto scale = std::make_shared<std::string>("default");
  auto hidden = std::make_shared<std::string>("16,16");
  app->add_option("-o,--output", o->out_dir, "output folder")->capture_default_str();
  app->add_option("--out", o->out_dir)->group("");  // old spelling, hidden
  app->add_option("--scale", *scale, "sizes: small (tests), default (216 tuples x 20,000 trials), paper (216 tuples x 256,000 trials)")
      ->capture_default_str();
  auto eval_workload = std::make_shared<std::string>("trace");
  app->add_option("--eval-workload", *eval_workload,
                  "evaluation workload: trace (--workload FILE, default the shipped SDSC-SP2 trace "
                  + study::DefaultTracePath() + ", as SC'17 evaluated) or lublin (a generated "
                  "Lublin-Feitelson workload)")
      ->check(CLI::IsMember({"trace", "lublin"}))
      ->capture_default_str();
  app->add_option("--workload", o->trace, "evaluate on this SWF trace (plain or .gz; default: the shipped SDSC-SP2 trace)");
  app->add_option("--trace", o->trace)->group("");  // old spelling, hidden
  app->add_option("--procs", o->procs,
                  "processors of the generated Lublin machine; with --workload, the machine size of a "
                  "trace without MaxProcs/MaxNodes header")
      ->capture_default_str();
  app->add_option("--trace-procs", o->trace_procs)->group("");  // old spelling, hidden
  app->add_option("--filter", o->trace_filter, "job filter for --workload: sc17, rlscheduler, none")->capture_default_str();
  app->add_option("--trace-filter", o->trace_filter)->group("");  // old spelling, hidden
  app->add_option("--train-workload", o->train_workload,
                  "training workload: lublin (generated, as SC'17 trained F1) or an SWF file")
      ->capture_default_str();
  app->add_option("--train-fraction", o->train_fraction,
                  "time split of --train-workload FILE: learn on its first F of jobs, evaluate on the "
                  "rest (F in (0, 1))");
  app->add_option("--eval-estimates", o->eval_estimates,
                  "user estimates of a generated evaluation workload: none or tsafrir")
      ->check(CLI::IsMember({"none", "tsafrir"}))
      ->capture_default_str();
  app->add_option("--power-model", o->power_model,
                  "power model of the simulated cluster (cluster energy): dell-poweredge-r640, "
                  "dell-poweredge-r740, g5k-taurus, or a one-row CSV file")
      ->capture_default_str();
  app->add_option("--power-off-idle", o->power_off_idle,
                  "switch idle nodes off after this many seconds (needs a model with off/boot "
                  "figures, e.g. g5k-taurus)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--train-jobs", o->train_jobs, "jobs of the generated training workload (default from --scale)");
  app->add_option("--eval-jobs", o->eval_jobs, "jobs of the generated evaluation workload (default from --scale)");
  app->add_option("--train-seed", o->train_seed, "seed of the training workload")->capture_default_str();
  app->add_option("--eval-seed", o->eval_seed, "seed of the evaluation workload")->capture_default_str();
  app->add_option("--tuples", o->tuples, "campaign tuples (default from --scale)");
  app->add_option("--trials", o->trials, "trials per tuple (default from --scale)");
  app->add_option("--seed", o->seed, "seed of the campaign and the MLP training")->capture_default_str();
  app->add_option("--threads", o->threads, "worker threads (0 = all cores)")->capture_default_str();
  app->add_option("--mlp-hidden", *hidden, "MLP hidden layer sizes, comma separated")->capture_default_str();
  app->add_option("--decisions-per-day", o->decisions_per_day, "decisions a day of the projected cluster (use energy)")
      ->capture_default_str();
  app->add_option("--country", o->country, "ISO code of the grid's country (default: world average)");
  app->add_option("--carbon-intensity", o->carbon_intensity, "grid carbon intensity, gCO2eq/kWh (overrides --country)");
  app->add_option("--carbon-intensity-uncertainty", o->carbon_intensity_uncertainty,
                  "absolute uncertainty of the carbon intensity, gCO2eq/kWh, propagated to every CO2eq figure "
                  "(default 0: the built-in table publishes none)");
  app->add_option("--pue", o->pue, "power usage effectiveness of the data centre")->capture_default_str();
  app->add_option("--carbon-series", o->carbon_series,
                  "CSV timestamp,g_per_kwh: hourly intensity for the low-carbon lever of the report (default: "
                  "the shipped synthetic example data/carbon_series_example.csv)");
  app->add_option("--embodied", o->embodied_device,
                  "row of the embodied-emissions table for this machine ('' = none)")
      ->capture_default_str();
  app->add_option("--embodied-device", o->embodied_device)->group("");  // old spelling, hidden
  app->add_flag("!--no-progress", o->progress, "no progress display");
  auto repeats = std::make_shared<int>(1);
  app->add_option("--repeats", *repeats,
                  "run the whole study K times with every seed + 0..K-1 (into OUT/repeat-<k>/) and report "
                  "the means with intervals, and whether the extra runs changed any conclusion")
      ->capture_default_str();
  auto force = std::make_shared<bool>(false);
  app->add_flag("--force", *force, "replace the files of an earlier study in the --out folder");
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--trace-procs", 0, 1e7, NumberRule::kWhole},
                     {"--procs", 1, 1e7, NumberRule::kWhole},
                     {"--train-jobs", 1, 1e9, NumberRule::kWhole},
                     {"--eval-jobs", 1, 1e9, NumberRule::kWhole},
                     {"--train-seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--eval-seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--tuples", 1, 1e9, NumberRule::kWhole},
                     {"--trials", 1, 1e12, NumberRule::kWhole},
                     {"--seed", 0, kMaxSeed, NumberRule::kWhole},
                     {"--threads", 0, 1024, NumberRule::kWhole},
                     {"--decisions-per-day", 0, 1e15, NumberRule::kRealAboveLo},
                     {"--carbon-intensity", 0, 1e5, NumberRule::kReal},
                     {"--carbon-intensity-uncertainty", 0, 1e5, NumberRule::kReal},
                     {"--pue", 1, 10, NumberRule::kReal},
                     {"--repeats", 1, study::kMaxRepeats, NumberRule::kWhole}});
  app->footer(
      "Examples:\n"
      "  airgrid study --scale small -o study-small        # about a minute on 2 cores\n"
      "  airgrid study --workload SDSC-SP2-1998-4.2-cln.swf.gz -o study-sdsc --country FR");
  return [o, scale, hidden, app, eval_workload, force, repeats]() {
    // --scale sets sizes; explicit size options given on the command line win.
    study::StudyOptions sized = *o;
    ThrowIfError(study::ApplyScale(*scale, &sized));
    if (app->count("--train-jobs") > 0) sized.train_jobs = o->train_jobs;
    if (app->count("--eval-jobs") > 0) sized.eval_jobs = o->eval_jobs;
    if (app->count("--tuples") > 0) sized.tuples = o->tuples;
    if (app->count("--trials") > 0) sized.trials = o->trials;
    if (!o->trace.empty() && app->count("--procs") > 0) sized.trace_procs = o->procs;
    if (app->count("--train-fraction") > 0 && !(o->train_fraction > 0 && o->train_fraction < 1)) {
      throw InputError("--train-fraction " + Num(o->train_fraction) + ": expected a number in (0, 1)");
    }
    // Evaluate on a trace unless told otherwise (the shipped one by default); a time split
    // evaluates on the rest of its own trace.
    if (*eval_workload == "lublin") {
      if (!o->trace.empty()) throw InputError("--workload FILE contradicts --eval-workload lublin");
      sized.trace.clear();
    } else if (sized.trace.empty() && sized.train_fraction == 0) {
      sized.trace = study::DefaultTracePath();
    }
    sized.mlp_hidden = ValueOrThrow(learn::ParseHiddenLayers(*hidden), "--mlp-hidden");
    if (sized.mlp_hidden.empty()) throw InputError("--mlp-hidden 'none': the study's MLP needs at least one hidden layer");

    NullBuffer null_buffer;
    std::ostream quiet(&null_buffer);
    const bool rank0 = learn::CampaignProcess().rank == 0;
    if (!rank0) sized.progress = false;
    // MPI worker ranks share rank 0's folder and lock.
    std::unique_ptr<StudyFolder> folder;
    if (rank0) folder = std::make_unique<StudyFolder>(sized.out_dir, *force);
    auto result = *repeats > 1 ? study::RunStudyRepeats(sized, *repeats, CommandLine(), rank0 ? std::cout : quiet)
                               : study::RunStudy(sized, CommandLine(), rank0 ? std::cout : quiet);
    ThrowIfError(result.status());
    if (folder) folder->Succeeded();
    if (result->files.empty()) return 0;  // an MPI worker rank
    // The grid's text rendering already names the Pareto set.
    std::cout << "\n" << result->grid_text;
    std::cout << "\nReport: " << result->out_dir << "/report.html (also report.md, grid.json, grid-input.json)\n";
    return 0;
  };
}

const Registration kReg{"study", "the resilience evaluation of FCFS, SPT, F1, a re-learned formula and an MLP, end to end", &Setup};

}  // namespace
}  // namespace airgrid::cli
