#include "airgrid/grid/format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace airgrid::grid {
namespace {

// Drops trailing zeros of the fraction ("1.500" -> "1.5", "2.000" -> "2").
std::string TrimZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string Fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, x);
  std::string s = buf;
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

std::string FormatNumber(double x, int sig) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";
  const double ax = std::abs(x);
  if (ax < 1e-3 || ax >= 1e6) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", sig - 1, x);
    std::string s = buf;
    const size_t e = s.find('e');
    return TrimZeros(s.substr(0, e)) + s.substr(e);
  }
  // Decimal places so that `sig` significant digits show; rounding may carry into a new digit
  // (9.996 -> 10.0), which %.*f handles.
  const int magnitude = static_cast<int>(std::floor(std::log10(ax)));
  const int decimals = sig - 1 - magnitude;
  if (decimals <= 0) {
    const double unit = std::pow(10.0, -decimals);
    return Fixed(std::round(x / unit) * unit, 0);
  }
  return TrimZeros(Fixed(x, decimals));
}

std::string FormatWithUncertainty(double x, double u) {
  if (!(u > 0) || !std::isfinite(u) || !std::isfinite(x)) return FormatNumber(x, 3);
  const int magnitude = static_cast<int>(std::floor(std::log10(u)));
  const double leading = u / std::pow(10.0, magnitude);
  const int sig = leading >= 3 ? 1 : 2;
  const int place = magnitude - (sig - 1);  // decimal exponent of the last shown digit
  if (place >= 0) {
    const double unit = std::pow(10.0, place);
    return Fixed(std::round(x / unit) * unit, 0) + " ± " + Fixed(std::round(u / unit) * unit, 0);
  }
  return Fixed(x, -place) + " ± " + Fixed(u, -place);
}

}  // namespace airgrid::grid
