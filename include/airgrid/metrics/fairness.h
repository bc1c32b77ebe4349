// Inequality indices over non-negative allocations (one value per user, per group, ...).
//
// Jain's fairness index J(x) = (Σx)² / (n·Σx²): 1 when all equal, 1/n when one takes all.
// Convention: J of an empty set or of all-zero values is 1 (nothing is unequal).
// Gini coefficient G(x) = Σ_i Σ_j |x_i − x_j| / (2·n²·mean): 0 when all equal, (n−1)/n when one
// takes all (the "population" Gini, no small-sample correction). Convention: G of an empty set or
// of all-zero values is 0. Negative inputs are a caller bug (asserted).
#pragma once

#include <span>

namespace airgrid::metrics {

double JainIndex(std::span<const double> x);
double Gini(std::span<const double> x);
// The same value without the copy: sorts x.
double GiniInPlace(std::span<double> x);

}  // namespace airgrid::metrics
