// Number formatting for reports: significant digits that the data supports, no false precision.
//
// Contract.
// - FormatNumber(x, sig): `sig` significant digits, trailing zeros dropped; plain notation for
//   1e-3 <= |x| < 1e6 and 0, scientific ("1.23e+07") otherwise; "nan", "inf", "-inf" as such.
// - FormatWithUncertainty(x, u): the uncertainty rounded to 2 significant digits (1 when its
//   leading digit is >= 3) and x rounded to the same decimal place: "12.34 ± 0.42",
//   "1200 ± 30"; u <= 0 falls back to FormatNumber(x, 3) alone.
#pragma once

#include <string>

namespace airgrid::grid {

std::string FormatNumber(double x, int sig = 3);
std::string FormatWithUncertainty(double x, double u);

}  // namespace airgrid::grid
