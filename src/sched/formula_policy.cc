#include "sched/formula_policy.h"

#include <muParser.h>

#include <array>
#include <cmath>
#include <limits>

namespace airgrid::sched {
namespace {

// Names of the bound variables, in the order of FormulaPolicy::values_.
constexpr std::array<const char*, 24> kVarNames = {
    "p",       "q",         "r",         "age",      "id",          "submit",
    "wait",    "runtime",   "alloc_procs", "avg_cpu", "used_mem",   "req_procs",
    "req_time", "req_mem",  "status",    "user",     "group",       "executable",
    "queue",   "partition", "preceding", "think_time", "procs",     "estimate"};
constexpr size_t kAgeVar = 3;
// The variables bound from workload::SwfExtra (Bind, below).
constexpr std::array<const char*, 11> kExtraVarNames = {
    "wait", "avg_cpu", "used_mem", "req_mem", "status", "group", "executable", "queue",
    "partition", "preceding", "think_time"};

// Checks a formula before muparser sees it: printable ASCII, at most kMaxFormulaLength
// characters, and no "&&" / "||" (muparser 2.3.3 folds constant logical operators with
// undefined behaviour, found by fuzzing; scores need arithmetic and comparisons only).
constexpr size_t kMaxFormulaLength = 2000;
Status GuardFormula(const std::string& formula) {
  const std::string where = "policy expr:";
  if (formula.size() > kMaxFormulaLength)
    return Status::InvalidInput(where + " formula of " + std::to_string(formula.size()) +
                                " characters; at most " + std::to_string(kMaxFormulaLength));
  for (size_t i = 0; i < formula.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(formula[i]);
    if (c < 0x20 || c > 0x7e)
      return Status::InvalidInput(where + " character " + std::to_string(i + 1) +
                                  " is not printable ASCII; formulas use p, q, r, numbers and + - * / ^ ( ) < > =");
  }
  if (formula.find("&&") != std::string::npos || formula.find("||") != std::string::npos)
    return Status::InvalidInput(where + formula + ": the logical operators && and || are not supported "
                                "(use arithmetic, comparisons or the ?: operator)");
  return Status::Ok();
}

class FormulaPolicy : public Policy {
 public:
  explicit FormulaPolicy(std::string formula) : formula_(std::move(formula)) {}

  Status Init() {
    AIRGRID_RETURN_IF_ERROR(GuardFormula(formula_));
    try {
      for (size_t i = 0; i < kVarNames.size(); ++i) parser_.DefineVar(kVarNames[i], &values_[i]);
      parser_.SetExpr(formula_);
      // GetUsedVar parses the expression: syntax errors and unknown variables surface here.
      const auto& used = parser_.GetUsedVar();
      time_dependent_ = used.count(kVarNames[kAgeVar]) > 0;
      for (const char* name : kExtraVarNames) reads_extra_ = reads_extra_ || used.count(name) > 0;
      parser_.Eval();
    } catch (const mu::Parser::exception_type& e) {
      return Status::InvalidInput("policy expr:" + formula_ + ": " + e.GetMsg() +
                                  " (variables: p, q, r, age and the SWF field names, e.g. "
                                  "req_time, user)");
    }
    return Status::Ok();
  }

  std::string Name() const override { return "expr:" + formula_; }
  bool TimeDependent() const override { return time_dependent_; }
  bool ReadsSwfExtra() const override { return reads_extra_; }

  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    for (size_t i = 0; i < jobs.size(); ++i) {
      Bind(jobs[i]);
      try {
        scores[i] = parser_.Eval();
      } catch (const mu::Parser::exception_type&) {
        scores[i] = std::numeric_limits<double>::quiet_NaN();  // ordered last
      }
    }
  }

 private:
  void Bind(const JobFeatures& f) {
    values_[0] = f.p;
    values_[1] = f.q;
    values_[2] = f.r;
    values_[3] = f.age;
    static const workload::Job kEmpty;
    static const workload::SwfExtra kNoExtra;
    const workload::Job& j = f.job ? *f.job : kEmpty;
    const workload::SwfExtra& x = f.extra ? *f.extra : kNoExtra;
    const double fields[] = {double(j.id),        double(j.submit),    double(x.wait),
                             double(j.runtime),   double(j.alloc_procs), x.avg_cpu,
                             x.used_mem,          double(j.req_procs), double(j.req_time),
                             x.req_mem,           double(x.status),    double(j.user),
                             double(x.group),     double(x.executable), double(x.queue),
                             double(x.partition), double(x.preceding), double(x.think_time),
                             double(j.procs),     double(j.estimate)};
    std::copy(std::begin(fields), std::end(fields), values_.begin() + 4);
  }

  std::string formula_;
  mu::Parser parser_;
  std::array<double, kVarNames.size()> values_{};
  bool time_dependent_ = false;
  bool reads_extra_ = false;
};

}  // namespace

Result<std::unique_ptr<Policy>> MakeFormulaPolicy(const std::string& formula) {
  if (formula.empty()) return Status::InvalidInput("policy expr: empty formula after 'expr:'");
  auto policy = std::make_unique<FormulaPolicy>(formula);
  Status st = policy->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<Policy>(std::move(policy));
}

}  // namespace airgrid::sched
