#include "study/phase_workloads.h"

#include <fmt/format.h>

#include "airgrid/workload/estimates.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"

namespace airgrid::study {
namespace {

Result<Workloads> MakeTrainAndEval(const StudyOptions& o, std::ostream& log);


// An SWF file with its filter; `what` describes it in the result.
Result<workload::Workload> ReadFiltered(const StudyOptions& o, const std::string& path,
                                        std::string* what) {
  workload::SwfReadOptions ro;
  ro.procs = o.trace_procs;
  auto w = workload::ReadSwf(path, ro);
  if (!w.ok()) return w.status();
  auto rep = workload::ApplyFilter(o.trace_filter, *w);
  if (!rep.ok()) return rep.status();
  *what = fmt::format("{} ({} processors, filter {}: {} of {} jobs kept)", path, w->machine_procs,
                      o.trace_filter, rep->jobs_kept, rep->jobs_in);
  return w;
}

// Learn on the first `fraction` of the file's jobs, evaluate on the rest (a time split).
Result<Workloads> SplitTrace(const StudyOptions& o, std::ostream& log) {
  if (!(o.train_fraction > 0 && o.train_fraction < 1)) {
    return Status::InvalidInput(fmt::format("--train-fraction {}: expected a number in (0, 1)",
                                            o.train_fraction));
  }
  if (o.train_workload == "lublin") {
    return Status::InvalidInput("--train-fraction needs --train-workload FILE (the trace to split)");
  }
  std::string what;
  auto all = ReadFiltered(o, o.train_workload, &what);
  if (!all.ok()) return all.status();
  const size_t cut = static_cast<size_t>(o.train_fraction * static_cast<double>(all->jobs.size()));
  if (cut == 0 || cut >= all->jobs.size()) {
    return Status::InvalidInput(fmt::format("--train-fraction {}: leaves an empty part of {} jobs",
                                            o.train_fraction, all->jobs.size()));
  }
  Workloads w;
  w.train = *all;
  workload::KeepJobs(w.train, 0, cut);
  w.eval = std::move(all).value();
  workload::KeepJobs(w.eval, cut, w.eval.jobs.size() - cut);
  w.eval_description = fmt::format("the last {:g}% of {} (jobs {}..{})", 100 * (1 - o.train_fraction),
                                   what, cut + 1, cut + w.eval.jobs.size());
  log << fmt::format("workload: training part = the first {:g}% of {} ({} jobs)\n",
                     100 * o.train_fraction, what, cut);
  return w;
}

}  // namespace

Result<Workloads> MakeWorkloads(const StudyOptions& o, std::ostream& log) {
  auto w = o.train_fraction != 0 ? SplitTrace(o, log) : MakeTrainAndEval(o, log);
  if (!w.ok()) return w.status();
  for (const auto& j : w->eval.jobs) {
    if (j.user >= 0) w->eval_has_users = true;
    if (j.estimate != j.runtime) ++w->eval_inexact_estimates;
  }
  log << "workload: evaluation part = " << w->eval_description << "\n";
  return w;
}

namespace {

// The training part (generated, or a file) and the evaluation part (generated, or `trace`).
Result<Workloads> MakeTrainAndEval(const StudyOptions& o, std::ostream& log) {
  Workloads w;
  workload::LublinOptions lo;
  lo.procs = o.procs;
  // The kind of Lublin log F1 was trained on (lublin_256.swf): the model's whole-sample
  // parameters, one job type.
  lo.mix = workload::LublinOptions::Mix::kTypeless;
  lo.jobs = o.train_jobs;
  lo.seed = o.train_seed;
  if (o.train_workload == "lublin") {
    auto train = workload::GenerateLublin(lo);
    if (!train.ok()) return train.status();
    w.train = std::move(train).value();
    log << fmt::format("workload: training part = Lublin-Feitelson model (typeless), {} procs, {} jobs, seed {}\n",
                       o.procs, o.train_jobs, o.train_seed);
  } else {
    std::string what;
    auto train = ReadFiltered(o, o.train_workload, &what);
    if (!train.ok()) return train.status();
    w.train = std::move(train).value();
    log << "workload: training part = " << what << "\n";
  }
  if (o.trace.empty()) {
    lo.jobs = o.eval_jobs;
    lo.seed = o.eval_seed;
    auto eval = workload::GenerateLublin(lo);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
    w.eval_description = fmt::format("Lublin-Feitelson model (typeless), {} processors, {} jobs, seed {}",
                                     o.procs, o.eval_jobs, o.eval_seed);
    AIRGRID_RETURN_IF_ERROR(workload::CheckEstimateModel(o.eval_estimates));
    if (o.eval_estimates == "tsafrir") {
      AIRGRID_RETURN_IF_ERROR(workload::ApplyTsafrirEstimates({o.eval_seed, 0}, &w.eval));
      w.eval_description += ", user estimates from the Tsafrir-Etsion-Feitelson 2005 model";
    }
  } else {
    auto eval = ReadFiltered(o, o.trace, &w.eval_description);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
  }
  return w;
}

}  // namespace
}  // namespace airgrid::study
