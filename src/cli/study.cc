// `airgrid study`: the whole comparison of scheduling policies on the resilience grid.
#include <cstdio>
#include <iostream>
#include <ostream>

#include "airgrid/learn/campaign.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/study/study.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

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
  app->add_option("--workload", o->trace, "evaluate on this SWF trace (plain or .gz) instead of a generated workload");
  app->add_option("--trace", o->trace)->group("");  // old spelling, hidden
  app->add_option("--procs", o->procs,
                  "processors of the generated Lublin machine; with --workload, the machine size of a "
                  "trace without MaxProcs/MaxNodes header")
      ->capture_default_str();
  app->add_option("--trace-procs", o->trace_procs)->group("");  // old spelling, hidden
  app->add_option("--filter", o->trace_filter, "job filter for --workload: sc17, rlscheduler, none")->capture_default_str();
  app->add_option("--trace-filter", o->trace_filter)->group("");  // old spelling, hidden
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
  app->add_option("--pue", o->pue, "power usage effectiveness of the data centre")->capture_default_str();
  app->add_option("--embodied", o->embodied_device,
                  "row of the embodied-emissions table for this machine ('' = none)")
      ->capture_default_str();
  app->add_option("--embodied-device", o->embodied_device)->group("");  // old spelling, hidden
  app->add_flag("!--no-progress", o->progress, "no progress display");
  app->footer(
      "Examples:\n"
      "  airgrid study --scale small -o study-small        # about a minute on 2 cores\n"
      "  airgrid study --workload SDSC-SP2-1998-4.2-cln.swf.gz -o study-sdsc --country FR");
  return [o, scale, hidden, app]() {
    // --scale sets sizes; explicit size options given on the command line win.
    study::StudyOptions sized = *o;
    ThrowIfError(study::ApplyScale(*scale, &sized));
    if (app->count("--train-jobs") > 0) sized.train_jobs = o->train_jobs;
    if (app->count("--eval-jobs") > 0) sized.eval_jobs = o->eval_jobs;
    if (app->count("--tuples") > 0) sized.tuples = o->tuples;
    if (app->count("--trials") > 0) sized.trials = o->trials;
    if (!o->trace.empty() && app->count("--procs") > 0) sized.trace_procs = o->procs;
    sized.mlp_hidden = ValueOrThrow(learn::ParseHiddenLayers(*hidden), "--mlp-hidden");
    if (sized.mlp_hidden.empty()) throw InputError("--mlp-hidden 'none': the study's MLP needs at least one hidden layer");

    NullBuffer null_buffer;
    std::ostream quiet(&null_buffer);
    const bool rank0 = learn::CampaignProcess().rank == 0;
    if (!rank0) sized.progress = false;
    auto result = study::RunStudy(sized, CommandLine(), rank0 ? std::cout : quiet);
    ThrowIfError(result.status());
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
