// Built-in policies, the formula policy and the plug-in scheme registry.
//
// log10 guard: r (and p) are whole seconds >= 0, and r = 0 for a window's first job, where
// log10 would give -inf (and -inf + inf = NaN in a sum). The SC'17 formulas use
// log10(max(x, 1)): 0 s scores like 1 s (term 0), which keeps the order of all other values.
// Same guard for p in F1 and for p = 0 divisions in WFP3/UNICEF (p = max(p, 1)).
#include "airgrid/sched/policy.h"

#include <cmath>
#include <map>
#include <mutex>

#include "sched/formula_policy.h"

namespace airgrid::sched {
namespace {

double Log10AtLeast1(double x) { return std::log10(std::max(x, 1.0)); }
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

// The one place the F1..F4 constants live. The artifact (sched-simulator-*.c, "//256nodes")
// scores F = (a*g(p)) * (b*h(q)) + c*log10(r); dividing by a*b > 0 keeps the order and gives
// g(p)*h(q) + (c / (a*b))*log10(r). The ratios are computed from the artifact's printed
// coefficients, not rounded: 870.963, 25,673.34, 6,862,777.5 and 530,987.55.
constexpr double kSc17R[4] = {
    0.0069596182 / (0.0155183403 * 0.0005149209),   // F1
    0.0067364626 / (0.0000342717 * 0.0076562110),   // F2
    0.0073580361 / (0.2188093701 * 0.0000000049),   // F3
    0.0074444355 / (0.0056500287 * 0.0000024814),   // F4
};

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
  // SC'17 learned formulas (Carastan-Santos & de Camargo, SC'17, Table 2), normalised so the
  // first term has coefficient 1 (see kSc17R below).
  if (name == "f1")
    return Make(name, false, [](const JobFeatures& j) {
      return Log10AtLeast1(j.p) * j.q + kSc17R[0] * Log10AtLeast1(j.r);
    });
  if (name == "f2")
    return Make(name, false, [](const JobFeatures& j) {
      return std::sqrt(j.p) * j.q + kSc17R[1] * Log10AtLeast1(j.r);
    });
  if (name == "f3")
    return Make(name, false, [](const JobFeatures& j) {
      return j.p * j.q + kSc17R[2] * Log10AtLeast1(j.r);
    });
  if (name == "f4")
    return Make(name, false, [](const JobFeatures& j) {
      return j.p * std::sqrt(j.q) + kSc17R[3] * Log10AtLeast1(j.r);
    });
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
