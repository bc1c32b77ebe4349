#include <sstream>

#include "airgrid/base/text_escape.h"
#include "airgrid/grid/report.h"
#include "grid/render_internal.h"

namespace airgrid::grid {
namespace {

using namespace internal;

// A user string in Markdown: significant characters escaped, no raw HTML (base/text_escape.h).
std::string Cell(const std::string& s) { return EscapeMarkdown(s); }

std::string FindingsMarkdown(const Report& r) {
  const Findings& f = r.findings;
  std::ostringstream out;
  out << "## Findings\n\nDifferences within the combined uncertainty (or the display precision, "
         "for values without one) are ties and are not reported as findings.\n\n";
  for (const auto& area : f.areas) {
    out << "**" << AreaLabel(area.area) << "**\n\n";
    for (const auto& line : area.lines) out << "- " << Cell(line) << "\n";
    out << "\n";
  }
  if (f.areas.empty()) out << "No criterion separates the alternatives beyond uncertainty.\n\n";
  out << "**Trade-offs**\n\n";
  if (f.trade_offs.empty()) out << "- none: no two Pareto members each win somewhere beyond uncertainty.\n";
  for (const auto& line : f.trade_offs) out << "- " << Cell(line) << "\n";
  out << "\n**Why each Pareto member is there**\n\n";
  for (const auto& line : f.pareto_reasons) out << "- " << Cell(line) << "\n";
  out << "\n**Everything ties on:** " << (f.all_tied.empty() ? std::string("no criterion") : Cell(Join(f.all_tied))) << ".\n\n";
  if (!f.repeats.empty()) {
    out << "**Repeats and diminishing returns**\n\n";
    for (const auto& line : f.repeats) out << "- " << Cell(line) << "\n";
    out << "\n";
  }
  return out.str();
}

std::string SetupMarkdown(const Grid& g) {
  std::ostringstream out;
  out << "## Setup\n\n";
  if (g.setup.empty()) out << "Not given (the grid file has no \"setup\" block).\n";
  for (const auto& [label, value] : g.setup) out << "- **" << Cell(label) << ":** " << Cell(value) << "\n";
  out << "\n";
  return out.str();
}

std::string NotAssessedMarkdown(const Grid& g) {
  std::ostringstream out;
  bool any = false;
  for (size_t c : DisplayOrder(g))
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = g.at(a, c);
      if (v.assessed()) continue;
      if (!any) out << "**Not assessed, and why:**\n\n";
      any = true;
      out << "- " << Cell(g.alternatives()[a].label) << ", " << Cell(g.criteria()[c].label) << ": "
          << Cell(v.reason().empty() ? "no reason given" : v.reason()) << "\n";
    }
  if (any) out << "\n";
  return out.str();
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  const Grid& g = report.grid;
  const Analysis& an = report.analysis;
  std::ostringstream out;
  out << "# " << Cell(g.title) << "\n\n";
  if (!g.description.empty()) out << Cell(g.description) << "\n\n";
  out << FindingsMarkdown(report) << SetupMarkdown(g);
  out << "## The grid\n\n";
  out << "| area | criterion | unit | better |";
  for (const Alternative& a : g.alternatives()) out << " " << Cell(a.label) << " |";
  out << "\n|---|---|---|---|";
  for (size_t i = 0; i < g.num_alternatives(); ++i) out << "---:|";
  out << "\n";
  for (size_t c : DisplayOrder(g)) {
    const Criterion& crit = g.criteria()[c];
    out << "| " << AreaLabel(crit.area) << " | " << Cell(crit.label)
        << (crit.phase != Phase::kNone ? std::string(" (") + ToString(crit.phase) + ")" : "") << " | "
        << Cell(UnitSuffix(crit.unit)) << " | " << Arrow(crit.direction) << " " << ToString(crit.direction) << " |";
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = g.at(a, c);
      // Escaped first: the emphasis around it is ours, and must stay markup.
      std::string cell = Cell(FormatValue(crit, v, g.rubric()));
      if (!v.assessed()) cell = "*" + cell + "*";
      if (IsBest(an, c, a)) cell = "**" + cell + "**";
      if (Vetoed(crit, v)) cell += " ⛔ veto";
      out << " " << cell << " |";
    }
    out << "\n";
  }
  out << "\nBold: best on the criterion beyond uncertainty (tied best values share it; none when "
         "all tie). *not assessed* is a state of its own, never 0. ± is the absolute uncertainty in "
         "the criterion's unit.\n\n";
  out << NotAssessedMarkdown(g);
  out << "**Pareto set:** " << Cell(JoinLabels(g, an.pareto)) << "\n\n";
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    if (an.vetoed[a]) out << "**Vetoed:** " << Cell(g.alternatives()[a].label) << " — " << Cell(an.veto_reasons[a]) << "\n\n";
  auto dom = DominanceLines(report);
  out << "**Dominance:** " << (dom.empty() ? "no alternative dominates another." : "") << "\n";
  for (const auto& line : dom) out << "- " << Cell(line) << "\n";
  out << "\n";
  for (const auto& w : an.warnings) out << "> Note: " << Cell(w) << "\n>\n";
  // Ordinal judgements with their rationale and evidence.
  bool any_ordinal = false;
  for (size_t c : DisplayOrder(g)) {
    const Criterion& crit = g.criteria()[c];
    if (crit.scale != Scale::kOrdinal) continue;
    if (!any_ordinal) out << "\n## Judgements on rubric levels\n\n";
    any_ordinal = true;
    out << "### " << Cell(crit.label) << "\n\n";
    for (size_t a = 0; a < g.num_alternatives(); ++a) {
      const Value& v = g.at(a, c);
      out << "- **" << Cell(g.alternatives()[a].label) << "**: " << Cell(FormatValue(crit, v, g.rubric()));
      if (v.assessed()) {
        out << " — " << Cell(v.rationale());
        if (!v.evidence().empty()) out << " Evidence: " << Cell(v.evidence());
        if (!v.provenance().by.empty()) out << " (" << ToString(v.provenance().kind) << " by " << Cell(v.provenance().by) << ")";
      } else if (!v.reason().empty()) {
        out << " — " << Cell(v.reason());
      }
      out << "\n";
    }
    out << "\n";
  }
  if (report.aggregation) {
    const AggregationResult& agg = *report.aggregation;
    out << "\n## Aggregation (on request)\n\n";
    for (const auto& line : agg.assumptions) out << "- " << Cell(line) << "\n";
    out << "\n| alternative | weighted sum | TOPSIS | note |\n|---|---:|---:|---|\n";
    for (size_t a = 0; a < g.num_alternatives(); ++a)
      out << "| " << Cell(g.alternatives()[a].label) << " | "
          << (agg.weighted_sum[a] ? FormatNumber(*agg.weighted_sum[a], 3) : "no score") << " | "
          << (agg.topsis[a] ? FormatNumber(*agg.topsis[a], 3) : "no score") << " | "
          << Cell(agg.unscored_reason[a]) << " |\n";
    out << "\nWeight sensitivity (winner as one weight's share goes from 0 to 1, others rescaled):\n\n";
    for (const auto& line : SweepSummary(report, false)) out << "- weighted sum, " << Cell(line) << "\n";
    for (const auto& line : SweepSummary(report, true)) out << "- TOPSIS, " << Cell(line) << "\n";
  }
  return out.str();
}

}  // namespace airgrid::grid
