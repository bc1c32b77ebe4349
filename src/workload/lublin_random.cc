#include "workload/lublin_random.h"

#include <cmath>

namespace airgrid::workload {

double LublinRandom::Gamma(double alpha, double beta) {
  const auto int_alpha = static_cast<int64_t>(alpha);
  double g = 0;
  if (int_alpha >= 1) g += GammaIntegerShape(int_alpha, beta);
  const double frac = alpha - static_cast<double>(int_alpha);
  if (frac > 0) g += GammaShapeBelowOne(frac, beta);
  return g;
}

// beta * sum of n Exponential(1) = -beta * sum of log(uniform), one logarithm per uniform as
// the reference does (a product of uniforms would round differently and change the workload).
// A uniform of exactly 0 makes the sum -inf and the variate +inf: callers redraw it.
double LublinRandom::GammaIntegerShape(int64_t n, double beta) {
  double log_sum = 0;
  for (int64_t i = 0; i < n; ++i) log_sum += std::log(Uniform());
  return -log_sum * beta;
}

double LublinRandom::GammaShapeBelowOne(double alpha, double beta) {
  const double x = BetaBothBelowOne(alpha, 1 - alpha);
  const double y = -std::log(Uniform());
  return beta * x * y;
}

// Jöhnk's method for Beta(a, b) with a, b < 1.
double LublinRandom::BetaBothBelowOne(double a, double b) {
  while (true) {
    const double x = std::pow(Uniform(), 1 / a);
    const double y = std::pow(Uniform(), 1 / b);
    if (x + y <= 1 && x + y > 0) return x / (x + y);
  }
}

double LublinRandom::HyperGamma(double a1, double b1, double a2, double b2, double p) {
  return Uniform() <= p ? Gamma(a1, b1) : Gamma(a2, b2);
}

double LublinRandom::TwoStageUniform(double low, double med, double hi, double prob) {
  const bool first = Uniform() <= prob;
  const double a = first ? low : med;
  const double b = first ? med : hi;
  return a + Uniform() * (b - a);
}

namespace {

constexpr int kIterMax = 1000;
constexpr double kEps = 1e-10;

// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1) ...
double SeriesP(double x, double a) {
  double term = 1 / a;
  double sum = term;
  double ap = a;
  for (int i = 0; i < kIterMax; ++i) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (term < sum * kEps) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// ... and 1 - P(a, x) by its continued fraction (x >= a + 1) (Numerical Recipes, 6.2).
double ContinuedFractionQ(double x, double a) {
  double gold = 0, g = 0, a0 = 1, a1 = x, b0 = 0, b1 = 1, fac = 1;
  for (int i = 1; i <= kIterMax; ++i) {
    const double ana = i - a;
    a0 = (a1 + a0 * ana) * fac;
    b0 = (b1 + b0 * ana) * fac;
    const double anf = i * fac;
    a1 = x * a0 + anf * a1;
    b1 = x * b0 + anf * b1;
    if (a1 != 0) {
      fac = 1 / a1;
      g = b1 * fac;
      if (std::fabs((g - gold) / g) < kEps) break;
      gold = g;
    }
  }
  return g * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

}  // namespace

double GammaCdf(double x, double alpha, double beta) {
  if (x <= 0) return 0;
  x /= beta;
  return x < alpha + 1 ? SeriesP(x, alpha) : 1 - ContinuedFractionQ(x, alpha);
}

}  // namespace airgrid::workload
