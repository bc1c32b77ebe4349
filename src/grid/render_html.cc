// The self-contained HTML report: no script, no network, every chart an inline SVG drawn here.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "airgrid/grid/report.h"
#include "grid/render_internal.h"
#include "grid/svg.h"

namespace airgrid::grid {
namespace {

using namespace internal;
using svg::Coord;
using svg::Escape;

std::string WithUnit(const std::string& number, const std::string& unit) {
  const std::string u = UnitSuffix(unit);
  return u.empty() ? number : number + " " + u;
}

std::string AxisTitle(const Criterion& c) {
  const std::string u = UnitSuffix(c.unit);
  return c.label + (u.empty() ? "" : " (" + u + ")") + " — " + ToString(c.direction) + " is better";
}

// Legend: colour swatch + marker + label per alternative, as HTML (readable by screen readers).
std::string Legend(const Grid& g) {
  std::string s = "<ul class=\"legend\">";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    s += "<li><svg width=\"16\" height=\"16\" aria-hidden=\"true\">" + svg::Marker(a, 8, 8, 6, svg::Colour(a)) +
         "</svg>" + Escape(g.alternatives()[a].label) + "</li>";
  return s + "</ul>";
}

// ---- The table ------------------------------------------------------------------------------

std::string ValueTitle(const Criterion& c, const Value& v) {
  if (!v.assessed()) return "not assessed" + (v.reason().empty() ? "" : ": " + v.reason());
  const Provenance& p = v.provenance();
  std::string t = ToString(p.kind);
  if (!p.by.empty()) t += " by " + p.by;
  if (!p.method.empty()) t += "; method: " + p.method;
  if (!p.source.empty()) t += "; source: " + p.source;
  if (c.scale == Scale::kOrdinal) t += "\nRationale: " + v.rationale() + (v.evidence().empty() ? "" : "\nEvidence: " + v.evidence());
  return t;
}

std::string TableHtml(const Report& r) {
  const Grid& g = r.grid;
  std::ostringstream out;
  out << "<table class=\"grid\"><caption>The grid: each value with its unit, uncertainty (±) and "
         "provenance (hover, print, or see the JSON). ★ best on the criterion beyond uncertainty (tied best values share it; "
         "none when all tie); <em>not assessed</em> is never 0.</caption>"
      << "<thead><tr><th scope=\"col\">Criterion</th>";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    out << "<th scope=\"col\"><span class=\"swatch\" style=\"background:" << svg::Colour(a) << "\"></span>"
        << Escape(g.alternatives()[a].label) << (r.analysis.in_pareto[a] ? " <span class=\"tag\">Pareto</span>" : "")
        << (r.analysis.vetoed[a] ? " <span class=\"tag veto\">vetoed</span>" : "") << "</th>";
  out << "</tr></thead><tbody>";
  int last_area = -1;
  for (size_t c : DisplayOrder(g)) {
    const Criterion& crit = g.criteria()[c];
    if (static_cast<int>(crit.area) != last_area) {
      last_area = static_cast<int>(crit.area);
      out << "<tr class=\"area\"><th colspan=\"" << g.num_alternatives() + 1 << "\" scope=\"rowgroup\">"
          << Escape(AreaLabel(crit.area)) << "</th></tr>";
    }
    out << "<tr><th scope=\"row\" title=\"" << Escape(crit.description) << "\">" << Escape(crit.label);
    if (crit.phase != Phase::kNone) out << " <span class=\"phase\">" << ToString(crit.phase) << " phase</span>";
    out << "<span class=\"meta\">" << Escape(crit.scale == Scale::kOrdinal ? "rubric level (" + crit.rubric + ")" : UnitSuffix(crit.unit).empty() ? std::string("dimensionless") : crit.unit)
        << " · " << ToString(crit.scale) << " · " << Arrow(crit.direction) << " " << ToString(crit.direction)
        << " is better</span>";
    if (!crit.description.empty()) out << "<span class=\"desc\">" << Escape(crit.description) << "</span>";
    out << "</th>";
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = g.at(a, c);
      const bool best = IsBest(r.analysis, c, a);
      std::string cls = !v.assessed() ? "na" : best ? "best" : "";
      std::string text = FormatValue(crit, v, g.rubric());
      if (v.state() == Value::State::kNumber) text = WithUnit(text, crit.unit);
      out << "<td class=\"" << cls << "\" title=\"" << Escape(ValueTitle(crit, v)) << "\">" << (best ? "★ " : "")
          << Escape(text);
      if (v.assessed()) out << "<span class=\"prov\">" << ToString(v.provenance().kind) << "</span>";
      else if (!v.reason().empty()) out << "<span class=\"reason\">" << Escape(v.reason()) << "</span>";
      if (Vetoed(crit, v)) out << " <span class=\"tag veto\">veto</span>";
      out << "</td>";
    }
    out << "</tr>";
  }
  out << "</tbody></table>";
  return out.str();
}

// ---- Area charts -----------------------------------------------------------------------------

// At most this many criteria per chart: more would make rows too small to read.
constexpr size_t kMaxAxesPerChart = 8;

struct ChartAxis {
  size_t criterion;
  Bounds bounds;
  bool tied = false;  // every assessed value ties: drawn at mid-axis
  std::string how;    // printed normalisation
};

// Normalisation of one criterion. A spread within uncertainty is never stretched over the axis:
// when everything ties the values sit at mid-axis, otherwise the observed range is widened by
// the extreme values' uncertainties (or display precision), so a gap comparable to the
// uncertainty stays a small gap.
ChartAxis MakeAxis(const Report& r, size_t c) {
  const Grid& g = r.grid;
  const Criterion& crit = g.criteria()[c];
  ChartAxis ax{c, {}, r.analysis.all_tied[c], ""};
  auto fixed = std::find_if(r.options.radar_bounds.begin(), r.options.radar_bounds.end(),
                            [&](const auto& p) { return p.first == crit.id; });
  if (fixed != r.options.radar_bounds.end()) {
    ax.bounds = fixed->second;
    ax.how = "fixed bounds";
  } else if (crit.scale == Scale::kOrdinal) {
    const RubricCriterion* rc = g.rubric().Find(crit.rubric);
    ax.bounds = {static_cast<double>(rc->min_level()), static_cast<double>(rc->max_level())};
    ax.how = "rubric levels";
  } else {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = Effective(g, a, c);
      if (!v.assessed()) continue;
      const double margin = v.uncertainty() > 0 ? v.uncertainty() : DisplayStep(v.number()) / 2;
      lo = std::min(lo, v.number() - margin);
      hi = std::max(hi, v.number() + margin);
    }
    ax.bounds = {lo, hi};
    ax.how = "observed range widened by the uncertainties";
  }
  if (ax.tied) ax.how = "all values tie within uncertainty: drawn at mid-axis";
  return ax;
}

// Splits a label into lines of at most `width` characters at spaces (long words stay whole).
std::vector<std::string> WrapWords(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && DisplayWidth(line) + 1 + DisplayWidth(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// Position in [0, 1] along the axis, 1 = best.
double AxisFraction(const Criterion& c, const ChartAxis& ax, double x) {
  if (ax.tied || !(ax.bounds.hi > ax.bounds.lo)) return 0.5;
  return Normalise(x, ax.bounds, c.direction);
}

// One dot chart: a row per criterion, a dot per assessed value, worse on the left.
std::string DotChart(const Report& r, const std::string& id, const std::string& title,
                     const std::vector<ChartAxis>& axes) {
  const Grid& g = r.grid;
  const size_t n = g.num_alternatives();
  const double W = 540, L = 200, X0 = 214, X1 = 520, T = 26, line_h = 14;
  const double dot_gap = 6;
  std::vector<std::vector<std::string>> labels;
  std::vector<double> row_h;
  double H = T;
  for (const auto& ax : axes) {
    labels.push_back(WrapWords(g.criteria()[ax.criterion].label + " " + Arrow(g.criteria()[ax.criterion].direction), 30));
    row_h.push_back(std::max(line_h * static_cast<double>(labels.back().size()) + 10, dot_gap * static_cast<double>(n) + 14));
    H += row_h.back();
  }
  H += 8;
  std::ostringstream s;
  std::string desc = "Dot chart of " + std::to_string(axes.size()) + " criteria; right is better on every row. "
                     "Values not assessed have no dot.";
  s << svg::Open(id, W, H, title, desc);
  s << "<text x=\"" << Coord(X0) << "\" y=\"14\" class=\"tick\">← worse</text><text x=\"" << Coord(X1)
    << "\" y=\"14\" text-anchor=\"end\" class=\"tick\">better →</text>";
  double y = T;
  for (size_t k = 0; k < axes.size(); ++k) {
    const ChartAxis& ax = axes[k];
    const Criterion& crit = g.criteria()[ax.criterion];
    const double mid = y + row_h[k] / 2;
    s << "<line x1=\"" << Coord(X0) << "\" y1=\"" << Coord(mid) << "\" x2=\"" << Coord(X1) << "\" y2=\"" << Coord(mid)
      << "\" stroke=\"#ddd\"/>";
    const double first_y = mid + 4 - line_h / 2 * static_cast<double>(labels[k].size() - 1);
    s << "<text x=\"" << Coord(L) << "\" y=\"" << Coord(first_y) << "\" text-anchor=\"end\" class=\"axis-label\">";
    for (size_t i = 0; i < labels[k].size(); ++i)
      s << "<tspan x=\"" << Coord(L) << "\" dy=\"" << (i ? line_h : 0) << "\">" << Escape(labels[k][i]) << "</tspan>";
    s << "</text>";
    for (size_t a = 0; a < n; ++a) {
      const Value& v = Effective(g, a, ax.criterion);
      if (!v.assessed()) continue;  // not assessed (or "unknown"): no dot, never a 0
      const double dy = (static_cast<double>(a) - static_cast<double>(n - 1) / 2) * dot_gap;
      const double f = AxisFraction(crit, ax, v.number());
      const double x = X0 + (X1 - X0) * f;
      s << "<g class=\"dot\" data-alternative=\"" << Escape(g.alternatives()[a].id) << "\" data-criterion=\""
        << Escape(crit.id) << "\" data-position=\"" << FormatNumber(f, 3) << "\"><title>" << Escape(g.alternatives()[a].label + ": " +
                                                    WithUnit(FormatValue(crit, g.at(a, ax.criterion), g.rubric()), crit.unit))
        << "</title>";
      if (v.uncertainty() > 0 && !ax.tied) {
        const double xa = X0 + (X1 - X0) * AxisFraction(crit, ax, v.number() - v.uncertainty());
        const double xb = X0 + (X1 - X0) * AxisFraction(crit, ax, v.number() + v.uncertainty());
        s << "<line x1=\"" << Coord(xa) << "\" y1=\"" << Coord(mid + dy) << "\" x2=\"" << Coord(xb) << "\" y2=\""
          << Coord(mid + dy) << "\" stroke=\"" << svg::Colour(a) << "\"/>";
      }
      s << svg::Marker(a, x, mid + dy, 3.5, svg::Colour(a)) << "</g>";
    }
    y += row_h[k];
  }
  s << "</svg>";
  return s.str();
}

std::string AreaChartsHtml(const Report& r) {
  const Grid& g = r.grid;
  std::ostringstream charts, note;
  std::vector<ChartAxis> all;
  for (size_t c : DisplayOrder(g))
    if (std::find(r.analysis.criteria_used.begin(), r.analysis.criteria_used.end(), c) != r.analysis.criteria_used.end())
      all.push_back(MakeAxis(r, c));
  if (all.empty()) return "<p>No chart: no criterion is assessed.</p>";
  charts << "<div class=\"area-charts\">";
  for (size_t i = 0; i < all.size();) {
    const Area area = g.criteria()[all[i].criterion].area;
    size_t j = i;
    while (j < all.size() && g.criteria()[all[j].criterion].area == area) ++j;
    for (size_t from = i, part = 1; from < j; from += kMaxAxesPerChart, ++part) {
      const size_t to = std::min(j, from + kMaxAxesPerChart);
      std::string title = AreaLabel(area);
      if (j - i > kMaxAxesPerChart) title += " (" + std::to_string(part) + ")";
      charts << "<figure class=\"area-chart\"><figcaption>" << Escape(title) << "</figcaption>"
             << DotChart(r, std::string("area-") + ToString(area) + "-" + std::to_string(part), title,
                         {all.begin() + static_cast<long>(from), all.begin() + static_cast<long>(to)})
             << "</figure>";
    }
    i = j;
  }
  charts << "</div>";
  note << "<details class=\"normalisation\" open><summary>Chart normalisation</summary><p>Each row maps a value "
          "linearly from the left (worse) to the right (better), oriented by the criterion's direction; bars "
          "through a dot are ± its uncertainty. A spread within uncertainty is never stretched over the row: when "
          "every value ties the dots sit at mid-row; otherwise the range is widened by the extreme values' "
          "uncertainties (half the display precision when a value has none). A value not assessed, or at a "
          "rubric level \"unknown\", has no dot.</p><ul>";
  for (const auto& ax : all) {
    const Criterion& crit = g.criteria()[ax.criterion];
    const bool lower = crit.direction == Direction::kLowerIsBetter;
    note << "<li>" << Escape(crit.label) << ": " << Escape(ax.how);
    if (!ax.tied)
      note << ", left = " << Escape(WithUnit(FormatNumber(lower ? ax.bounds.hi : ax.bounds.lo, 4), crit.unit))
           << ", right = " << Escape(WithUnit(FormatNumber(lower ? ax.bounds.lo : ax.bounds.hi, 4), crit.unit));
    note << "</li>";
  }
  note << "</ul></details>";
  return charts.str() + Legend(g) + note.str();
}

// ---- Findings and setup ----------------------------------------------------------------------

std::string FindingsHtml(const Report& r) {
  const Findings& f = r.findings;
  std::ostringstream out;
  out << "<section class=\"findings\"><h2>Findings</h2><p class=\"caption\">Generated from the grid. Differences "
         "within the combined uncertainty (or the display precision, for values without one) are ties and are "
         "not findings.</p>";
  for (const auto& area : f.areas) {
    out << "<h3>" << Escape(AreaLabel(area.area)) << "</h3><ul>";
    for (const auto& line : area.lines) out << "<li>" << Escape(line) << "</li>";
    out << "</ul>";
  }
  if (f.areas.empty()) out << "<p>No criterion separates the alternatives beyond uncertainty.</p>";
  out << "<h3>Trade-offs</h3><ul>";
  if (f.trade_offs.empty()) out << "<li>None: no two Pareto members each win somewhere beyond uncertainty.</li>";
  for (const auto& line : f.trade_offs) out << "<li>" << Escape(line) << "</li>";
  out << "</ul><h3>Why each Pareto member is there</h3><ul>";
  for (const auto& line : f.pareto_reasons) out << "<li>" << Escape(line) << "</li>";
  out << "</ul><p><strong>Everything ties on:</strong> "
      << Escape(f.all_tied.empty() ? std::string("no criterion") : Join(f.all_tied)) << ".</p>";
  if (!f.repeats.empty()) {
    out << "<h3>Repeats and diminishing returns</h3><ul>";
    for (const auto& line : f.repeats) out << "<li>" << Escape(line) << "</li>";
    out << "</ul>";
  }
  out << "</section>";
  return out.str();
}

std::string SetupHtml(const Grid& g) {
  std::ostringstream out;
  out << "<section class=\"setup\"><h2>Setup</h2>";
  if (g.setup.empty()) out << "<p>Not given (the grid file has no <code>setup</code> block).</p>";
  else {
    out << "<dl>";
    for (const auto& [label, value] : g.setup) out << "<dt>" << Escape(label) << "</dt><dd>" << Escape(value) << "</dd>";
    out << "</dl>";
  }
  return out.str() + "</section>";
}

// ---- Pareto scatter --------------------------------------------------------------------------

std::string ScatterHtml(const Report& r) {
  if (!r.pareto_axes) return "<p>Pareto scatter omitted: fewer than two numeric criteria are assessed.</p>";
  const Grid& g = r.grid;
  const size_t cx = r.pareto_axes->first, cy = r.pareto_axes->second;
  const Criterion& X = g.criteria()[cx];
  const Criterion& Y = g.criteria()[cy];
  std::vector<size_t> plotted, eligible;
  std::string missing;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (size_t a = 0; a < g.num_alternatives(); ++a) {
    const Value& vx = g.at(a, cx);
    const Value& vy = g.at(a, cy);
    if (!vx.assessed() || !vy.assessed()) {
      missing += (missing.empty() ? "" : ", ") + g.alternatives()[a].label;
      continue;
    }
    plotted.push_back(a);
    if (!r.analysis.vetoed[a]) eligible.push_back(a);
    xlo = std::min(xlo, vx.number() - vx.uncertainty());
    xhi = std::max(xhi, vx.number() + vx.uncertainty());
    ylo = std::min(ylo, vy.number() - vy.uncertainty());
    yhi = std::max(yhi, vy.number() + vy.uncertainty());
  }
  if (plotted.empty()) return "<p>Pareto scatter omitted: no alternative is assessed on both criteria.</p>";
  const std::vector<size_t> front = ParetoSet(g, eligible, {cx, cy}, r.options.analysis);
  const double W = 560, H = 420, L = 80, Rm = 30, T = 20, B = 60;
  const bool ratio_x = X.scale == Scale::kRatio && xlo >= 0, ratio_y = Y.scale == Scale::kRatio && ylo >= 0;
  svg::Axis ax = svg::NiceAxis(xlo, xhi, L, W - Rm, ratio_x);
  svg::Axis ay = svg::NiceAxis(ylo, yhi, H - B, T, ratio_y);
  std::ostringstream s;
  std::string desc = "Scatter of " + X.label + " against " + Y.label + ". Pareto front on these two criteria: " +
                     JoinLabels(g, front) + ".";
  if (!missing.empty()) desc += " Not plotted (not assessed): " + missing + ".";
  s << svg::Open("pareto", W, H, "Pareto scatter: " + X.label + " vs " + Y.label, desc);
  for (double t : ax.Ticks()) {
    const double x = ax.Map(t);
    s << "<line x1=\"" << Coord(x) << "\" y1=\"" << Coord(T) << "\" x2=\"" << Coord(x) << "\" y2=\"" << Coord(H - B)
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(x) << "\" y=\"" << Coord(H - B + 19)
      << "\" text-anchor=\"middle\" class=\"tick\">" << FormatNumber(t, 3) << "</text>";
  }
  for (double t : ay.Ticks()) {
    const double y = ay.Map(t);
    s << "<line x1=\"" << Coord(L) << "\" y1=\"" << Coord(y) << "\" x2=\"" << Coord(W - Rm) << "\" y2=\"" << Coord(y)
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(L - 6) << "\" y=\"" << Coord(y + 4)
      << "\" text-anchor=\"end\" class=\"tick\">" << FormatNumber(t, 3) << "</text>";
  }
  s << "<rect x=\"" << Coord(L) << "\" y=\"" << Coord(T) << "\" width=\"" << Coord(W - Rm - L) << "\" height=\""
    << Coord(H - B - T) << "\" fill=\"none\" stroke=\"#888\"/>";
  s << "<text x=\"" << Coord((L + W - Rm) / 2) << "\" y=\"" << Coord(H - 18) << "\" text-anchor=\"middle\" class=\"axis-title\">"
    << Escape(AxisTitle(X)) << "</text>";
  s << "<text transform=\"translate(18," << Coord((T + H - B) / 2) << ") rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">"
    << Escape(AxisTitle(Y)) << "</text>";
  // The front as a dashed step line through its points, sorted by x.
  std::vector<size_t> sorted = front;
  std::sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) { return g.at(a, cx).number() < g.at(b, cx).number(); });
  if (sorted.size() > 1) {
    std::string pts;
    for (size_t a : sorted) pts += Coord(ax.Map(g.at(a, cx).number())) + "," + Coord(ay.Map(g.at(a, cy).number())) + " ";
    s << "<polyline class=\"pareto-front\" points=\"" << pts << "\" fill=\"none\" stroke=\"#444\" stroke-dasharray=\"5 4\"/>";
  }
  for (size_t a : plotted) {
    const Value& vx = g.at(a, cx);
    const Value& vy = g.at(a, cy);
    const double x = ax.Map(vx.number()), y = ay.Map(vy.number());
    if (vx.uncertainty() > 0)
      s << "<line x1=\"" << Coord(ax.Map(vx.number() - vx.uncertainty())) << "\" y1=\"" << Coord(y) << "\" x2=\""
        << Coord(ax.Map(vx.number() + vx.uncertainty())) << "\" y2=\"" << Coord(y) << "\" stroke=\"" << svg::Colour(a) << "\"/>";
    if (vy.uncertainty() > 0)
      s << "<line x1=\"" << Coord(x) << "\" y1=\"" << Coord(ay.Map(vy.number() - vy.uncertainty())) << "\" x2=\"" << Coord(x)
        << "\" y2=\"" << Coord(ay.Map(vy.number() + vy.uncertainty())) << "\" stroke=\"" << svg::Colour(a) << "\"/>";
    const bool on_front = std::find(front.begin(), front.end(), a) != front.end();
    s << "<g class=\"scatter-point\"><title>" << Escape(g.alternatives()[a].label) << ": "
      << Escape(WithUnit(FormatValue(X, vx, g.rubric()), X.unit)) << ", " << Escape(WithUnit(FormatValue(Y, vy, g.rubric()), Y.unit))
      << (on_front ? " (Pareto front)" : "") << (r.analysis.vetoed[a] ? " (vetoed)" : "") << "</title>"
      << svg::Marker(a, x, y, on_front ? 7 : 5.5, svg::Colour(a)) << "</g>";
  }
  s << "</svg>";
  std::string caption = Legend(g) + "<p class=\"caption\">Error bars: ± uncertainty. Dashed line and larger markers: Pareto "
                        "front on these two criteria (vetoed alternatives excluded): " + Escape(JoinLabels(g, front)) +
                        ". Choose the axes with <code>--pareto X,Y</code>.";
  if (!missing.empty()) caption += " Not plotted (not assessed): " + Escape(missing) + ".";
  return s.str() + caption + "</p>";
}

// ---- Attached series -------------------------------------------------------------------------

std::string DataTable(const Grid& g, const Series& se) {
  std::ostringstream t;
  t << "<details><summary>Data of this chart</summary><table class=\"data\"><thead><tr><th>alternative</th>";
  if (se.kind == Series::Kind::kSamples) {
    t << "<th>n</th><th>min</th><th>median</th><th>p95</th><th>max</th></tr></thead><tbody>";
    for (const auto& d : se.data) {
      std::vector<double> v = d.values;
      std::sort(v.begin(), v.end());
      auto q = [&](double p) { return v.empty() ? NAN : v[static_cast<size_t>(std::floor(p * static_cast<double>(v.size() - 1)))]; };
      t << "<tr><th>" << Escape(g.alternatives()[*g.FindAlternative(d.alternative)].label) << "</th><td>" << v.size()
        << "</td><td>" << FormatNumber(q(0)) << "</td><td>" << FormatNumber(q(0.5)) << "</td><td>" << FormatNumber(q(0.95))
        << "</td><td>" << FormatNumber(q(1)) << "</td></tr>";
    }
  } else {
    for (const auto& c : se.categories) t << "<th>" << Escape(c) << "</th>";
    t << "</tr></thead><tbody>";
    for (const auto& d : se.data) {
      t << "<tr><th>" << Escape(g.alternatives()[*g.FindAlternative(d.alternative)].label) << "</th>";
      for (double x : d.values) t << "<td>" << (std::isnan(x) ? std::string("not assessed") : FormatNumber(x)) << "</td>";
      t << "</tr>";
    }
  }
  t << "</tbody></table><p>Unit: " << Escape(se.unit) << "</p></details>";
  return t.str();
}

std::string GroupBars(const Grid& g, const Series& se) {
  const double W = 640, H = 340, L = 70, Rm = 20, T = 20, B = 60;
  double hi = 0, lo = 0;
  for (const auto& d : se.data)
    for (double x : d.values) {
      if (std::isnan(x)) continue;
      hi = std::max(hi, x);
      lo = std::min(lo, x);
    }
  svg::Axis ay = svg::NiceAxis(lo, hi, H - B, T, true);
  std::ostringstream s;
  s << svg::Open("series-" + se.id, W, H, se.title, "Grouped bars, one group per category, one bar per alternative, in " + se.unit + ".");
  for (double t : ay.Ticks())
    s << "<line x1=\"" << Coord(L) << "\" y1=\"" << Coord(ay.Map(t)) << "\" x2=\"" << Coord(W - Rm) << "\" y2=\"" << Coord(ay.Map(t))
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(L - 6) << "\" y=\"" << Coord(ay.Map(t) + 4) << "\" text-anchor=\"end\" class=\"tick\">"
      << FormatNumber(t) << "</text>";
  const double group_w = (W - Rm - L) / static_cast<double>(se.categories.size());
  const double bar_w = group_w * 0.8 / static_cast<double>(std::max<size_t>(se.data.size(), 1));
  for (size_t k = 0; k < se.categories.size(); ++k) {
    const double gx = L + group_w * static_cast<double>(k) + group_w * 0.1;
    for (size_t i = 0; i < se.data.size(); ++i) {
      const size_t a = *g.FindAlternative(se.data[i].alternative);
      const double v = se.data[i].values[k];
      if (std::isnan(v)) continue;  // not assessed: no bar (listed under the chart), never a 0
      const double y0 = ay.Map(0), y1 = ay.Map(v);
      s << "<rect class=\"bar\" data-alternative=\"" << Escape(se.data[i].alternative) << "\" data-category=\"" << Escape(se.categories[k]) << "\" x=\"" << Coord(gx + bar_w * static_cast<double>(i)) << "\" y=\"" << Coord(std::min(y0, y1))
        << "\" width=\"" << Coord(bar_w * 0.92) << "\" height=\"" << Coord(std::abs(y1 - y0)) << "\" fill=\"" << svg::Colour(a)
        << "\"><title>" << Escape(g.alternatives()[a].label + ", " + se.categories[k] + ": " + FormatNumber(v) + " " + se.unit)
        << "</title></rect>";
    }
    s << "<text x=\"" << Coord(gx + group_w * 0.4) << "\" y=\"" << Coord(H - B + 16) << "\" text-anchor=\"middle\" class=\"tick\">"
      << Escape(se.categories[k]) << "</text>";
  }
  s << "<line x1=\"" << Coord(L) << "\" y1=\"" << Coord(ay.Map(0)) << "\" x2=\"" << Coord(W - Rm) << "\" y2=\"" << Coord(ay.Map(0))
    << "\" stroke=\"#444\"/><text transform=\"translate(16," << Coord((T + H - B) / 2)
    << ") rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">" << Escape(se.unit) << "</text></svg>";
  return s.str();
}

std::string Cdf(const Grid& g, const Series& se) {
  const double W = 640, H = 340, L = 70, Rm = 20, T = 20, B = 60;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& d : se.data)
    for (double x : d.values) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  if (!std::isfinite(lo)) return "<p>No samples.</p>";
  svg::Axis ax = svg::NiceAxis(lo, hi, L, W - Rm, false, se.log_scale);
  svg::Axis ay{0, 1, H - B, T, false};
  std::ostringstream s;
  s << svg::Open("series-" + se.id, W, H, se.title,
                 "Empirical cumulative distribution per alternative of " + se.title + " in " + se.unit + (se.log_scale ? ", log scale." : "."));
  for (double t : ax.Ticks())
    s << "<line x1=\"" << Coord(ax.Map(t)) << "\" y1=\"" << Coord(T) << "\" x2=\"" << Coord(ax.Map(t)) << "\" y2=\"" << Coord(H - B)
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(ax.Map(t)) << "\" y=\"" << Coord(H - B + 19) << "\" text-anchor=\"middle\" class=\"tick\">"
      << FormatNumber(t) << "</text>";
  for (double t : {0.0, 0.25, 0.5, 0.75, 1.0})
    s << "<line x1=\"" << Coord(L) << "\" y1=\"" << Coord(ay.Map(t)) << "\" x2=\"" << Coord(W - Rm) << "\" y2=\"" << Coord(ay.Map(t))
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(L - 6) << "\" y=\"" << Coord(ay.Map(t) + 4) << "\" text-anchor=\"end\" class=\"tick\">"
      << FormatNumber(t) << "</text>";
  for (size_t i = 0; i < se.data.size(); ++i) {
    const size_t a = *g.FindAlternative(se.data[i].alternative);
    std::vector<double> v = se.data[i].values;
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    const double n = static_cast<double>(v.size());
    std::string pts = Coord(ax.Map(v[0])) + "," + Coord(ay.Map(0));
    for (size_t k = 0; k < v.size(); ++k) {
      if (k + 1 < v.size() && v[k + 1] == v[k]) continue;  // one step per distinct value
      const double x = ax.Map(v[k]);
      const double before = static_cast<double>(std::lower_bound(v.begin(), v.end(), v[k]) - v.begin()) / n;
      pts.append(" ").append(Coord(x)).append(",").append(Coord(ay.Map(before)));
      pts.append(" ").append(Coord(x)).append(",").append(Coord(ay.Map(static_cast<double>(k + 1) / n)));
    }
    s << "<polyline class=\"cdf\" points=\"" << pts << "\" fill=\"none\" stroke=\"" << svg::Colour(a) << "\" stroke-width=\"2\" stroke-dasharray=\""
      << (a % 3 == 0 ? "none" : a % 3 == 1 ? "6 3" : "2 2") << "\"><title>" << Escape(g.alternatives()[a].label) << "</title></polyline>";
  }
  s << "<text x=\"" << Coord((L + W - Rm) / 2) << "\" y=\"" << Coord(H - 18) << "\" text-anchor=\"middle\" class=\"axis-title\">"
    << Escape(se.title + " (" + se.unit + ")" + (se.log_scale ? ", log scale" : "")) << "</text><text transform=\"translate(16,"
    << Coord((T + H - B) / 2) << ") rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">fraction ≤ x</text></svg>";
  return s.str();
}

std::string StackedBars(const Grid& g, const Series& se) {
  const double W = 640, L = 140, Rm = 90, T = 10, row = 34;
  const double H = T + row * static_cast<double>(se.data.size()) + 50;
  double hi = 0;
  for (const auto& d : se.data) {
    double sum = 0;
    for (double x : d.values)
      if (!std::isnan(x)) sum += x;
    hi = std::max(hi, sum);
  }
  svg::Axis ax = svg::NiceAxis(0, hi, L, W - Rm, true);
  // Phases get the palette from its far end so they do not read as alternatives.
  auto phase_colour = [](size_t k) {
    static const char* kPhaseColours[] = {"#D55E00", "#56B4E9", "#009E73", "#CC79A7", "#E69F00", "#0072B2"};
    return std::string(kPhaseColours[k % 6]);
  };
  std::ostringstream s;
  s << svg::Open("series-" + se.id, W, H, se.title, "Stacked horizontal bars, one per alternative, split by " + std::to_string(se.categories.size()) + " categories, in " + se.unit + ".");
  for (double t : ax.Ticks())
    s << "<line x1=\"" << Coord(ax.Map(t)) << "\" y1=\"" << Coord(T) << "\" x2=\"" << Coord(ax.Map(t)) << "\" y2=\"" << Coord(H - 40)
      << "\" stroke=\"#eee\"/><text x=\"" << Coord(ax.Map(t)) << "\" y=\"" << Coord(H - 26) << "\" text-anchor=\"middle\" class=\"tick\">"
      << FormatNumber(t) << "</text>";
  for (size_t i = 0; i < se.data.size(); ++i) {
    const size_t a = *g.FindAlternative(se.data[i].alternative);
    const double y = T + row * static_cast<double>(i) + 6;
    s << "<text x=\"" << Coord(L - 8) << "\" y=\"" << Coord(y + 15) << "\" text-anchor=\"end\" class=\"tick\">" << Escape(g.alternatives()[a].label) << "</text>";
    double acc = 0;
    for (size_t k = 0; k < se.categories.size(); ++k) {
      const double v = se.data[i].values[k];
      if (std::isnan(v)) continue;  // not assessed: no segment (listed under the chart), never a 0
      const double x0 = ax.Map(acc), x1 = ax.Map(acc + v);
      s << "<rect class=\"stack\" data-alternative=\"" << Escape(se.data[i].alternative) << "\" data-category=\"" << Escape(se.categories[k]) << "\" x=\"" << Coord(x0) << "\" y=\"" << Coord(y) << "\" width=\"" << Coord(x1 - x0) << "\" height=\"22\" fill=\""
        << phase_colour(k) << "\" stroke=\"#fff\"><title>" << Escape(g.alternatives()[a].label + ", " + se.categories[k] + ": " + FormatNumber(v) + " " + se.unit)
        << "</title></rect>";
      acc += v;
    }
    size_t missing = 0;
    for (double v : se.data[i].values) missing += std::isnan(v);
    s << "<text x=\"" << Coord(ax.Map(acc) + 6) << "\" y=\"" << Coord(y + 15) << "\" class=\"tick\">"
      << (missing == se.categories.size() ? std::string("not assessed")
                                          : FormatNumber(acc) + " " + Escape(se.unit) + (missing ? " + n/a" : ""))
      << "</text>";
  }
  s << "<text x=\"" << Coord((L + W - Rm) / 2) << "\" y=\"" << Coord(H - 6) << "\" text-anchor=\"middle\" class=\"axis-title\">" << Escape(se.unit) << "</text></svg>";
  s << "<ul class=\"legend\">";
  for (size_t k = 0; k < se.categories.size(); ++k)
    s << "<li><span class=\"swatch\" style=\"background:" << phase_colour(k) << "\"></span>" << Escape(se.categories[k]) << "</li>";
  s << "</ul>";
  return s.str();
}

std::string SeriesHtml(const Grid& g) {
  std::ostringstream out;
  for (const Series& se : g.series()) {
    out << "<section class=\"chart\"><h3>" << Escape(se.title) << "</h3>";
    switch (se.kind) {
      case Series::Kind::kGroups: out << GroupBars(g, se) << Legend(g); break;
      case Series::Kind::kSamples: out << Cdf(g, se) << Legend(g); break;
      case Series::Kind::kPhases: out << StackedBars(g, se); break;
    }
    if (!se.note.empty()) out << "<p class=\"caption\">" << Escape(se.note) << "</p>";
    std::string missing;
    for (const auto& d : se.data)
      for (size_t k = 0; k < d.values.size(); ++k)
        if (std::isnan(d.values[k]))
          missing += (missing.empty() ? "" : ", ") + g.alternatives()[*g.FindAlternative(d.alternative)].label +
                     (se.categories.empty() ? "" : " / " + se.categories[k]);
    if (!missing.empty()) out << "<p class=\"caption\">Not assessed (not drawn): " << Escape(missing) << ".</p>";
    out << DataTable(g, se) << "</section>";
  }
  return out.str();
}

// ---- Analysis and aggregation ----------------------------------------------------------------

std::string AnalysisHtml(const Report& r) {
  const Grid& g = r.grid;
  std::ostringstream out;
  out << "<p><strong>Pareto set</strong> (no other non-vetoed alternative is at least as good everywhere and better "
         "somewhere): " << Escape(JoinLabels(g, r.analysis.pareto)) << ".</p>";
  out << "<table class=\"dominance\"><caption>Dominance matrix: row dominates column (✓). A value that is not "
         "assessed blocks dominance both ways"
      << (r.options.analysis.uncertainty_ties ? "; differences within the summed uncertainties count as ties" : "")
      << ".</caption><thead><tr><th></th>";
  for (const Alternative& a : g.alternatives()) out << "<th scope=\"col\">" << Escape(a.label) << "</th>";
  out << "</tr></thead><tbody>";
  for (size_t a = 0; a < g.num_alternatives(); ++a) {
    out << "<tr><th scope=\"row\">" << Escape(g.alternatives()[a].label) << "</th>";
    for (size_t b = 0; b < g.num_alternatives(); ++b)
      out << "<td>" << (a == b ? "—" : r.analysis.dominance[a][b] ? "✓ dominates" : "") << "</td>";
    out << "</tr>";
  }
  out << "</tbody></table>";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    if (r.analysis.vetoed[a])
      out << "<p class=\"veto\"><strong>Vetoed:</strong> " << Escape(g.alternatives()[a].label) << " — "
          << Escape(r.analysis.veto_reasons[a]) << "</p>";
  if (!r.analysis.warnings.empty()) {
    out << "<ul class=\"warnings\">";
    for (const auto& w : r.analysis.warnings) out << "<li>" << Escape(w) << "</li>";
    out << "</ul>";
  }
  return out.str();
}

std::string JudgementsHtml(const Grid& g) {
  std::ostringstream out;
  bool any = false;
  for (size_t c : DisplayOrder(g)) {
    const Criterion& crit = g.criteria()[c];
    if (crit.scale != Scale::kOrdinal) continue;
    any = true;
    const RubricCriterion* rc = g.rubric().Find(crit.rubric);
    out << "<details class=\"judgement\" open><summary>" << Escape(crit.label) << " — " << Escape(rc->question) << "</summary><ol start=\""
        << rc->min_level() << "\" class=\"rubric\">";
    for (const auto& l : rc->levels) out << "<li value=\"" << l.level << "\"><strong>" << Escape(l.name) << "</strong>: " << Escape(l.anchor) << "</li>";
    out << "</ol><ul>";
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = g.at(a, c);
      out << "<li><strong>" << Escape(g.alternatives()[a].label) << "</strong>: " << Escape(FormatValue(crit, v, g.rubric()));
      if (v.assessed())
        out << " — " << Escape(v.rationale()) << (v.evidence().empty() ? "" : " <em>Evidence:</em> " + Escape(v.evidence()))
            << " <span class=\"prov\">" << ToString(v.provenance().kind) << (v.provenance().by.empty() ? "" : " by " + Escape(v.provenance().by)) << "</span>";
      else if (!v.reason().empty())
        out << " — " << Escape(v.reason());
      out << "</li>";
    }
    out << "</ul></details>";
  }
  return any ? "<h2>Judgements on rubric levels</h2><p>Ordinal levels are compared and their median taken; they are never averaged.</p>" + out.str() : "";
}

std::string SweepChart(const Report& r, const AggregationResult::Sweep& sweep) {
  const Grid& g = r.grid;
  const double W = 300, H = 200, L = 40, Rm = 10, T = 10, B = 40;
  svg::Axis ax{0, 1, L, W - Rm, false};
  svg::Axis ay{0, 1, H - B, T, false};
  std::ostringstream s;
  const Criterion& c = g.criteria()[sweep.criterion];
  s << svg::Open("sweep-" + c.id, W, H, "Weighted sum as the weight share of " + c.label + " varies",
                 "Line per alternative of its weighted-sum score (0 to 1) against the share of weight on " + c.label + ".");
  for (double t : {0.0, 0.5, 1.0})
    s << "<line x1=\"" << Coord(ax.Map(t)) << "\" y1=\"" << Coord(T) << "\" x2=\"" << Coord(ax.Map(t)) << "\" y2=\"" << Coord(H - B) << "\" stroke=\"#eee\"/>"
      << "<text x=\"" << Coord(ax.Map(t)) << "\" y=\"" << Coord(H - B + 14) << "\" text-anchor=\"middle\" class=\"tick\">" << FormatNumber(t) << "</text>"
      << "<line x1=\"" << Coord(L) << "\" y1=\"" << Coord(ay.Map(t)) << "\" x2=\"" << Coord(W - Rm) << "\" y2=\"" << Coord(ay.Map(t)) << "\" stroke=\"#eee\"/>"
      << "<text x=\"" << Coord(L - 4) << "\" y=\"" << Coord(ay.Map(t) + 4) << "\" text-anchor=\"end\" class=\"tick\">" << FormatNumber(t) << "</text>";
  for (size_t a = 0; a < g.num_alternatives(); ++a) {
    std::string pts;
    for (const auto& p : sweep.points)
      if (p.weighted_sum[a]) pts += Coord(ax.Map(p.share)) + "," + Coord(ay.Map(*p.weighted_sum[a])) + " ";
    if (pts.empty()) continue;
    s << "<polyline points=\"" << pts << "\" fill=\"none\" stroke=\"" << svg::Colour(a) << "\" stroke-width=\"2\" stroke-dasharray=\""
      << (a % 3 == 0 ? "none" : a % 3 == 1 ? "6 3" : "2 2") << "\"><title>" << Escape(g.alternatives()[a].label) << "</title></polyline>";
  }
  const auto it = std::find(r.aggregation->criteria.begin(), r.aggregation->criteria.end(), sweep.criterion);
  const double current = r.aggregation->weights[static_cast<size_t>(it - r.aggregation->criteria.begin())];
  s << "<line x1=\"" << Coord(ax.Map(current)) << "\" y1=\"" << Coord(T) << "\" x2=\"" << Coord(ax.Map(current)) << "\" y2=\"" << Coord(H - B)
    << "\" stroke=\"#444\" stroke-dasharray=\"3 3\"><title>given weight " << FormatNumber(current) << "</title></line>"
    << "<text x=\"" << Coord((L + W - Rm) / 2) << "\" y=\"" << Coord(H - 10) << "\" text-anchor=\"middle\" class=\"axis-title\">share of weight on "
    << Escape(c.id) << "</text></svg>";
  return s.str();
}

std::string AggregationHtml(const Report& r) {
  if (!r.aggregation) return "";
  const Grid& g = r.grid;
  const AggregationResult& agg = *r.aggregation;
  std::ostringstream out;
  out << "<h2>Aggregation (requested)</h2><p>Assumptions:</p><ul class=\"assumptions\">";
  for (const auto& line : agg.assumptions) out << "<li>" << Escape(line) << "</li>";
  out << "</ul><table class=\"scores\"><thead><tr><th>Alternative</th><th>Weighted sum (0–1)</th><th>TOPSIS closeness (0–1)</th><th>Note</th></tr></thead><tbody>";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    out << "<tr><th>" << Escape(g.alternatives()[a].label) << "</th><td>" << (agg.weighted_sum[a] ? FormatNumber(*agg.weighted_sum[a]) : "no score")
        << "</td><td>" << (agg.topsis[a] ? FormatNumber(*agg.topsis[a]) : "no score") << "</td><td>" << Escape(agg.unscored_reason[a]) << "</td></tr>";
  out << "</tbody></table><h3>Weight sensitivity</h3><p>One weight's share goes from 0 to 1, the others keep their "
         "proportions; the dotted line is the given weight.</p><div class=\"sweeps\">";
  for (const auto& sweep : agg.sweeps) out << "<figure>" << SweepChart(r, sweep) << "</figure>";
  out << "</div>" << Legend(g) << "<ul>";
  for (const auto& line : SweepSummary(r, false)) out << "<li>weighted sum winner, " << Escape(line) << "</li>";
  for (const auto& line : SweepSummary(r, true)) out << "<li>TOPSIS winner, " << Escape(line) << "</li>";
  out << "</ul>";
  return out.str();
}

const char* kCss = R"css(
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1400px;color:#1a1a1a;line-height:1.45;padding:0 16px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
.lead{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.lead>div{min-width:0}.lead>div:first-child{flex:1 1 600px;overflow-x:auto}.lead>div:last-child{flex:0 1 430px}
table{border-collapse:collapse;font-size:.88em}th,td{padding:4px 8px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
table.grid td{text-align:right}caption{text-align:left;font-size:.85em;color:#555;caption-side:bottom;padding-top:6px}
tr.area th{background:#f3f3f3;font-size:.85em;text-transform:uppercase;letter-spacing:.04em}
td.best{font-weight:700}td.na{color:#666;font-style:italic;background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#f0f0f0 4px,#f0f0f0 8px)}
.meta,.prov{display:block;font-size:.75em;color:#666;font-weight:400}.phase{font-size:.75em;color:#555}
.tag{font-size:.72em;border:1px solid #888;border-radius:3px;padding:0 3px;font-weight:400}.tag.veto,.veto{color:#a33}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px;font-size:.9em}.legend li{display:flex;align-items:center;gap:4px}
svg{max-width:100%;height:auto;font-size:12px}.tick{fill:#444;font-size:11px}.axis-title{fill:#222;font-size:12px}.axis-label{fill:#222;font-size:12px}.point-label{fill:#222;font-size:12px}
.caption{font-size:.85em;color:#555}.sweeps{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}
.reason,.desc{display:block;font-size:.75em;color:#555;font-weight:400;font-style:normal;text-align:left;max-width:22em}.desc{display:none}
.area-charts{display:flex;flex-direction:column;gap:8px}figcaption{font-weight:600;font-size:.9em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em}dt{font-weight:600}dd{margin:0}
@media print{.desc{display:block}details>summary{list-style:none}body{max-width:none;margin:0}.lead{display:block}}
footer{margin-top:2em;font-size:.8em;color:#555;border-top:1px solid #ddd;padding-top:8px}code{font-size:.95em}
)css";

}  // namespace

std::string RenderHtml(const Report& report) {
  const Grid& g = report.grid;
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
      << "<title>" << Escape(g.title) << " — airgrid report</title><style>" << kCss << "</style></head><body>";
  out << "<header><h1>" << Escape(g.title) << "</h1>";
  if (!g.description.empty()) out << "<p>" << Escape(g.description) << "</p>";
  out << "</header><main>" << FindingsHtml(report) << SetupHtml(g)
      << "<h2>The grid</h2><section class=\"lead\"><div>" << TableHtml(report)
      << "</div><div><h2 style=\"margin-top:0\">Per area</h2>" << AreaChartsHtml(report) << "</div></section>";
  out << "<h2>Trade-offs</h2>" << AnalysisHtml(report);
  out << "<section class=\"chart\"><h3>Pareto scatter</h3>" << ScatterHtml(report) << "</section>";
  if (!g.series().empty()) out << "<h2>Distributions and life-cycle breakdown</h2>" << SeriesHtml(g);
  out << JudgementsHtml(g) << AggregationHtml(report);
  out << "</main><footer>Generated by airgrid";
  const auto& p = report.options.provenance;
  if (p.contains("airgrid_version") && p["airgrid_version"].is_string()) out << " " << Escape(p["airgrid_version"].get<std::string>());
  if (p.contains("created_utc") && p["created_utc"].is_string()) out << " on " << Escape(p["created_utc"].get<std::string>());
  if (p.contains("command_line") && p["command_line"].is_string()) out << " · command: <code>" << Escape(p["command_line"].get<std::string>()) << "</code>";
  out << " · rubric: " << Escape(g.rubric().source) << ". Every value's provenance is in the table's tooltips and the JSON output.</footer></body></html>\n";
  return out.str();
}

}  // namespace airgrid::grid
