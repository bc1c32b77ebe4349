// A scheduling policy orders the waiting queue: at each decision the simulator hands it the
// features of the waiting jobs it may see (the look-ahead window) and the policy writes one
// score per job; jobs run in increasing score order. Policies whose natural order is "largest
// first" (WFP3, UNICEF) negate their score. Ties are broken by submit order (then job id) by
// the simulator, never by the policy.
//
// The call is per decision, not per comparison: a policy scores a small array in one virtual
// call, so a learned model (the MLP) can batch its work.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::sched {

// What a policy sees of one waiting job at a decision instant.
struct JobFeatures {
  double p = 0;     // processing time: actual runtime, or requested time (--estimates requested)
  double q = 0;     // processors
  double r = 0;     // submit time relative to the protocol's origin (s), >= 0
  double age = 0;   // now - submit (s), >= 0
  const workload::Job* job = nullptr;  // every SWF field, for user formulas
  // Machine state at the decision (for policies with MachineDependent()): free processors
  // now and the machine's size. Last, so that {p, q, r, age, job} initialisers keep working.
  double free = 0;
  double machine = 0;
  // The job's other SWF fields (workload/job.h, SwfExtra), or nullptr when the workload did
  // not keep them (then they read as -1).
  const workload::SwfExtra* extra = nullptr;
};

class Policy {
 public:
  virtual ~Policy() = default;

  // Spec string that recreates this policy through MakePolicy ("fcfs", "f1", "expr:...").
  virtual std::string Name() const = 0;

  // True when scores change as time passes (they use `age`): the simulator must re-score the
  // queue at every decision. False lets it score each job once on arrival (FCFS, SPT, F1...).
  virtual bool TimeDependent() const = 0;

  // True when scores depend on the machine state (JobFeatures::free): the simulator then also
  // re-scores the queue after every start within a decision instant. Implies TimeDependent().
  virtual bool MachineDependent() const { return false; }

  // True when scores read JobFeatures::extra (SWF fields 3, 6, 7, 10, 11, 13-18): a run whose
  // policies all say false may drop the workload's extra fields (workload::DropSwfExtra).
  virtual bool ReadsSwfExtra() const { return false; }

  // Writes scores[i] for jobs[i]; lower runs first. Must not throw; jobs.size() == scores.size().
  virtual void Score(std::span<const JobFeatures> jobs, std::span<double> scores) = 0;
};

// Creates a policy from its spec: fcfs, spt, saf, wfp3, unicef, f1, f2, f3, f4,
// "expr:<muparser formula over p, q, r, age, ...>", or "<scheme>:<arg>" for a registered
// plug-in scheme (e.g. "mlp:model.json" once the learn module registered it).
// Unknown names and bad formulas return InvalidInput with the reason.
Result<std::unique_ptr<Policy>> MakePolicy(const std::string& spec);

// Plug-in interface: a module above sched registers a scheme ("mlp") with a factory that
// receives the text after "<scheme>:". Registering the same scheme twice replaces it.
using PolicyFactory = std::function<Result<std::unique_ptr<Policy>>(const std::string& arg)>;
void RegisterPolicyScheme(const std::string& scheme, PolicyFactory factory);

// Names of the built-in policies, for help texts.
std::vector<std::string> BuiltinPolicyNames();

}  // namespace airgrid::sched
