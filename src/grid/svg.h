// Minimal SVG/HTML writing helpers for the HTML report. Internal to src/grid.
#pragma once

#include <string>
#include <vector>

namespace airgrid::grid::svg {

// Escapes &, <, >, " and ' for text and attribute values.
std::string Escape(const std::string& s);
// Coordinate with one decimal, no trailing ".0".
std::string Coord(double x);
// Okabe & Ito (2008) colour-blind-safe palette, ordered for contrast on white.
const std::string& Colour(size_t i);
// A marker shape centred at (x, y) of radius r: circle, square, triangle, diamond, inverted
// triangle, cross; filled with `fill`. `extra` goes into the element's attributes.
std::string Marker(size_t shape, double x, double y, double r, const std::string& fill,
                   const std::string& extra = "");
// Opening <svg> with role="img", a <title> and a <desc> (the text alternative).
std::string Open(const std::string& id, double width, double height, const std::string& title,
                 const std::string& desc);

// A linear (or log10) axis mapping data to pixels, with "nice" ticks.
struct Axis {
  double lo = 0, hi = 1;  // data range
  double p0 = 0, p1 = 1;  // pixel range (p0 ↔ lo)
  bool log = false;
  double Map(double x) const;
  std::vector<double> Ticks(int target = 5) const;
};
// Widens [lo, hi] to a nice range including both (and 0 when `include_zero`).
Axis NiceAxis(double lo, double hi, double p0, double p1, bool include_zero, bool log = false);

}  // namespace airgrid::grid::svg
