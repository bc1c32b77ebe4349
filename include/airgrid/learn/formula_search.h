// The SC'17 formula search: fit each of the 576 forms of formula.h to a scores table by
// weighted least squares and rank them; optionally rank the best ones again by simulation.
//
// Contract of SearchFormulas:
// - Objective (SciPy curve_fit with sigma = 1/(p·q), as the artifact): minimise
//   Σ_i ((f(p_i, q_i, r_i; θ) − score_i) · p_i·q_i)², i.e. residual weights (p·q)²: long, wide
//   jobs dominate the fit. Rows need finite p, q, r ≥ 0 and a finite score (InvalidInput
//   naming the row otherwise); a row with p·q = 0 has weight 0 (it still counts in the MAE).
// - Each form is fitted by Levenberg–Marquardt (lm.h) from θ = 1 with the analytic Jacobian
//   and the redundant θs fixed to 1 (formula.h). Every form is then linear in its free θs, so
//   the objective is a convex quadratic and LM reaches its global minimum from any start: no
//   multi-start is needed (tests check LM against a direct QR solve on every form).
// - Forms are ranked by mean absolute error over all rows (ties and non-finite MAE: by index,
//   non-finite last). Ranks are 1-based. Equivalent forms (formula.h) get the same `shape`
//   (index of the canonical member); `Shapes()` lists one entry per class, by the canonical
//   member's MAE.
// - Also reported: the MAE of the best constant predictors (median: the MAE-optimal constant;
//   mean), which beat every form on MAE on the published set — MAE alone does not pick a
//   good policy, hence the validation by simulation below.
// - Deterministic: the result does not depend on `threads`.
//
// Contract of ValidateBySimulation: runs each candidate policy (an `expr:` spec) with
// sched::RunProtocol on `workload` and reports the AVEbsld (sched::MeanWindowBoundedSlowdown,
// τ = 10 s) and its rank (1 = lowest); candidates run in parallel, results do not depend on it.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/learn/formula.h"
#include "airgrid/learn/lm.h"
#include "airgrid/learn/scores.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/workload/job.h"

namespace airgrid::learn {

struct SearchOptions {
  int threads = 1;     // 0 = all hardware threads
  LmOptions lm;
};

struct FittedForm {
  FormSpec form;
  std::array<double, 3> theta{1, 1, 1};   // θ1..θ3; the redundant ones are fixed to 1
  std::array<bool, 3> free{true, true, true};
  double mae = 0;            // mean |f − score| over all rows
  double weighted_sse = 0;   // Σ ((f − score)·p·q)²: the minimised objective (χ² of curve_fit)
  int iterations = 0;        // LM Jacobian evaluations
  LmStop stop = LmStop::kMaxIterations;
  int rank = 0;              // 1-based rank by MAE among all 576 forms
  int shape = 0;             // index of the canonical member of its equivalence class
  int shape_rank = 0;        // 1-based rank of its class among classes (same for all members)

  bool canonical() const { return shape == form.Index(); }
  // The fitted function for `airgrid simulate --policy 'expr:...'` (guards included, scaled so
  // the first coefficient is ±1), and the readable version without guards.
  std::string ToExpr(int digits = 7) const { return form.Expr(theta, digits); }
  std::string ToReadable(int digits = 6) const { return form.ExprText(theta, digits, false); }
};

struct FormulaSearch {
  std::vector<FittedForm> forms;     // all 576, in rank order
  int rows = 0;
  double median_score = 0, mean_score = 0;
  double constant_median_mae = 0;    // MAE of predicting median_score everywhere
  double constant_mean_mae = 0;      // MAE of predicting mean_score everywhere
  double seconds = 0;                // wall time of the fits (steady clock)

  // One form per equivalence class (its canonical member), in class rank order.
  std::vector<const FittedForm*> Shapes() const;
  const FittedForm* Find(const FormSpec& form) const;
};

Result<FormulaSearch> SearchFormulas(std::span<const ScoreRow> rows,
                                     const SearchOptions& options = {});

// Fits one form (exposed for tests and benchmarks); `rows` must be valid (see above).
FittedForm FitForm(const FormSpec& form, std::span<const ScoreRow> rows,
                   const LmOptions& options = {});

struct ValidationOptions {
  sched::SimOptions sim;            // backfill / estimates configuration
  sched::ProtocolOptions protocol;  // kind defaults to sc17 in the CLI
  int threads = 1;                  // 0 = all hardware threads
};

struct Validation {
  std::string label;      // e.g. "#1 log10(p)*q + 871*log10(r)" or "fcfs"
  std::string policy;     // the spec given to sched::MakePolicy
  double avg_bsld = 0;    // AVEbsld (mean over windows of the windows' mean bsld)
  int windows = 0;
  int rank = 0;           // 1-based by avg_bsld (ties: input order)
};

// Simulates each (label, policy spec) on `workload` (already filtered).
Result<std::vector<Validation>> ValidateBySimulation(
    const workload::Workload& workload,
    const std::vector<std::pair<std::string, std::string>>& candidates,
    const ValidationOptions& options);

// Selection by simulation, the rule `airgrid learn fit --validate` and the study share: the
// `top` best distinct shapes by MAE are simulated on `workload` (ValidateBySimulation, run in
// parallel with the `references`, e.g. {"reference F1 (SC'17)", "f1"}); the chosen formula is
// the simulated shape with the lowest AVEbsld (ties: the better MAE). Shapes are labelled by
// their readable form.
struct Selection {
  std::vector<const FittedForm*> shapes;  // simulated shapes, by MAE (point into the search)
  std::vector<Validation> results;        // the shapes (same order), then the references
  size_t chosen = 0;                      // index into shapes and results
  const FittedForm& chosen_form() const { return *shapes[chosen]; }
  const std::string& chosen_policy() const { return results[chosen].policy; }  // "expr:..."
};

Result<Selection> SelectBySimulation(const FormulaSearch& search, const workload::Workload& workload,
                                     int top,
                                     const std::vector<std::pair<std::string, std::string>>& references,
                                     const ValidationOptions& options);

}  // namespace airgrid::learn
