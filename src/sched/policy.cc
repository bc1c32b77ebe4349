// Built-in policies, the formula policy and the plug-in scheme registry.
//
// log10 guard: the SC'17 formulas' (published_formulas.h); the same max(x, 1) guard for p = 0
// divisions in WFP3/UNICEF (p = max(p, 1)).
#include "airgrid/sched/policy.h"

#include <cmath>
#include <map>
#include <mutex>

#include "airgrid/sched/published_formulas.h"
#include "sched/formula_policy.h"

namespace airgrid::sched {
namespace {

double AtLeast1(double x) { return std::max(x, 1.0); }

// A policy whose score is a pure function of one job's features.
template <typename Fn>
class FunctionPolicy : public Policy {
 public:
  FunctionPolicy(std::string name, bool time_dependent, Fn fn)
      : name_(std::move(name)), time_dependent_(time_dependent), fn_(fn) {}
  std::string Name() const override { return name_; }
  bool TimeDependent() const override { return time_dependent_; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    for (size_t i = 0; i < jobs.size(); ++i) scores[i] = fn_(jobs[i]);
  }

 private:
  std::string name_;
  bool time_dependent_;
  Fn fn_;
};

template <typename Fn>
std::unique_ptr<Policy> Make(std::string name, bool time_dependent, Fn fn) {
  return std::make_unique<FunctionPolicy<Fn>>(std::move(name), time_dependent, fn);
}

// UNICEF's epsilon, as in the SC'17 artifact (sched-simulator-*.c, EPSILON).
constexpr double kUnicefEpsilon = 1e-20;

std::unique_ptr<Policy> MakeBuiltin(const std::string& name) {
  // FCFS: every score equal; the simulator's tie-break (submit order, then id) is the order.
  if (name == "fcfs") return Make(name, false, [](const JobFeatures&) { return 0.0; });
  if (name == "spt") return Make(name, false, [](const JobFeatures& j) { return j.p; });
  if (name == "saf") return Make(name, false, [](const JobFeatures& j) { return j.p * j.q; });
  // Largest first: negated.
  if (name == "wfp3")
    return Make(name, true, [](const JobFeatures& j) {
      const double x = j.age / AtLeast1(j.p);
      return -(x * x * x) * j.q;
    });
  if (name == "unicef")
    return Make(name, true, [](const JobFeatures& j) {
      // Serial jobs: log2(1 + 1e-20) == 0 in double, so the score is +inf (they run first),
      // exactly as in the artifact.
      return -((j.age + kUnicefEpsilon) / (std::log2(j.q + kUnicefEpsilon) * AtLeast1(j.p)));
    });
  // SC'17 learned formulas F1..F4: one definition (published_formulas.h).
  if (name == "f1") return Make(name, false, [](const JobFeatures& j) { return F1(j.p, j.q, j.r); });
  if (name == "f2") return Make(name, false, [](const JobFeatures& j) { return F2(j.p, j.q, j.r); });
  if (name == "f3") return Make(name, false, [](const JobFeatures& j) { return F3(j.p, j.q, j.r); });
  if (name == "f4") return Make(name, false, [](const JobFeatures& j) { return F4(j.p, j.q, j.r); });
  return nullptr;
}

struct Registry {
  std::mutex mu;
  std::map<std::string, PolicyFactory> schemes;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry;  // never destroyed: usable from static init/exit
  return *registry;
}

std::string AcceptedNames() {
  std::string out;
  for (const auto& n : BuiltinPolicyNames()) out += n + ", ";
  out += "expr:<formula>";
  Registry& reg = GetRegistry();
  std::lock_guard<std::mutex> lock(reg.mu);
  for (const auto& [scheme, factory] : reg.schemes) out += ", " + scheme + ":<arg>";
  return out;
}

}  // namespace

std::vector<std::string> BuiltinPolicyNames() {
  return {"fcfs", "spt", "saf", "wfp3", "unicef", "f1", "f2", "f3", "f4"};
}

void RegisterPolicyScheme(const std::string& scheme, PolicyFactory factory) {
  Registry& reg = GetRegistry();
  std::lock_guard<std::mutex> lock(reg.mu);
  reg.schemes[scheme] = std::move(factory);
}

Result<std::unique_ptr<Policy>> MakePolicy(const std::string& spec) {
  if (auto builtin = MakeBuiltin(spec)) return builtin;
  const size_t colon = spec.find(':');
  if (colon != std::string::npos) {
    const std::string scheme = spec.substr(0, colon);
    const std::string arg = spec.substr(colon + 1);
    if (scheme == "expr") return MakeFormulaPolicy(arg);
    PolicyFactory factory;
    {
      Registry& reg = GetRegistry();
      std::lock_guard<std::mutex> lock(reg.mu);
      auto it = reg.schemes.find(scheme);
      if (it != reg.schemes.end()) factory = it->second;
    }
    if (factory) return factory(arg);
  }
  return Status::InvalidInput("unknown policy '" + spec + "': expected one of " +
                              AcceptedNames());
}

}  // namespace airgrid::sched
