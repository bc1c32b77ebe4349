#include "study/levers.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "airgrid/base/text_escape.h"
#include "airgrid/grid/analysis.h"
#include "airgrid/grid/report.h"

namespace airgrid::study {
namespace {

constexpr int64_t kHour = 3600;

std::string Kg(double kg, double unc) {
  if (unc > 0) return fmt::format("{:.3g} ± {:.2g} kgCO2eq", kg, unc);
  return fmt::format("{:.3g} kgCO2eq", kg);
}
std::string KwhText(const Energy& e) {
  if (e.unc > 0) return fmt::format("{:.3g} ± {:.2g} kWh", e.kwh, e.unc);
  return fmt::format("{:.3g} kWh", e.kwh);
}
// CO2eq of `e` at `pue` and `g` (the intensity's own uncertainty is not known: none added).
std::string Co2(const Energy& e, double pue, double g) {
  return Kg(e.kwh * pue * g / 1000, e.unc * pue * g / 1000);
}
Energy Scaled(const Energy& e, double f) { return {e.kwh * f, e.unc * f}; }


// Time-weighted mean of the step function over [from, to).
double MeanOver(std::span<const std::pair<int64_t, double>> p, int64_t end, int64_t from, int64_t to) {
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const int64_t a = std::max(p[i].first, from), b = std::min(i + 1 < p.size() ? p[i + 1].first : end, to);
    if (b > a) sum += p[i].second * static_cast<double>(b - a);
  }
  return sum / static_cast<double>(to - from);
}

}  // namespace

std::string DefaultCarbonSeriesPath() { return std::string(AIRGRID_DATA_DIR) + "/carbon_series_example.csv"; }

Result<WindowChoice> ChooseWindow(std::span<const std::pair<int64_t, double>> p, double duration_s) {
  if (p.empty()) return Status::InvalidInput("carbon series: no point");
  const int64_t end = p.back().first + kHour;  // the last value holds one hour
  const int64_t d = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(duration_s)));
  WindowChoice w;
  w.mean_g_per_kwh = MeanOver(p, end, p.front().first, end);
  for (const auto& [t, g] : p) {
    if (t + d > end) break;
    const double mean = MeanOver(p, end, t, t + d);
    if (w.starts == 0 || mean < w.best.g_per_kwh) w.best = {t, mean};
    if (w.starts == 0 || mean > w.worst.g_per_kwh) w.worst = {t, mean};
    ++w.starts;
  }
  if (w.starts == 0) {
    return Status::InvalidInput(fmt::format("carbon series: {:.0f} s of series, shorter than the {:.0f} s window",
                                            static_cast<double>(end - p.front().first), duration_s));
  }
  return w;
}

HourOfDay ChooseHourOfDay(std::span<const std::pair<int64_t, double>> p) {
  double sum[24] = {}, n[24] = {};
  for (const auto& [t, g] : p) {
    const int h = static_cast<int>(((t % 86400) + 86400) % 86400 / kHour);
    sum[h] += g;
    n[h] += 1;
  }
  HourOfDay r;
  bool first = true;
  for (int h = 0; h < 24; ++h) {
    if (n[h] == 0) continue;
    const double m = sum[h] / n[h];
    if (first || m < r.best_g) r.best_hour = h, r.best_g = m;
    if (first || m > r.worst_g) r.worst_hour = h, r.worst_g = m;
    first = false;
  }
  return r;
}

std::string WeekdayHour(int64_t unix_seconds) {
  static const char* kDays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{} {:02d}:{:02d} UTC", kDays[tm.tm_wday], tm.tm_hour, tm.tm_min);
}

Lever LowCarbonLever(const CarbonLeverInput& in) {
  Lever l;
  l.title = "Low-carbon energy: when and where the development runs";
  l.assumptions = fmt::format(
      "Operational CO2eq = development energy × PUE {:g} × grid intensity; the development ({}, {:.3g} s "
      "of tracked phases) can be moved in time or place unchanged; intensities carry no stated "
      "uncertainty, so only the energy's is propagated.",
      in.pue, KwhText(in.development), in.duration_s);
  const Energy& e = in.development;
  l.rows.push_back({fmt::format("this run ({:g} gCO2eq/kWh, {})", in.factor.g_per_kwh, in.factor.region),
                    Co2(e, in.pue, in.factor.g_per_kwh)});
  if (in.series) {
    auto w = ChooseWindow(in.series->points(), in.duration_s);
    if (!w.ok()) {
      l.rows.push_back({"best window of " + in.series_origin, "not assessed: " + w.status().message()});
    } else {
      l.assumptions += fmt::format(" Hourly series: {} ({} points, {} candidate starts).", in.series_origin,
                                   in.series->size(), w->starts);
      l.rows.push_back({fmt::format("best window of the series (starts {}, {:.4g} g)", WeekdayHour(w->best.start),
                                    w->best.g_per_kwh),
                        Co2(e, in.pue, w->best.g_per_kwh)});
      l.rows.push_back({fmt::format("series mean (a start at random, {:.4g} g)", w->mean_g_per_kwh),
                        Co2(e, in.pue, w->mean_g_per_kwh)});
      l.rows.push_back({fmt::format("worst window of the series (starts {}, {:.4g} g)",
                                    WeekdayHour(w->worst.start), w->worst.g_per_kwh),
                        Co2(e, in.pue, w->worst.g_per_kwh)});
      const HourOfDay h = ChooseHourOfDay(in.series->points());
      l.rows.push_back({fmt::format("best / worst hour of day (mean over the series' days)"),
                        fmt::format("{:02d}:00 UTC {:.4g} g / {:02d}:00 UTC {:.4g} g", h.best_hour, h.best_g,
                                    h.worst_hour, h.worst_g)});
    }
  }
  const measure::CarbonFactor* clean = nullptr;
  const measure::CarbonFactor* dirty = nullptr;
  for (const auto& c : in.countries) {
    if (c.region == "WORLD") continue;
    if (!clean || c.g_per_kwh < clean->g_per_kwh) clean = &c;
    if (!dirty || c.g_per_kwh > dirty->g_per_kwh) dirty = &c;
  }
  if (clean && dirty) {
    l.rows.push_back({fmt::format("cleanest country of the table: {} ({:g} g, {})", clean->region,
                                  clean->g_per_kwh, clean->year),
                      Co2(e, in.pue, clean->g_per_kwh)});
    l.rows.push_back({fmt::format("dirtiest country of the table: {} ({:g} g, {})", dirty->region,
                                  dirty->g_per_kwh, dirty->year),
                      Co2(e, in.pue, dirty->g_per_kwh)});
    l.assumptions += fmt::format(" Countries: annual means of the carbon table ({} rows).", in.countries.size());
  }
  return l;
}

Lever DataCentreLever(const CarbonLeverInput& in) {
  Lever l;
  l.title = "Data centre: power usage effectiveness";
  l.assumptions = fmt::format(
      "Facility energy = IT energy × PUE; the IT energy ({}) is this run's development; intensity {:g} "
      "gCO2eq/kWh as in the run. 1.1: efficient hyperscale or free-cooled HPC centre; 1.6: typical; 2.0: "
      "old or small machine room (Uptime Institute surveys report an industry average near 1.6).",
      KwhText(in.development), in.factor.g_per_kwh);
  for (double pue : {1.1, 1.6, 2.0}) {
    const Energy facility = Scaled(in.development, pue);
    l.rows.push_back({fmt::format("PUE {:g}", pue),
                      fmt::format("{} drawn, {}", KwhText(facility), Co2(in.development, pue, in.factor.g_per_kwh))});
  }
  return l;
}

Lever AlgorithmLever(const AlgorithmLeverInput& in) {
  Lever l;
  l.title = "Algorithm: the smallest campaign that reaches the same formula";
  l.assumptions = fmt::format(
      "Coarse-to-fine sweep of the trials per tuple ({} tuples, same seed); at each scale the study's own "
      "selection (576 forms fitted, the best re-ranked by simulation) chooses a formula shape; the "
      "decision is reached at the smallest scale whose shape is the full campaign's and the next finer "
      "step agrees (or it is the finest tried). Campaign cost is proportional to trials (measured at "
      "full scale); the MLP trains on the same number of score rows at every scale, so its cost is "
      "unchanged.",
      in.tuples);
  l.rows.push_back({fmt::format("full campaign: {} trials per tuple → {}", in.trials, in.chosen_shape),
                    KwhText(in.campaign)});
  const SweepStep* reached = nullptr;
  for (size_t i = 0; i < in.steps.size(); ++i) {
    const SweepStep& s = in.steps[i];
    l.rows.push_back({fmt::format("{} trials per tuple → {}", s.trials, s.shape),
                      s.same ? "same decision" : "different decision"});
    const bool confirmed = i + 1 == in.steps.size() || in.steps[i + 1].same;
    if (!reached && s.same && confirmed) reached = &s;
  }
  if (reached) {
    const double f = static_cast<double>(reached->trials) / static_cast<double>(in.trials);
    l.rows.push_back({fmt::format("campaign at {} trials per tuple ({:.3g} of the full scale)", reached->trials, f),
                      fmt::format("{} instead of {}", KwhText(Scaled(in.campaign, f)), KwhText(in.campaign))});
  } else {
    l.rows.push_back({"smallest scale reaching the same decision", "none of the scales tried: keep the full campaign"});
  }
  l.rows.push_back({"network training (unchanged by the trial count)", KwhText(in.training)});
  l.rows.push_back({"the sweep itself (tracked phase)", KwhText(in.sweep)});
  return l;
}

Lever ReuseLever(const grid::Grid& g) {
  Lever l;
  l.title = "Reuse: the published F1 instead of re-learning a formula";
  l.assumptions =
      "Adopting the published formula avoids this study's re-development (campaign + fit, as charged to "
      "the re-learned formula on the grid); the performance difference is AVEbsld with requested times + "
      "EASY, a tie when within the combined uncertainty (the grid's rule).";
  auto f1 = g.FindAlternative("f1"), learned = g.FindAlternative("learned");
  auto energy = g.FindCriterion("env.dev_energy"), co2 = g.FindCriterion("env.dev_co2"),
       perf = g.FindCriterion("perf.avg_bsld_easy");
  if (!f1 || !learned || !energy || !co2 || !perf) {
    l.rows.push_back({"reuse", "not assessed: the grid has no published F1 or re-learned formula"});
    return l;
  }
  const auto& crit = g.criteria();
  auto shown = [&](size_t a, size_t c) {
    const grid::Value& v = g.at(a, c);
    return v.assessed() ? grid::FormatValue(crit[c], v, g.rubric()) + " " + crit[c].unit
                        : "not assessed: " + v.reason();
  };
  l.rows.push_back({"development energy avoided", shown(*learned, *energy)});
  l.rows.push_back({"development CO2eq avoided", shown(*learned, *co2)});
  const grid::Value& a = g.at(*f1, *perf);
  const grid::Value& b = g.at(*learned, *perf);
  if (!a.assessed() || !b.assessed()) {
    l.rows.push_back({"AVEbsld difference", "not assessed"});
    return l;
  }
  const double diff = a.number() - b.number(), u = a.uncertainty() + b.uncertainty();
  const auto cmp = grid::Compare(crit[*perf], a, b, {});
  const char* verdict = cmp == grid::Comparison::kEqual ? "a tie: reuse loses nothing measurable"
                        : cmp == grid::Comparison::kBetter ? "F1 better" : "F1 worse";
  l.rows.push_back({"AVEbsld, F1 − re-learned (requested + EASY)",
                    fmt::format("{:.3g} ± {:.2g} ({})", diff, u, verdict)});
  return l;
}

Lever SearchLever(const SearchLeverInput& in) {
  Lever l;
  l.title = "Hyper-parameter search: the search run vs an exhaustive grid";
  std::string arch;
  for (int h : in.hidden) arch += fmt::format("{}{}", arch.empty() ? "" : "x", h);
  std::string widths;
  for (int w : in.widths) widths += fmt::format("{}{}", widths.empty() ? "" : ", ", w);
  const int layers = static_cast<int>(in.hidden.size());
  int64_t grid_size = 2;  // losses
  for (int i = 0; i < layers; ++i) grid_size *= static_cast<int64_t>(in.widths.size());
  l.assumptions = fmt::format(
      "The study trains the MLP {} ({} hidden layers) once per loss ({} trainings, the better kept): "
      "cost per training = the measured training phase / {}. The exhaustive grid of the same space: "
      "widths {{{}}} for each of the {} hidden layers × 2 losses = {} trainings; each assumed to cost the "
      "same (training time grows with width: an under-estimate for wider nets).",
      arch, layers, in.trainings_run, in.trainings_run, widths, layers, grid_size);
  const Energy per = Scaled(in.training, 1.0 / std::max(1, in.trainings_run));
  l.rows.push_back({"per training (measured)", KwhText(per)});
  l.rows.push_back({fmt::format("search run: {} trainings", in.trainings_run), KwhText(in.training)});
  l.rows.push_back({fmt::format("exhaustive grid: {} trainings", grid_size),
                    KwhText(Scaled(per, static_cast<double>(grid_size)))});
  l.rows.push_back({"saved by not searching exhaustively",
                    KwhText(Scaled(per, static_cast<double>(grid_size - in.trainings_run)))});
  return l;
}

std::string LeversMarkdown(const std::vector<Lever>& levers) {
  std::string md = "\n## Levers (computed for this run)\n\n"
                   "How much of the development's impact each lever of the talk would remove, computed from "
                   "this run's measurements and the grid's values (docs/methodology.md, Levers).\n";
  for (const Lever& l : levers) {
    md += "\n### " + EscapeMarkdown(l.title) + "\n\n" + EscapeMarkdown(l.assumptions) + "\n\n| | |\n|---|---|\n";
    for (const auto& [what, figure] : l.rows) md += "| " + EscapeMarkdown(what) + " | " + EscapeMarkdown(figure) + " |\n";
  }
  return md;
}

std::string LeversHtml(const std::vector<Lever>& levers) {
  std::string h = "<section id=\"levers\"><h2>Levers (computed for this run)</h2>\n<p>How much of the "
                  "development's impact each lever of the talk would remove, computed from this run's "
                  "measurements and the grid's values (docs/methodology.md, Levers).</p>\n";
  for (const Lever& l : levers) {
    h += "<h3>" + EscapeHtml(l.title) + "</h3>\n<p>" + EscapeHtml(l.assumptions) + "</p>\n<table>\n";
    for (const auto& [what, figure] : l.rows) h += "<tr><td>" + EscapeHtml(what) + "</td><td>" + EscapeHtml(figure) + "</td></tr>\n";
    h += "</table>\n";
  }
  return h + "</section>\n";
}

nlohmann::json LeversJson(const std::vector<Lever>& levers) {
  nlohmann::json j = nlohmann::json::array();
  for (const Lever& l : levers) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [what, figure] : l.rows) rows.push_back({{"what", what}, {"figure", figure}});
    j.push_back({{"title", l.title}, {"assumptions", l.assumptions}, {"rows", rows}});
  }
  return j;
}

}  // namespace airgrid::study
