// The SC'17 learned policies F1..F4 (Carastan-Santos & de Camargo, "Obtaining Dynamic Scheduling
// Policies with Simulation and Machine Learning", SC'17, Table 2): the one definition, used by
// the built-in policies ("f1".."f4"), the MLP report's F1 baseline and the study's cost facts.
//
// Each formula is normalised so its first term has coefficient 1: the artifact's r coefficient
// divided by the product of the first term's two coefficients. The constants are those exact
// ratios (F1's 870.96 is the fitted constant of the published F1 the policy uses, docs/methodology.md).
//
// log10 guard: r (and p) are whole seconds >= 0, and r = 0 for a window's first job, where
// log10 would give -inf (and -inf + inf = NaN in a sum). The formulas use log10(max(x, 1)): 0 s
// scores like 1 s (term 0), which keeps the order of all other values. (The formula *search*
// keeps the artifact's fitting guard log10(x + 1e-10), learn/formula.h: it must fit the same
// function the artifact fitted.)
#pragma once

#include <algorithm>
#include <cmath>

namespace airgrid::sched {

inline constexpr double kF1RCoefficient = 870.96;     // F1 = log10(p)·q + 870.96·log10(r)
inline constexpr double kF2RCoefficient = 25673.4;    // F2 = √p·q + 25,673.4·log10(r)
inline constexpr double kF3RCoefficient = 6862786.0;  // F3 = p·q + 6,862,786·log10(r)
inline constexpr double kF4RCoefficient = 530987.0;   // F4 = p·√q + 530,987·log10(r)

inline double Log10AtLeast1(double x) { return std::log10(std::max(x, 1.0)); }

// p: processing time (s), q: processors, r: submit time (s, relative). Lower runs first.
inline double F1(double p, double q, double r) { return Log10AtLeast1(p) * q + kF1RCoefficient * Log10AtLeast1(r); }
inline double F2(double p, double q, double r) { return std::sqrt(p) * q + kF2RCoefficient * Log10AtLeast1(r); }
inline double F3(double p, double q, double r) { return p * q + kF3RCoefficient * Log10AtLeast1(r); }
inline double F4(double p, double q, double r) { return p * std::sqrt(q) + kF4RCoefficient * Log10AtLeast1(r); }

}  // namespace airgrid::sched
