#include "airgrid/learn/formula.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <map>

namespace airgrid::learn {

std::string FnName(Fn fn) {
  switch (fn) {
    case Fn::kLog10: return "log10";
    case Fn::kInv: return "inv";
    case Fn::kSqrt: return "sqrt";
    case Fn::kId: return "id";
  }
  return "?";
}

char OpSymbol(Op op) {
  switch (op) {
    case Op::kMul: return '*';
    case Op::kAdd: return '+';
    case Op::kDiv: return '/';
  }
  return '?';
}

FormSpec FormSpec::FromIndex(int index) {
  assert(index >= 0 && index < kFormCount);
  FormSpec f;
  f.k = static_cast<Fn>(index % 4);
  f.h = static_cast<Fn>(index / 4 % 4);
  f.g = static_cast<Fn>(index / 16 % 4);
  f.op2 = static_cast<Op>(index / 64 % 3);
  f.op1 = static_cast<Op>(index / 192);
  return f;
}

int FormSpec::Index() const {
  return ((static_cast<int>(op1) * 3 + static_cast<int>(op2)) * 4 + static_cast<int>(g)) * 16 +
         static_cast<int>(h) * 4 + static_cast<int>(k);
}

std::array<bool, 3> FormSpec::FreeThetas() const {
  const bool op1_scales = op1 != Op::kAdd;
  const bool op2_scales = op2 != Op::kAdd;
  // θ2 is redundant with θ1 when op1 scales; θ3 is redundant when op2 scales the whole left side.
  return {true, !op1_scales, !op2_scales};
}

int FormSpec::FreeCount() const {
  const auto free = FreeThetas();
  return static_cast<int>(std::count(free.begin(), free.end(), true));
}

int FormSpec::Divisions() const { return (op1 == Op::kDiv) + (op2 == Op::kDiv); }

namespace {

Factor FactorOf(Fn fn, bool divisor) {
  Factor f;
  switch (fn) {
    case Fn::kLog10: f = {true, 1.0}; break;
    case Fn::kInv: f = {false, -1.0}; break;
    case Fn::kSqrt: f = {false, 0.5}; break;
    case Fn::kId: f = {false, 1.0}; break;
  }
  if (divisor) f.power = -f.power;
  return f;
}

constexpr const char* kVars[3] = {"p", "q", "r"};

std::string FormatNumber(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

}  // namespace

double ApplyFn(Fn fn, double x, bool divisor) {
  if (divisor) x += kGuard;
  switch (fn) {
    case Fn::kLog10: return std::log10(x + kGuard);
    case Fn::kInv: return 1.0 / (x + kGuard);
    case Fn::kSqrt: return std::sqrt(x);
    case Fn::kId: return x;
  }
  return NAN;
}

namespace {

// muparser text of fn(var) with the artifact's guards ("log10(p+1e-10)", "(r+1e-10)").
std::string GuardedCall(Fn fn, const std::string& var, bool divisor, bool guards) {
  if (!guards) {
    switch (fn) {
      case Fn::kLog10: return "log10(" + var + ")";
      case Fn::kInv: return "(1/" + var + ")";
      case Fn::kSqrt: return "sqrt(" + var + ")";
      case Fn::kId: return var;
    }
  }
  const std::string once = var + "+1e-10";
  const std::string twice = var + "+2e-10";
  switch (fn) {
    // A numerator log10 takes sched's guard log10(max(x, 1)) (src/sched/policy.cc) so the F1..F4
    // shapes rank exactly like the built-in f1..f4; for x >= 1 it equals log10(x + 1e-10) to
    // 1e-10 relative. A divisor log10 keeps the fit's guard: log10(max(1, 1)) = 0 would divide.
    case Fn::kLog10: return divisor ? "log10(" + twice + ")" : "log10(max(" + var + ",1))";
    case Fn::kInv: return "(1/(" + (divisor ? twice : once) + "))";
    case Fn::kSqrt: return "sqrt(" + (divisor ? once : var) + ")";
    case Fn::kId: return divisor ? "(" + once + ")" : var;
  }
  return "?";
}

// (fn, variable index, is a divisor) for each factor of each basis term, in term order.
struct TermCall {
  Fn fn;
  int var;
  bool divisor;
};
std::vector<std::vector<TermCall>> TermCalls(const FormSpec& f) {
  std::vector<std::vector<TermCall>> left;
  if (f.op1 == Op::kAdd) {
    left = {{{f.g, 0, false}}, {{f.h, 1, false}}};
  } else {
    left = {{{f.g, 0, false}, {f.h, 1, f.op1 == Op::kDiv}}};
  }
  if (f.op2 == Op::kAdd) {
    left.push_back({{f.k, 2, false}});
  } else {
    for (auto& t : left) t.push_back({f.k, 2, f.op2 == Op::kDiv});
  }
  return left;
}

std::string TermExpr(const std::vector<TermCall>& calls, bool guards) {
  std::string out;
  for (const TermCall& c : calls) {
    const std::string call = GuardedCall(c.fn, kVars[c.var], c.divisor, guards);
    if (out.empty()) {
      out = c.divisor ? "1/" + call : call;
    } else {
      out += (c.divisor ? "/" : "*") + call;
    }
  }
  return out;
}

std::string Operand(Fn fn, int var) {
  const std::string v = kVars[var];
  switch (fn) {
    case Fn::kLog10: return "log10(" + v + ")";
    case Fn::kInv: return "(1/" + v + ")";
    case Fn::kSqrt: return "sqrt(" + v + ")";
    case Fn::kId: return v;
  }
  return "?";
}

std::string JoinForm(const FormSpec& f, const std::array<std::string, 3>& operands) {
  std::string left = operands[0] + " " + OpSymbol(f.op1) + " " + operands[1];
  if (f.op1 == Op::kAdd && f.op2 != Op::kAdd) left = "(" + left + ")";
  return left + " " + OpSymbol(f.op2) + " " + operands[2];
}

}  // namespace

std::vector<Term> FormSpec::Terms() const {
  std::vector<Term> terms;
  for (const auto& calls : TermCalls(*this)) {
    Term t{};
    for (const TermCall& c : calls) t[c.var] = FactorOf(c.fn, c.divisor);
    terms.push_back(t);
  }
  return terms;
}

std::string FormSpec::ShapeKey() const {
  std::vector<std::string> parts;
  for (const Term& t : Terms()) {
    std::string s;
    for (int v = 0; v < 3; ++v) {
      if (t[v].power == 0) continue;
      if (!s.empty()) s += "*";
      s += (t[v].log ? "log10(" + std::string(kVars[v]) + ")" : std::string(kVars[v])) + "^" +
           FormatNumber(t[v].power, 3);
    }
    parts.push_back(s);
  }
  std::sort(parts.begin(), parts.end());
  std::string key;
  for (const auto& p : parts) key += (key.empty() ? "" : " + ") + p;
  return key;
}

std::string FormSpec::Name() const {
  return JoinForm(*this, {Operand(g, 0), Operand(h, 1), Operand(k, 2)});
}

std::string FormSpec::NameWithThetas(const std::array<double, 3>& theta) const {
  const Fn fns[3] = {g, h, k};
  std::array<std::string, 3> operands;
  for (int i = 0; i < 3; ++i) {
    // snprintf, not "(" + s + ...: GCC 12 reports a false -Wrestrict on that concatenation.
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.10g*%s)", theta[i], Operand(fns[i], i).c_str());
    operands[i] = buf;
  }
  return JoinForm(*this, operands);
}

std::vector<double> BasisCoefficients(const FormSpec& f, const std::array<double, 3>& theta) {
  std::vector<double> c;
  switch (f.op1) {
    case Op::kMul: c = {theta[0] * theta[1]}; break;
    case Op::kDiv: c = {theta[0] / theta[1]}; break;
    case Op::kAdd: c = {theta[0], theta[1]}; break;
  }
  switch (f.op2) {
    case Op::kMul: for (double& v : c) v *= theta[2]; break;
    case Op::kDiv: for (double& v : c) v /= theta[2]; break;
    case Op::kAdd: c.push_back(theta[2]); break;
  }
  return c;
}

std::string FormSpec::Expr(const std::array<double, 3>& theta, int digits) const {
  return ExprText(theta, digits, /*guards=*/true);
}

std::string FormSpec::ExprText(const std::array<double, 3>& theta, int digits,
                               bool guards) const {
  const std::vector<double> c = BasisCoefficients(*this, theta);
  const auto calls = TermCalls(*this);
  double scale = 0;
  for (double v : c) {
    if (v != 0 && std::isfinite(v)) {
      scale = std::abs(v);
      break;
    }
  }
  std::string out;
  for (size_t j = 0; j < c.size(); ++j) {
    if (c[j] == 0 || scale == 0) continue;
    const double coef = c[j] / scale;
    const std::string term = TermExpr(calls[j], guards);
    const bool negative = coef < 0;
    const double mag = std::abs(coef);
    std::string piece = (mag == 1.0) ? term : FormatNumber(mag, digits) + "*" + term;
    if (out.empty()) {
      out = negative ? "-" + piece : piece;
    } else {
      out += negative ? " - " + piece : " + " + piece;
    }
  }
  return out.empty() ? "0" : out;
}

double EvaluateForm(const FormSpec& f, const std::array<double, 3>& theta, double p, double q,
                    double r) {
  auto combine = [](Op op, double left, double theta_j, Fn fn, double x) -> double {
    switch (op) {
      case Op::kMul: return left * (theta_j * ApplyFn(fn, x, false));
      case Op::kAdd: return left + theta_j * ApplyFn(fn, x, false);
      case Op::kDiv: return left / (theta_j * ApplyFn(fn, x, true));
    }
    return NAN;
  };
  const double first = theta[0] * ApplyFn(f.g, p, false);
  return combine(f.op2, combine(f.op1, first, theta[1], f.h, q), theta[2], f.k, r);
}

namespace {
std::vector<int> ComputeCanonicalForms() {
  std::map<std::string, int> best;
  for (int i = 0; i < kFormCount; ++i) {
    const FormSpec f = FormSpec::FromIndex(i);
    auto [it, inserted] = best.emplace(f.ShapeKey(), i);
    if (!inserted && f.Divisions() < FormSpec::FromIndex(it->second).Divisions()) it->second = i;
  }
  std::vector<int> canonical(kFormCount);
  for (int i = 0; i < kFormCount; ++i) canonical[i] = best.at(FormSpec::FromIndex(i).ShapeKey());
  return canonical;
}
}  // namespace

const std::vector<int>& CanonicalForms() {
  static const std::vector<int> canonical = ComputeCanonicalForms();  // thread-safe init
  return canonical;
}

}  // namespace airgrid::learn
