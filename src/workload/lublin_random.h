// Random variates of the Lublin–Feitelson generator, as m_lublin99.c draws them (after Jain,
// "The Art of Computer Systems Performance Analysis", ch. 28), on a seeded std::mt19937_64.
// Uniforms are built from the top 53 bits ourselves, so the stream is the same on every
// platform (std::uniform_real_distribution is implementation-defined). Internal header.
#pragma once

#include <cstdint>
#include <random>

namespace airgrid::workload {

class LublinRandom {
 public:
  explicit LublinRandom(uint64_t seed) : engine_(seed) {}

  // Uniform on [0, 1).
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe under log().
  double UniformPositive() { return static_cast<double>((engine_() >> 11) + 1) * 0x1.0p-53; }

  // Gamma(alpha, beta) (shape, scale) = Gamma(int(alpha)) as a sum of exponentials plus
  // Gamma(frac(alpha)) as Exponential x Beta(frac, 1 - frac).
  double Gamma(double alpha, double beta);

  // Mixture: Gamma(a1, b1) with probability p, else Gamma(a2, b2).
  double HyperGamma(double a1, double b1, double a2, double b2, double p);

  // Uniform(low, med) with probability prob, else Uniform(med, hi).
  double TwoStageUniform(double low, double med, double hi, double prob);

 private:
  double GammaIntegerShape(int64_t n, double beta);
  double GammaShapeBelowOne(double alpha, double beta);
  double BetaBothBelowOne(double a, double b);

  std::mt19937_64 engine_;
};

// Cumulative distribution function of Gamma(alpha, beta) (shape, scale) at x.
double GammaCdf(double x, double alpha, double beta);

}  // namespace airgrid::workload
