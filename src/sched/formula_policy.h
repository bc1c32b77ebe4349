// A policy given by a user formula (muparser): "expr:log10(p)*q + 870.96*log10(r)".
// Internal to sched; created through MakePolicy("expr:...").
//
// Variables: p, q, r, age (see JobFeatures) and every SWF field of the job by name: id,
// submit, wait, runtime, alloc_procs, avg_cpu, used_mem, req_procs, req_time, req_mem,
// status, user, group, executable, queue, partition, preceding, think_time, plus procs and
// estimate (the simulation view). Lower scores run first: negate a "largest first" formula.
// TimeDependent() is true iff the formula uses `age`. A NaN score orders last (the simulator
// maps NaN to +inf).
//
// muparser evaluates through variables bound by address, so one FormulaPolicy must not be used
// by two threads at once: create one Policy per thread (MakePolicy is cheap).
#pragma once

#include <memory>
#include <string>

#include "airgrid/base/status.h"
#include "airgrid/sched/policy.h"

namespace airgrid::sched {

Result<std::unique_ptr<Policy>> MakeFormulaPolicy(const std::string& formula);

}  // namespace airgrid::sched
