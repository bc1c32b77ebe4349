// The 576 candidate forms of the SC'17 formula search (Carastan-Santos & de Camargo, SC'17):
//
//   f(p, q, r) = ((θ1·g(p)) op1 (θ2·h(q))) op2 (θ3·k(r)),
//   g, h, k ∈ {log10, inv (1/x), sqrt, id},  op1, op2 ∈ {×, +, ÷}.
//
// Contract (numerics follow the artifact's nlr_scipy_enumerate_functions.py exactly):
// - log10(x) and inv(x) evaluate log10(x + 1e-10) and 1/(x + 1e-10) so that x = 0 stays finite;
//   sqrt and id are not guarded. The right operand of ÷ is evaluated at x + 1e-10 as well, so a
//   divisor log10 or inv is guarded twice (x + 2e-10): a divisor never is exactly zero for x ≥ 0.
// - Index order = the artifact's loop order: op1 outermost, then op2, then (g, h, k) as base-4
//   digits with log10 = 0, inv = 1, sqrt = 2, id = 3. Index(f) ∈ [0, 576).
// - Scale redundancy: θ1·θ2 (op1 ∈ {×, ÷}) and θ3 (op2 ∈ {×, ÷}) multiply the same term, so
//   redundant θs are fixed to 1: θ2 = 1 when op1 ∈ {×, ÷}; θ3 = 1 when op2 ∈ {×, ÷}. With them
//   fixed every form is LINEAR in its free θs: f = Σ_j θ_j · b_j(p, q, r) over 1 to 3 basis
//   terms b_j (see Terms), which is what makes the weighted least-squares fit convex.
// - Two forms are *equivalent* when their sets of basis terms are equal (e.g. log10(p) ÷ inv(q)
//   and log10(p) × q): they fit the same function up to the 1e-10 guards. ShapeKey identifies
//   the class; Canonical() is the member shown to users: fewest ÷, then lowest index.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace airgrid::learn {

enum class Fn : uint8_t { kLog10 = 0, kInv = 1, kSqrt = 2, kId = 3 };
enum class Op : uint8_t { kMul = 0, kAdd = 1, kDiv = 2 };

inline constexpr int kFormCount = 576;
inline constexpr double kGuard = 1e-10;  // the artifact's epsilon

// One variable's factor in a basis term: x^power or log10(x)^power (power ±1 for log).
struct Factor {
  bool log = false;
  double power = 0;  // 0 = the variable is absent from the term
  bool operator==(const Factor&) const = default;
};
// A basis term: one factor per variable p, q, r.
using Term = std::array<Factor, 3>;

struct FormSpec {
  Op op1 = Op::kMul, op2 = Op::kAdd;
  Fn g = Fn::kLog10, h = Fn::kId, k = Fn::kLog10;

  static FormSpec FromIndex(int index);  // asserts 0 <= index < kFormCount
  int Index() const;
  bool operator==(const FormSpec&) const = default;

  // Which of θ1, θ2, θ3 are free (the others are fixed to 1, see above).
  std::array<bool, 3> FreeThetas() const;
  int FreeCount() const;
  // The basis terms multiplied by the free θs, in θ order.
  std::vector<Term> Terms() const;
  // Order-independent identity of the fitted function (equal for equivalent forms).
  std::string ShapeKey() const;
  int Divisions() const;  // number of ÷ operators

  // "log10(p) * q + log10(r)" (id shown as the bare variable, inv as 1/x); parentheses only
  // where (a + b) is multiplied or divided.
  std::string Name() const;
  // Same with the coefficients: "(θ1·log10(p)) * (θ2·q) + (θ3·log10(r))" printed with `theta`.
  std::string NameWithThetas(const std::array<double, 3>& theta) const;
  // A muparser expression over p, q, r (what `airgrid simulate --policy 'expr:...'` takes)
  // computing this form's value for `theta`, scaled by 1/|c| where c is the first nonzero basis
  // coefficient (a positive scale keeps the order of scores). Guards as in the fit, except a
  // numerator log10(x), written log10(max(x,1)) like sched's f1..f4 (src/sched/policy.cc), so a
  // fitted F1 ranks jobs exactly as `f1` does; the two guards differ only for x < 1 (x = 0 on
  // whole-second data). Coefficients are printed with `digits` significant digits.
  std::string Expr(const std::array<double, 3>& theta, int digits = 7) const;
  // Expr with or without the guards: without them it is the readable shape shown in tables,
  // e.g. "log10(p)*q + 870.9612*log10(r)".
  std::string ExprText(const std::array<double, 3>& theta, int digits, bool guards) const;
};

std::string FnName(Fn fn);
char OpSymbol(Op op);

// The basis coefficients c_j of Terms() for `theta` (products / quotients of the θs; with the
// redundant θs fixed to 1 they are the free θs themselves).
std::vector<double> BasisCoefficients(const FormSpec& form, const std::array<double, 3>& theta);

// fn(x) with the guards above; `divisor` = the right operand of ÷ (evaluated at x + 1e-10).
double ApplyFn(Fn fn, double x, bool divisor);

// Value of one form at one point (scalar reference implementation, used by tests and checks).
double EvaluateForm(const FormSpec& form, const std::array<double, 3>& theta, double p, double q,
                    double r);

// For each index, the index of its class's canonical member (fewest ÷, then lowest index).
const std::vector<int>& CanonicalForms();

}  // namespace airgrid::learn
