// Phase 1, workloads: the training part (Lublin–Feitelson, typeless, as F1 was trained on) and
// the evaluation part (generated with another seed, or an SWF trace with its filter).
#pragma once

#include <ostream>
#include <string>

#include "airgrid/base/status.h"
#include "airgrid/study/study.h"
#include "airgrid/workload/swf.h"

namespace airgrid::study {

struct Workloads {
  workload::Workload train, eval;
  std::string eval_description;
  bool eval_has_users = false;  // SWF field 12 present in the evaluation part
};

// Reads procs, train/eval jobs and seeds, trace, trace_procs and trace_filter from `o`. Errors
// name the trace or the option.
Result<Workloads> MakeWorkloads(const StudyOptions& o, std::ostream& log);

}  // namespace airgrid::study
