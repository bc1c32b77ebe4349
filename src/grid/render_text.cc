#include <algorithm>
#include <sstream>

#include "airgrid/grid/report.h"
#include "grid/render_internal.h"

namespace airgrid::grid {
namespace internal {

const char* Arrow(Direction d) { return d == Direction::kLowerIsBetter ? "↓" : "↑"; }

std::string UnitSuffix(const std::string& unit) { return unit == "1" ? "" : unit; }

std::vector<size_t> DisplayOrder(const Grid& grid) {
  std::vector<size_t> order(grid.num_criteria());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return static_cast<int>(grid.criteria()[a].area) < static_cast<int>(grid.criteria()[b].area);
  });
  return order;
}

std::string JoinLabels(const Grid& grid, const std::vector<size_t>& alternatives) {
  if (alternatives.empty()) return "(none)";
  std::string s;
  for (size_t a : alternatives) s += (s.empty() ? "" : ", ") + grid.alternatives()[a].label;
  return s;
}

std::vector<std::string> DominanceLines(const Report& report) {
  std::vector<std::string> lines;
  const Grid& g = report.grid;
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    for (size_t b = 0; b < g.num_alternatives(); ++b)
      if (report.analysis.dominance[a][b])
        lines.push_back(g.alternatives()[a].label + " dominates " + g.alternatives()[b].label);
  return lines;
}

std::vector<std::string> SweepSummary(const Report& report, bool topsis) {
  std::vector<std::string> lines;
  if (!report.aggregation) return lines;
  const Grid& g = report.grid;
  for (const auto& sweep : report.aggregation->sweeps) {
    std::string line = g.criteria()[sweep.criterion].id + " share ";
    size_t start = 0;
    const auto& pts = sweep.points;
    auto winner = [&](size_t i) { return topsis ? pts[i].topsis_winner : pts[i].weighted_sum_winner; };
    for (size_t i = 1; i <= pts.size(); ++i) {
      if (i < pts.size() && winner(i) == winner(start)) continue;
      auto w = winner(start);
      std::string range = FormatNumber(pts[start].share, 2);
      if (i - 1 != start) range.append("–").append(FormatNumber(pts[i - 1].share, 2));
      line.append(start ? "; " : "").append(range).append(": ");
      line.append(w ? g.alternatives()[*w].label : std::string("no scored alternative"));
      start = i;
    }
    lines.push_back(line);
  }
  return lines;
}

bool IsBest(const Analysis& an, size_t c, size_t a) {
  return an.rank[c][a] && *an.rank[c][a] == 1 && !an.all_tied[c];
}

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace internal

namespace {

using namespace internal;

std::string Pad(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return s + std::string(width > w ? width - w : 0, ' ');
}

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], DisplayWidth(row[i]));
    }
  std::ostringstream out;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t i = 0; i < rows[r].size(); ++i) line += (i ? "  " : "") + Pad(rows[r][i], width[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      out << std::string(total - 2, '-') << "\n";
    }
  }
  return out.str();
}

}  // namespace

std::string RenderText(const Report& report) {
  const Grid& g = report.grid;
  const Analysis& an = report.analysis;
  std::ostringstream out;
  out << g.title << "\n";
  if (!g.description.empty()) out << g.description << "\n";
  out << "\n";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"criterion", "unit", "better"};
  for (const Alternative& a : g.alternatives()) head.push_back(a.label);
  rows.push_back(head);
  for (size_t c : DisplayOrder(g)) {
    const Criterion& crit = g.criteria()[c];
    std::vector<std::string> row = {crit.label, UnitSuffix(crit.unit),
                                    std::string(Arrow(crit.direction)) + " " + ToString(crit.direction)};
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      std::string cell = FormatValue(crit, g.at(a, c), g.rubric());
      if (an.rank[c][a]) cell += " #" + std::to_string(*an.rank[c][a]);
      if (Vetoed(crit, g.at(a, c))) cell += " VETO";
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  out << Table(rows);
  out << "(#n: rank on the criterion, 1 = best, values tied within uncertainty share a rank; ± is the "
         "absolute uncertainty; \"not assessed\" is never 0)\n\n";
  const Findings& f = report.findings;
  out << "Findings (differences beyond uncertainty only):\n";
  for (const auto& area : f.areas)
    for (const auto& line : area.lines) out << "  " << AreaLabel(area.area) << " — " << line << "\n";
  for (const auto& line : f.trade_offs) out << "  Trade-off: " << line << "\n";
  for (const auto& line : f.pareto_reasons) out << "  Pareto: " << line << "\n";
  for (const auto& line : f.repeats) out << "  Repeats: " << line << "\n";
  out << "  Everything ties on: " << (f.all_tied.empty() ? std::string("no criterion") : Join(f.all_tied)) << "\n\n";
  if (!g.setup.empty()) {
    out << "Setup:\n";
    for (const auto& [label, value] : g.setup) out << "  " << label << ": " << value << "\n";
    out << "\n";
  }
  out << "Pareto set: " << JoinLabels(g, an.pareto) << "\n";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    if (an.vetoed[a]) out << "Vetoed: " << g.alternatives()[a].label << " — " << an.veto_reasons[a] << "\n";
  auto dom = DominanceLines(report);
  out << "Dominance: " << (dom.empty() ? "no alternative dominates another" : "") << "\n";
  for (const auto& line : dom) out << "  " << line << "\n";
  for (const auto& w : an.warnings) out << "Note: " << w << "\n";
  if (report.aggregation) {
    const AggregationResult& agg = *report.aggregation;
    out << "\nAggregation (on request)\n";
    for (const auto& line : agg.assumptions) out << "  - " << line << "\n";
    std::vector<std::vector<std::string>> srows = {{"alternative", "weighted sum", "TOPSIS", "note"}};
    for (size_t a = 0; a < g.num_alternatives(); ++a)
      srows.push_back({g.alternatives()[a].label,
                       agg.weighted_sum[a] ? FormatNumber(*agg.weighted_sum[a], 3) : "no score",
                       agg.topsis[a] ? FormatNumber(*agg.topsis[a], 3) : "no score", agg.unscored_reason[a]});
    out << Table(srows);
    out << "Weight sensitivity (winner by weighted sum as one weight's share varies, others rescaled):\n";
    for (const auto& line : SweepSummary(report, false)) out << "  " << line << "\n";
    out << "Weight sensitivity (winner by TOPSIS):\n";
    for (const auto& line : SweepSummary(report, true)) out << "  " << line << "\n";
  }
  return out.str();
}

}  // namespace airgrid::grid
