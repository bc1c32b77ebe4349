#include "grid/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "airgrid/base/text_escape.h"

namespace airgrid::grid::svg {

std::string Escape(const std::string& s) { return EscapeHtml(s); }

std::string Coord(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

const std::string& Colour(size_t i) {
  static const std::string kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                         "#56B4E9", "#D55E00", "#000000", "#F0E442"};
  return kPalette[i % 8];
}

std::string Marker(size_t shape, double x, double y, double r, const std::string& fill,
                   const std::string& extra) {
  const std::string style = " fill=\"" + fill + "\" stroke=\"#fff\" stroke-width=\"1\" " + extra;
  auto poly = [&](std::vector<std::pair<double, double>> pts) {
    std::string p;
    for (auto [dx, dy] : pts) p += Coord(x + dx * r) + "," + Coord(y + dy * r) + " ";
    p.pop_back();
    return "<polygon class=\"marker\" points=\"" + p + "\"" + style + "/>";
  };
  switch (shape % 6) {
    case 0: return "<circle class=\"marker\" cx=\"" + Coord(x) + "\" cy=\"" + Coord(y) + "\" r=\"" + Coord(r) + "\"" + style + "/>";
    case 1: return poly({{-0.9, -0.9}, {0.9, -0.9}, {0.9, 0.9}, {-0.9, 0.9}});
    case 2: return poly({{0, -1.2}, {1.1, 0.8}, {-1.1, 0.8}});
    case 3: return poly({{0, -1.3}, {1.1, 0}, {0, 1.3}, {-1.1, 0}});
    case 4: return poly({{0, 1.2}, {1.1, -0.8}, {-1.1, -0.8}});
    default:
      return poly({{-0.4, -1.1}, {0.4, -1.1}, {0.4, -0.4}, {1.1, -0.4}, {1.1, 0.4}, {0.4, 0.4},
                   {0.4, 1.1}, {-0.4, 1.1}, {-0.4, 0.4}, {-1.1, 0.4}, {-1.1, -0.4}, {-0.4, -0.4}});
  }
}

std::string Open(const std::string& id, double width, double height, const std::string& title,
                 const std::string& desc) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + Escape(id) + "\" role=\"img\" viewBox=\"0 0 " +
         Coord(width) + " " + Coord(height) + "\" width=\"" + Coord(width) + "\" height=\"" + Coord(height) +
         "\" aria-labelledby=\"" + Escape(id) + "-title " + Escape(id) + "-desc\"><title id=\"" + Escape(id) +
         "-title\">" + Escape(title) + "</title><desc id=\"" + Escape(id) + "-desc\">" + Escape(desc) + "</desc>";
}

double Axis::Map(double x) const {
  double a = lo, b = hi, v = x;
  if (log) {
    a = std::log10(lo);
    b = std::log10(hi);
    v = std::log10(std::max(x, lo));
  }
  if (b == a) return (p0 + p1) / 2;
  return p0 + (v - a) / (b - a) * (p1 - p0);
}

namespace {
double NiceStep(double span, int target) {
  const double raw = span / std::max(target, 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * mag;
}
}  // namespace

std::vector<double> Axis::Ticks(int target) const {
  std::vector<double> ticks;
  if (log) {
    for (double t = std::pow(10.0, std::floor(std::log10(lo))); t <= hi * 1.0001; t *= 10)
      if (t >= lo * 0.9999) ticks.push_back(t);
    return ticks;
  }
  const double step = NiceStep(hi - lo, target);
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

Axis NiceAxis(double lo, double hi, double p0, double p1, bool include_zero, bool log) {
  Axis a;
  a.p0 = p0;
  a.p1 = p1;
  a.log = log;
  if (log) {
    a.lo = std::pow(10.0, std::floor(std::log10(lo)));
    a.hi = std::pow(10.0, std::ceil(std::log10(hi)));
    if (a.hi <= a.lo) a.hi = a.lo * 10;
    return a;
  }
  if (include_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double step = NiceStep(hi - lo, 5);
  a.lo = std::floor(lo / step) * step;
  a.hi = std::ceil(hi / step) * step;
  return a;
}

}  // namespace airgrid::grid::svg
