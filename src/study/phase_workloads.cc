#include "study/phase_workloads.h"

#include <fmt/format.h>

#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"

namespace airgrid::study {

Result<Workloads> MakeWorkloads(const StudyOptions& o, std::ostream& log) {
  Workloads w;
  workload::LublinOptions lo;
  lo.procs = o.procs;
  // The kind of Lublin log F1 was trained on (lublin_256.swf): the model's whole-sample
  // parameters, one job type.
  lo.mix = workload::LublinOptions::Mix::kTypeless;
  lo.jobs = o.train_jobs;
  lo.seed = o.train_seed;
  auto train = workload::GenerateLublin(lo);
  if (!train.ok()) return train.status();
  w.train = std::move(train).value();
  log << fmt::format("workload: training part = Lublin-Feitelson model (typeless), {} procs, {} jobs, seed {}\n",
                     o.procs, o.train_jobs, o.train_seed);
  if (o.trace.empty()) {
    lo.jobs = o.eval_jobs;
    lo.seed = o.eval_seed;
    auto eval = workload::GenerateLublin(lo);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
    w.eval_description = fmt::format("Lublin-Feitelson model (typeless), {} processors, {} jobs, seed {}",
                                     o.procs, o.eval_jobs, o.eval_seed);
  } else {
    workload::SwfReadOptions ro;
    ro.procs = o.trace_procs;
    auto eval = workload::ReadSwf(o.trace, ro);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
    auto rep = workload::ApplyFilter(o.trace_filter, w.eval);
    if (!rep.ok()) return rep.status();
    w.eval_description = fmt::format("{} ({} processors, filter {}: {} of {} jobs kept)", o.trace,
                                     w.eval.machine_procs, o.trace_filter, rep->jobs_kept, rep->jobs_in);
  }
  for (const auto& j : w.eval.jobs)
    if (j.user >= 0) { w.eval_has_users = true; break; }
  log << "workload: evaluation part = " << w.eval_description << "\n";
  return w;
}

}  // namespace airgrid::study
