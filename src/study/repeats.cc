// `airgrid study --repeats K`. See include/airgrid/study/repeats.h for the contract.
#include "airgrid/study/repeats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/grid/grid_file.h"
#include "study/context.h"

namespace airgrid::study {
namespace {

using grid::Grid;
using grid::ProvenanceKind;
using grid::Value;

// The runs' values of one cell, or the first not-assessed one.
Value CombineNumbers(const std::vector<const Value*>& v) {
  const double k = static_cast<double>(v.size());
  double mean = 0, mean_u = 0;
  for (const Value* x : v) {
    mean += x->number() / k;
    mean_u += x->uncertainty() / k;
  }
  double ss = 0;
  for (const Value* x : v) ss += (x->number() - mean) * (x->number() - mean);
  const double half = v.size() > 1 ? StudentT975(static_cast<int>(v.size()) - 1) * std::sqrt(ss / (k - 1) / k) : 0;
  bool all_measured = true, all_declared = true;
  std::string values;
  for (const Value* x : v) {
    all_measured = all_measured && x->provenance().kind == ProvenanceKind::kMeasured;
    all_declared = all_declared && x->provenance().kind == ProvenanceKind::kDeclared;
    values += (values.empty() ? "" : ", ") + fmt::format("{:.4g}", x->number());
  }
  grid::Provenance p = v.front()->provenance();
  p.kind = all_measured ? ProvenanceKind::kMeasured : all_declared ? ProvenanceKind::kDeclared : ProvenanceKind::kModelled;
  p.method += fmt::format("; mean of {} runs ({}); ± = max(95 % t-interval {:.3g}, mean per-run uncertainty {:.3g})",
                          v.size(), values, half, mean_u);
  return Value::Number(mean, std::max(half, mean_u), p);
}

Value CombineLevels(const std::vector<const Value*>& v) {
  std::vector<int> levels;
  bool same = true;
  for (const Value* x : v) {
    same = same && x->levels() == v.front()->levels();
    levels.insert(levels.end(), x->levels().begin(), x->levels().end());
  }
  if (same) return *v.front();
  const Value& f = *v.front();
  return Value::Levels(levels, f.rationale() + " (levels differ between the repeats: all are combined)", f.evidence(),
                       f.provenance());
}

Status SameCriteria(const Grid& a, const Grid& b) {
  if (a.num_criteria() != b.num_criteria()) return Status::Internal("repeats: the runs' grids differ in criteria");
  for (size_t c = 0; c < a.num_criteria(); ++c)
    if (a.criteria()[c].id != b.criteria()[c].id) return Status::Internal("repeats: criterion order differs");
  return Status::Ok();
}

// Every run's alternatives, by id, in order of first appearance (the best shipped rule can be
// FCFS itself in one run and another rule in the next: then it is listed in that run only).
std::vector<grid::Alternative> AllAlternatives(const std::vector<RepeatRun>& runs) {
  std::vector<grid::Alternative> all;
  std::set<std::string> seen;
  for (const RepeatRun& r : runs)
    for (const auto& a : r.grid.alternatives())
      if (seen.insert(a.id).second) all.push_back(a);
  return all;
}

std::string LabelsOf(const std::set<std::string>& labels) {
  std::string s;
  for (const auto& l : labels) s += (s.empty() ? "" : ", ") + l;
  return s.empty() ? "none" : s;
}

std::set<std::string> Labels(const Grid& g, const std::vector<size_t>& alternatives) {
  std::set<std::string> s;
  for (size_t a : alternatives) s.insert(g.alternatives()[a].label);
  return s;
}

std::set<std::string> BestGroup(const Grid& g, const grid::Analysis& an, size_t c) {
  std::vector<size_t> best;
  for (size_t a = 0; a < an.rank[c].size(); ++a)
    if (an.rank[c][a] && *an.rank[c][a] == 1) best.push_back(a);
  return Labels(g, best);
}

// Ranks by alternative id.
std::map<std::string, std::optional<int>> RanksById(const Grid& g, const grid::Analysis& an, size_t c) {
  std::map<std::string, std::optional<int>> m;
  for (size_t a = 0; a < g.num_alternatives(); ++a) m[g.alternatives()[a].id] = an.rank[c][a];
  return m;
}

std::string ListUpTo(const std::vector<std::string>& items, size_t n) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < n; ++i) s += (i ? "; " : "") + items[i];
  if (items.size() > n) s += fmt::format("; and {} more", items.size() - n);
  return s;
}

}  // namespace

double StudentT975(int df) {
  static const double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                              2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                              2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::nan("");
  if (df <= 30) return kT[df - 1];
  return df <= 60 ? 2.000 : 1.960;  // t(60) = 2.000; beyond, the normal quantile (conservative ≥ t)
}

StudyOptions RepeatOptions(const StudyOptions& o, int k) {
  StudyOptions r = o;
  const auto dk = static_cast<uint64_t>(k);
  r.seed = o.seed + dk;
  r.train_seed = o.train_seed + dk;
  r.eval_seed = o.eval_seed + dk;
  r.out_dir = o.out_dir + "/repeat-" + std::to_string(k + 1);
  return r;
}

Result<Grid> CombineRepeats(const std::vector<RepeatRun>& runs) {
  if (runs.empty()) return Status::Internal("repeats: no run to combine");
  const Grid& first = runs.front().grid;
  for (const RepeatRun& r : runs) AIRGRID_RETURN_IF_ERROR(SameCriteria(first, r.grid));
  Grid g(first.rubric());
  g.title = first.title + fmt::format(" ({} repeats)", runs.size());
  g.description = first.description + fmt::format(
      " Combined over {} independent seeds: each number is the mean of the runs with max(95 % t-interval, "
      "mean per-run uncertainty); charts show run 1.", runs.size());
  g.setup = first.setup;
  std::string seeds;
  for (const RepeatRun& r : runs) seeds += (seeds.empty() ? "" : ", ") + std::to_string(r.seed);
  g.setup.push_back({"Repeats", fmt::format("{} runs, --seed {} (training and evaluation seeds + the same offset); "
                                            "each run's full report in repeat-<k>/", runs.size(), seeds)});
  for (const auto& c : first.criteria()) AIRGRID_RETURN_IF_ERROR(g.AddCriterion(c));
  const std::vector<grid::Alternative> alternatives = AllAlternatives(runs);
  for (const auto& a : alternatives) AIRGRID_RETURN_IF_ERROR(g.AddAlternative(a));
  for (const auto& alt : alternatives) {
    for (size_t c = 0; c < first.num_criteria(); ++c) {
      std::vector<const Value*> cell;
      const Value* missing = nullptr;
      size_t missing_run = 0;
      std::optional<Value> absent;
      for (size_t k = 0; k < runs.size() && !absent; ++k) {
        const auto a = runs[k].grid.FindAlternative(alt.id);
        if (!a) {
          absent = Value::NotAssessed(fmt::format("not an alternative of run {} (of {})", k + 1, runs.size()));
          break;
        }
        const Value& v = runs[k].grid.at(*a, c);
        if (!v.assessed() && !missing) {
          missing = &v;
          missing_run = k + 1;
        }
        cell.push_back(&v);
      }
      Value combined;
      if (absent) {
        combined = *absent;
      } else if (missing) {
        combined = runs.size() == 1 ? *missing
                                    : Value::NotAssessed(fmt::format("run {}: {}", missing_run, missing->reason()));
      } else if (cell.front()->state() == Value::State::kLevel) {
        combined = CombineLevels(cell);
      } else {
        combined = CombineNumbers(cell);
      }
      AIRGRID_RETURN_IF_ERROR(g.Set(alt.id, first.criteria()[c].id, std::move(combined)));
    }
  }
  for (const auto& s : first.series()) {
    grid::Series copy = s;
    copy.title += " (run 1)";
    AIRGRID_RETURN_IF_ERROR(g.AddSeries(std::move(copy)));
  }
  return g;
}

std::vector<std::string> RepeatFindings(const std::vector<RepeatRun>& runs, const grid::Report& combined) {
  std::vector<std::string> lines;
  if (runs.empty()) return lines;
  const grid::AnalysisOptions& ao = combined.options.analysis;
  std::vector<grid::Analysis> an;
  double seconds = 0;
  for (const RepeatRun& r : runs) {
    an.push_back(grid::Analyze(r.grid, ao));
    seconds += r.seconds;
  }
  const Grid& g1 = runs.front().grid;
  lines.push_back(fmt::format("{} independent runs (--seed {} to {}, every seed + the run's offset): {}× the "
                              "development compute of one run ({:.0f} s of wall time in all).",
                              runs.size(), runs.front().seed, runs.back().seed, runs.size(), seconds));
  // The chosen formula: the re-learned alternative's description names it.
  if (g1.FindAlternative("learned")) {
    std::set<std::string> forms;
    for (const RepeatRun& r : runs)
      if (auto learned = r.grid.FindAlternative("learned")) forms.insert(r.grid.alternatives()[*learned].description);
    lines.push_back(forms.size() == 1
                        ? "The re-learned formula is the same in every run: " + *forms.begin()
                        : fmt::format("The re-learned formula changed between runs ({} different forms): the "
                                      "campaign's choice depends on its seed at this scale.", forms.size()));
  }
  std::set<std::string> only_some;
  for (const auto& a : combined.grid.alternatives())
    for (const RepeatRun& r : runs)
      if (!r.grid.FindAlternative(a.id)) only_some.insert(a.label);
  if (!only_some.empty())
    lines.push_back("Not an alternative of every run (the runs chose differently): " + LabelsOf(only_some) + ".");
  std::set<std::set<std::string>> paretos;
  for (size_t k = 0; k < runs.size(); ++k) paretos.insert(Labels(runs[k].grid, an[k].pareto));
  const std::string pareto1 = LabelsOf(Labels(g1, an.front().pareto));
  lines.push_back(paretos.size() == 1
                      ? "The Pareto set is the same in every run: " + pareto1 + "."
                      : fmt::format("The Pareto set changed between runs ({} different sets; run 1: {}; combined: {}).",
                                    paretos.size(), pareto1, LabelsOf(Labels(combined.grid, combined.analysis.pareto))));
  std::vector<std::string> best_moved, rank_moved;
  for (size_t c = 0; c < g1.num_criteria(); ++c) {
    std::set<std::set<std::string>> bests;
    for (size_t k = 0; k < runs.size(); ++k) bests.insert(BestGroup(runs[k].grid, an[k], c));
    if (bests.size() > 1) best_moved.push_back(g1.criteria()[c].label);
    auto combined_ranks = RanksById(combined.grid, combined.analysis, c);
    bool moved = false;
    for (const auto& [id, rank] : RanksById(g1, an.front(), c)) moved = moved || combined_ranks[id] != rank;
    if (moved)
      rank_moved.push_back(fmt::format("{} (best: run 1 {}; combined {})", g1.criteria()[c].label,
                                       LabelsOf(BestGroup(g1, an.front(), c)),
                                       LabelsOf(BestGroup(combined.grid, combined.analysis, c))));
  }
  lines.push_back(best_moved.empty()
                      ? "The best group of every criterion is the same in every run."
                      : fmt::format("The best group changed between runs on {} criteria: {}.", best_moved.size(),
                                    ListUpTo(best_moved, 6)));
  lines.push_back(rank_moved.empty()
                      ? fmt::format("Diminishing returns: the combined ranks equal run 1's on every criterion; the "
                                    "{} extra run(s) of development compute changed no conclusion.", runs.size() - 1)
                      : fmt::format("The combined ranks differ from run 1's on {} of {} criteria: {}; one run's "
                                    "conclusions there depended on its seed.", rank_moved.size(), g1.num_criteria(),
                                    ListUpTo(rank_moved, 6)));
  return lines;
}

Result<StudyOutputs> RunStudyRepeats(const StudyOptions& o, int repeats, const std::string& command_line,
                                     std::ostream& log) {
  if (repeats < 1 || repeats > kMaxRepeats)
    return Status::InvalidInput(fmt::format("--repeats {}: expected 1 to {}", repeats, kMaxRepeats));
  std::vector<RepeatRun> runs;
  grid::ReportOptions options;
  for (int k = 0; k < repeats; ++k) {
    StudyOptions ok = RepeatOptions(o, k);
    if (k > 0) ok.progress = false;
    log << fmt::format("repeat {}/{}: --seed {}, output {}\n", k + 1, repeats, ok.seed, ok.out_dir);
    auto out = RunStudy(ok, command_line, log);
    if (!out.ok()) return out.status();
    if (out->files.empty()) return StudyOutputs{};  // an MPI worker rank
    auto file = grid::LoadGridFile(ok.out_dir + "/grid-input.json");
    if (!file.ok()) return Status::Internal("repeats: reading back " + ok.out_dir + "/grid-input.json: " + file.status().message());
    if (k == 0) options = file->options;
    runs.push_back({ok.seed, std::move(file->grid), out->seconds});
  }
  auto grid = CombineRepeats(runs);
  if (!grid.ok()) return grid.status();
  options.provenance = ProvenanceJson(command_line);
  options.provenance["repeats"] = repeats;
  auto report = grid::BuildReport(std::move(grid).value(), options);
  if (!report.ok()) return report.status();
  report->findings.repeats = RepeatFindings(runs, *report);
  for (const auto& line : report->findings.repeats) log << "repeats: " << line << "\n";
  OutputFolder folder(o.out_dir);
  AIRGRID_RETURN_IF_ERROR(folder.Create());
  AIRGRID_RETURN_IF_ERROR(folder.Write("report.html", grid::RenderHtml(*report)));
  AIRGRID_RETURN_IF_ERROR(folder.Write("report.md", grid::RenderMarkdown(*report)));
  AIRGRID_RETURN_IF_ERROR(folder.Write("grid.json", grid::RenderJson(*report).dump(2) + "\n"));
  AIRGRID_RETURN_IF_ERROR(folder.Commit());  // files written through the plan are kept only now
  StudyOutputs out;
  out.out_dir = o.out_dir;
  out.files = folder.files();
  for (const RepeatRun& r : runs) out.seconds += r.seconds;
  out.grid_text = grid::RenderText(*report);
  for (size_t a : report->analysis.pareto) out.pareto.push_back(report->grid.alternatives()[a].label);
  return out;
}

}  // namespace airgrid::study
