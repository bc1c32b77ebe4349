// `airgrid learn fit`: the SC'17 formula search. Fits the 576 forms to a scores table
// (learn/formula_search.h), prints the ranking by MAE next to the constant-predictor baseline,
// and with --workload ranks the best K distinct shapes again by simulation (AVEbsld, sc17
// protocol) together with FCFS and the published F1. Prints the chosen policy as a spec that
// `airgrid simulate --policy` accepts unchanged. JSON output is written atomically, last.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/provenance.h"
#include "airgrid/learn/formula_search.h"
#include "airgrid/learn/scores.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct FitArgs {
  std::string scores;
  int queue_size = 32;
  std::string validate;
  int32_t procs = 0;
  std::string filter;
  std::string backfill = "none";
  std::string estimates = "actual";
  int top = 10;
  int threads = 0;
  std::string json_path;
};

std::string FilterName(const FitArgs& a) {
  if (!a.filter.empty()) return a.filter;
  return IsGeneratedWorkload(a.validate) ? "none" : "sc17";
}

nlohmann::json FormJson(const learn::FittedForm& f) {
  return {{"index", f.form.Index()},
          {"form", f.form.Name()},
          {"op1", std::string(1, learn::OpSymbol(f.form.op1))},
          {"op2", std::string(1, learn::OpSymbol(f.form.op2))},
          {"g", learn::FnName(f.form.g)},
          {"h", learn::FnName(f.form.h)},
          {"k", learn::FnName(f.form.k)},
          {"theta", f.theta},
          {"theta_free", f.free},
          {"mae", f.mae},
          {"weighted_sse", f.weighted_sse},
          {"rank", f.rank},
          {"shape", f.shape},
          {"shape_rank", f.shape_rank},
          {"canonical", f.canonical()},
          {"lm_iterations", f.iterations},
          {"lm_stop", std::string(learn::LmStopName(f.stop))},
          {"readable", f.ToReadable()},
          {"expr", f.ToExpr()}};
}

void PrintMaeRanking(const learn::FormulaSearch& s, int top) {
  std::printf("\nranking by MAE (distinct shapes; %zu classes of equivalent forms):\n",
              s.Shapes().size());
  std::printf("%5s %5s %11s %12s  %s\n", "shape", "form", "MAE", "wSSE", "fitted (normalised)");
  int shown = 0;
  for (const learn::FittedForm* f : s.Shapes()) {
    if (shown++ == top) break;
    std::printf("%5d %5d %11.7f %12.5g  %s\n", f->shape_rank, f->rank, f->mae, f->weighted_sse,
                f->ToReadable().c_str());
  }
  std::printf("constant predictors: median %.6g -> MAE %.7f, mean %.6g -> MAE %.7f\n",
              s.median_score, s.constant_median_mae, s.mean_score, s.constant_mean_mae);
  if (!s.forms.empty() && s.constant_median_mae < s.forms.front().mae) {
    std::printf("  (a constant beats every form on MAE: MAE ranks fits, not policies;"
                " rank by simulation with --workload)\n");
  }
}

struct ValidationRun {
  nlohmann::json json;
  std::string chosen_spec;
  std::string chosen_label;
};

ValidationRun Validate(const FitArgs& a, const learn::FormulaSearch& s) {
  workload::Workload w =
      IsGeneratedWorkload(a.validate)
          ? GenerateWorkloadFromSpec("--workload", a.validate, a.procs)
          : ValueOrThrow(workload::ReadSwf(a.validate, workload::SwfReadOptions{a.procs}), "--workload");
  const std::string filter = FilterName(a);
  const workload::FilterReport report = ValueOrThrow(workload::ApplyFilter(filter, w));
  if (w.jobs.empty()) {
    throw InputError(fmt::format("--workload '{}': no job left after filter {} ({})", a.validate,
                                 filter, report.Describe()));
  }
  learn::ValidationOptions vo;
  vo.sim.backfill = ValueOrThrow(sched::ParseBackfill(a.backfill));
  vo.sim.estimates = ValueOrThrow(sched::ParseEstimates(a.estimates));
  vo.protocol.kind = sched::ProtocolOptions::Kind::kSc17;
  vo.threads = a.threads;

  std::printf("\nsimulating the best %d shapes, F1 and FCFS on %s (%zu jobs)...\n", a.top, a.validate.c_str(),
              w.jobs.size());
  std::fflush(stdout);
  const learn::Selection sel = ValueOrThrow(learn::SelectBySimulation(
      s, w, a.top, {{"reference F1 (SC'17)", "f1"}, {"reference FCFS", "fcfs"}}, vo));
  const std::vector<learn::Validation>& results = sel.results;
  const std::vector<const learn::FittedForm*>& forms = sel.shapes;
  const size_t fitted = forms.size();

  std::printf("\nranking by simulation: AVEbsld (tau 10 s), sc17 protocol, backfill %s, "
              "estimates %s, on %s (%d windows, filter %s)\n",
              a.backfill.c_str(), a.estimates.c_str(), a.validate.c_str(),
              results.empty() ? 0 : results[0].windows, filter.c_str());
  std::printf("%4s %5s %11s  %s\n", "sim", "shape", "AVEbsld", "policy");
  std::vector<size_t> order(results.size());
  for (size_t i = 0; i < order.size(); ++i) order[results[i].rank - 1] = i;
  ValidationRun out;
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i : order) {
    const learn::Validation& v = results[i];
    const bool is_form = i < fitted;
    std::printf("%4d %5s %11.4f  %s\n", v.rank,
                is_form ? std::to_string(forms[i]->shape_rank).c_str() : "-", v.avg_bsld,
                is_form ? forms[i]->ToReadable().c_str() : v.label.c_str());
    nlohmann::json row = {{"label", v.label}, {"policy", v.policy}, {"avg_bsld", v.avg_bsld},
                          {"windows", v.windows}, {"sim_rank", v.rank}};
    if (is_form) {
      row["shape_rank"] = forms[i]->shape_rank;
      row["mae"] = forms[i]->mae;
      row["form_index"] = forms[i]->form.Index();
    }
    rows.push_back(row);
  }
  out.chosen_spec = sel.chosen_policy();
  out.chosen_label = "lowest AVEbsld among the top " + std::to_string(fitted) + " shapes";
  out.json = {{"workload", a.validate},
              {"machine_procs", w.machine_procs},
              {"jobs", w.jobs.size()},
              {"filter", filter},
              {"filter_report", report.Describe()},
              {"protocol", "sc17"},
              {"window_days", vo.protocol.window_days},
              {"state_jobs", vo.protocol.state_jobs},
              {"lookahead", vo.protocol.lookahead},
              {"backfill", a.backfill},
              {"estimates", a.estimates},
              {"tau_s", 10.0},
              {"results", rows}};
  return out;
}

int Run(const FitArgs& a) {
  CheckOutputPath("-o/--output", a.json_path);
  if (a.top < 1) throw InputError(fmt::format("--top {}: expected a positive integer", a.top));
  // Check the validation options before the fit, so a typo fails at once.
  if (!a.validate.empty()) {
    ThrowIfError(sched::ParseBackfill(a.backfill).status());
    ThrowIfError(sched::ParseEstimates(a.estimates).status());
  }
  RunOutputs outputs;
  outputs.Input("--scores", a.scores).Input("--validate", a.validate).Output("-o/--output", a.json_path);
  outputs.Prepare();
  learn::ScoresReadOptions ro;
  ro.queue_size = a.queue_size;
  const std::vector<learn::ScoreRow> rows = ValueOrThrow(learn::ReadScoresCsv(a.scores, ro));
  learn::SearchOptions so;
  so.threads = a.threads;
  const learn::FormulaSearch s = ValueOrThrow(learn::SearchFormulas(rows, so));
  std::printf("learn fit: %d rows from %s; %d forms fitted by weighted LM (sigma = 1/(p*q)) "
              "in %.3f s\n",
              s.rows, a.scores.c_str(), learn::kFormCount, s.seconds);
  PrintMaeRanking(s, a.top);

  const learn::FittedForm& best = *s.Shapes().front();
  std::string chosen = "expr:" + best.ToExpr();
  std::string chosen_by = "lowest MAE";
  nlohmann::json validation = nullptr;
  if (!a.validate.empty()) {
    ValidationRun v = Validate(a, s);
    validation = std::move(v.json);
    if (!v.chosen_spec.empty()) {
      chosen = v.chosen_spec;
      chosen_by = v.chosen_label;
    }
  }
  std::printf("\nchosen policy (%s):\n  --policy '%s'\n", chosen_by.c_str(), chosen.c_str());

  if (!a.json_path.empty()) {
    nlohmann::json j = ProvenanceJson(CommandLine());
    j["scores"] = a.scores;
    j["rows"] = s.rows;
    j["objective"] = "min sum(((f - score) * p * q)^2): sigma = 1/(p*q), as SciPy curve_fit";
    j["guard"] = "log10(x) and 1/x evaluated at x + 1e-10; divisors at x + 1e-10 (artifact)";
    j["threads"] = a.threads;
    j["fit_seconds"] = s.seconds;
    j["baselines"] = {{"median_score", s.median_score},
                      {"constant_median_mae", s.constant_median_mae},
                      {"mean_score", s.mean_score},
                      {"constant_mean_mae", s.constant_mean_mae}};
    nlohmann::json forms = nlohmann::json::array();
    for (const learn::FittedForm& f : s.forms) forms.push_back(FormJson(f));
    j["forms"] = forms;
    j["validation"] = validation;
    j["chosen"] = {{"policy", chosen}, {"by", chosen_by}};
    outputs.Put(a.json_path, JsonText(j));
  }
  outputs.Commit();
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<FitArgs>();
  app->add_option("--scores", a->scores, "scores CSV (p,q,r,score[,...]; headerless SC'17 file too)")
      ->required();
  app->add_option("--queue-size", a->queue_size, "rows per tuple of a headerless scores file")
      ->default_val(32);
  app->add_option("--workload", a->validate,
                  "workload to rank the top forms on by simulation: SWF file or lublin:JOBS[:SEED]");
  app->add_option("--validate", a->validate)->group("");  // old spelling, hidden
  app->add_option("--procs", a->procs,
                  "machine size for --workload (default: the SWF header; 256 for lublin:)");
  app->add_option("--filter", a->filter,
                  "job filter for --workload: sc17, rlscheduler, none (default sc17 for files, "
                  "none for lublin:)");
  app->add_option("--backfill", a->backfill, "backfilling during validation: none, easy, conservative")
      ->default_val("none");
  app->add_option("--estimates", a->estimates,
                  "what the policy sees as p during validation: actual or requested")
      ->default_val("actual");
  app->add_option("--top", a->top, "distinct shapes shown and validated")->default_val(10);
  app->add_option("--threads", a->threads, "threads for the fits and simulations (0: all cores)")
      ->default_val(0);
  AddJsonOutputOption(app, &a->json_path,
                  "write every form's fit and the validation as JSON ('-': stdout, alone)");
  app->footer("Example: airgrid learn fit --scores scores.csv --workload lublin:10000:7 --top 5 -o fit.json");
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--queue-size", 1, 1e6, NumberRule::kWhole},
                     {"--procs", 0, 1e7, NumberRule::kWhole},
                     {"--top", 1, 1e6, NumberRule::kWhole},
                     {"--threads", 0, 1024, NumberRule::kWhole}});
  return [a] { return Run(*a); };
}

const Registration kReg{"learn fit",
                        "Fit the 576 SC'17 formula forms to scores; rank by MAE and by simulation",
                        &Setup};

}  // namespace
}  // namespace airgrid::cli
