// Random variates of the Lublin–Feitelson generator, drawn exactly as m_lublin99.c draws them
// (after Jain, "The Art of Computer Systems Performance Analysis", ch. 28), on the generator the
// reference uses: POSIX drand48, implemented here so the stream is the same on every platform.
// Same seed, same uniforms, same order of draws as the reference, hence the same workload:
// seed 1487089399 gives SC'17's lublin_256.swf record for record (docs/methodology.md).
// Internal header.
#pragma once

#include <cstdint>

namespace airgrid::workload {

class LublinRandom {
 public:
  // As srand48(seed): only the low 32 bits of the seed enter the state.
  explicit LublinRandom(uint64_t seed) : state_(((seed & 0xFFFFFFFFu) << 16) | 0x330Eu) {}

  // As drand48(): X <- (0x5DEECE66D X + 0xB) mod 2^48, returned as X / 2^48, on [0, 1).
  double Uniform() {
    state_ = (0x5DEECE66Du * state_ + 0xBu) & kStateMask;
    return static_cast<double>(state_) * 0x1.0p-48;
  }

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

  static constexpr uint64_t kStateMask = (uint64_t{1} << 48) - 1;
  uint64_t state_;
};

// Cumulative distribution function of Gamma(alpha, beta) (shape, scale) at x.
double GammaCdf(double x, double alpha, double beta);

}  // namespace airgrid::workload
