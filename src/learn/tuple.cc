#include "airgrid/learn/tuple.h"

#include <fmt/format.h>

namespace airgrid::learn {

int64_t TuplePositions(const workload::Workload& w, const TupleShape& shape) {
  const int64_t span = shape.state_jobs + shape.queue_jobs;
  const int64_t n = static_cast<int64_t>(w.jobs.size());
  return n >= span ? n - span + 1 : 0;
}

Status CheckCampaignJobs(const workload::Workload& w) {
  if (w.machine_procs <= 0) {
    return Status::InvalidInput(fmt::format("{}: machine size is {}, expected > 0 processors",
                                            w.source, w.machine_procs));
  }
  for (size_t i = 0; i < w.jobs.size(); ++i) {
    const workload::Job& j = w.jobs[i];
    if (j.procs < 1 || j.procs > w.machine_procs) {
      return Status::InvalidInput(fmt::format(
          "{}: job {} (index {}) has procs {}, expected 1..{} (apply a filter, e.g. --filter "
          "sc17)",
          w.source, j.id, i, j.procs, w.machine_procs));
    }
    if (j.runtime < 0) {
      return Status::InvalidInput(fmt::format(
          "{}: job {} (index {}) has runtime {}, expected >= 0 (apply a filter, e.g. --filter "
          "sc17)",
          w.source, j.id, i, j.runtime));
    }
    if (i > 0 && j.submit < w.jobs[i - 1].submit) {
      return Status::InvalidInput(fmt::format(
          "{}: job {} (index {}) submitted at {} before the previous job ({}): expected submit "
          "order",
          w.source, j.id, i, j.submit, w.jobs[i - 1].submit));
    }
  }
  return Status::Ok();
}

Result<Tuple> ExtractTuple(const workload::Workload& w, int64_t position, const TupleShape& shape) {
  if (shape.state_jobs < 0 || shape.queue_jobs < 1 || shape.queue_jobs > kMaxQueueJobs) {
    return Status::InvalidInput(fmt::format("tuple shape |S|={} |Q|={}: expected |S| >= 0 and "
                                            "1 <= |Q| <= {}",
                                            shape.state_jobs, shape.queue_jobs, kMaxQueueJobs));
  }
  if (position < 0 || position >= TuplePositions(w, shape)) {
    return Status::InvalidInput(fmt::format(
        "{}: a tuple of {} jobs cannot start at job index {} ({} jobs)", w.source,
        shape.state_jobs + shape.queue_jobs, position, w.jobs.size()));
  }
  Tuple t;
  t.position = position;
  const int64_t origin = w.jobs[static_cast<size_t>(position)].submit;
  const int total = shape.state_jobs + shape.queue_jobs;
  for (int i = 0; i < total; ++i) {
    const workload::Job& j = w.jobs[static_cast<size_t>(position + i)];
    if (j.procs < 1 || j.procs > w.machine_procs || j.runtime < 0) {
      return Status::InvalidInput(fmt::format(
          "{}: job {} has procs {} and runtime {}; expected 1..{} procs and runtime >= 0",
          w.source, j.id, j.procs, j.runtime, w.machine_procs));
    }
    TupleJob tj{j.submit - origin, j.runtime, j.procs, j.id, j.estimate};
    (i < shape.state_jobs ? t.state : t.queue).push_back(tj);
  }
  return t;
}

}  // namespace airgrid::learn
