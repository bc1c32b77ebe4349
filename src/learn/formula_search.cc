#include "airgrid/learn/formula_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include <Eigen/Core>

#include "learn/formula_columns.h"

namespace airgrid::learn {

namespace {

// r(θ) = W(Bθ − y), J = WB with W = diag(p·q): the weighted linear model of one form.
class WeightedLinearProblem : public LmProblem {
 public:
  WeightedLinearProblem(const Eigen::MatrixXd& weighted_basis, const Eigen::VectorXd& weighted_y)
      : wb_(weighted_basis), wy_(weighted_y) {}
  int Residuals() const override { return static_cast<int>(wb_.rows()); }
  int Parameters() const override { return static_cast<int>(wb_.cols()); }
  void Evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd* residuals,
                Eigen::MatrixXd* jacobian) const override {
    residuals->noalias() = wb_ * theta;
    *residuals -= wy_;
    if (jacobian) *jacobian = wb_;
  }

 private:
  const Eigen::MatrixXd& wb_;
  const Eigen::VectorXd& wy_;
};

FittedForm FitOn(const FormSpec& form, const FormColumns& data, const LmOptions& options) {
  FittedForm out;
  out.form = form;
  out.free = form.FreeThetas();
  const Eigen::MatrixXd basis = data.Basis(form);
  const Eigen::MatrixXd weighted = basis.array().colwise() * data.w.array();
  const Eigen::VectorXd wy = data.y.cwiseProduct(data.w);
  WeightedLinearProblem problem(weighted, wy);
  const LmResult fit =
      LevenbergMarquardt(problem, Eigen::VectorXd::Ones(basis.cols()), options);
  out.iterations = fit.iterations;
  out.stop = fit.stop;
  out.weighted_sse = fit.cost;
  int j = 0;
  for (int t = 0; t < 3; ++t) out.theta[t] = out.free[t] ? fit.theta[j++] : 1.0;
  const Eigen::VectorXd fitted = basis * fit.theta;
  out.mae = (fitted - data.y).cwiseAbs().mean();
  if (!std::isfinite(out.mae)) out.mae = std::numeric_limits<double>::infinity();
  return out;
}

Status CheckRows(std::span<const ScoreRow> rows) {
  if (rows.empty()) return Status::InvalidInput("scores: no rows to fit");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ScoreRow& row = rows[i];
    const std::pair<const char*, double> fields[] = {{"p", row.p}, {"q", row.q}, {"r", row.r}};
    for (const auto& [name, v] : fields) {
      if (!std::isfinite(v) || v < 0) {
        return Status::InvalidInput("scores: data row " + std::to_string(i + 1) + ", field " +
                                    name + " = " + std::to_string(v) +
                                    ": expected a finite number >= 0");
      }
    }
    if (!std::isfinite(row.score)) {
      return Status::InvalidInput("scores: data row " + std::to_string(i + 1) +
                                  ", field score: expected a finite number");
    }
  }
  return Status::Ok();
}

int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs body(i) for i in [0, n) on `threads` workers; each index runs exactly once.
template <typename Body>
void ParallelFor(int n, int threads, Body body) {
  threads = std::min(ResolveThreads(threads), std::max(n, 1));
  if (threads <= 1) {
    for (int i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < n; i = next++) body(i);
    });
  }
  for (auto& w : workers) w.join();
}

double Median(std::vector<double> v) {
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  const double upper = v[mid];
  if (v.size() % 2) return upper;
  return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + mid));
}

void AddConstantBaselines(std::span<const ScoreRow> rows, FormulaSearch* out) {
  std::vector<double> y;
  y.reserve(rows.size());
  double sum = 0;
  for (const ScoreRow& r : rows) {
    y.push_back(r.score);
    sum += r.score;
  }
  out->mean_score = sum / y.size();
  out->median_score = Median(y);
  double mae_median = 0, mae_mean = 0;
  for (double v : y) {
    mae_median += std::abs(v - out->median_score);
    mae_mean += std::abs(v - out->mean_score);
  }
  out->constant_median_mae = mae_median / y.size();
  out->constant_mean_mae = mae_mean / y.size();
}

void Rank(FormulaSearch* out) {
  auto& forms = out->forms;
  auto by_mae = [](const FittedForm& a, const FittedForm& b) {
    if (a.mae != b.mae) return a.mae < b.mae;  // inf sorts last; NaN never stored
    return a.form.Index() < b.form.Index();
  };
  std::sort(forms.begin(), forms.end(), by_mae);
  for (size_t i = 0; i < forms.size(); ++i) forms[i].rank = static_cast<int>(i) + 1;
  // Class ranks follow the canonical members' order.
  std::vector<int> shape_rank(kFormCount, 0);
  int next = 0;
  for (const FittedForm& f : forms) {
    if (f.canonical()) shape_rank[f.shape] = ++next;
  }
  for (FittedForm& f : forms) f.shape_rank = shape_rank[f.shape];
}

}  // namespace

std::vector<const FittedForm*> FormulaSearch::Shapes() const {
  std::vector<const FittedForm*> out;
  for (const FittedForm& f : forms) {
    if (f.canonical()) out.push_back(&f);
  }
  return out;
}

const FittedForm* FormulaSearch::Find(const FormSpec& form) const {
  for (const FittedForm& f : forms) {
    if (f.form == form) return &f;
  }
  return nullptr;
}

FittedForm FitForm(const FormSpec& form, std::span<const ScoreRow> rows, const LmOptions& options) {
  const FormColumns data(rows);
  FittedForm out = FitOn(form, data, options);
  out.shape = CanonicalForms()[form.Index()];
  return out;
}

Result<FormulaSearch> SearchFormulas(std::span<const ScoreRow> rows, const SearchOptions& options) {
  AIRGRID_RETURN_IF_ERROR(CheckRows(rows));
  const auto start = std::chrono::steady_clock::now();
  const FormColumns data(rows);
  const std::vector<int>& canonical = CanonicalForms();
  FormulaSearch out;
  out.rows = static_cast<int>(rows.size());
  out.forms.resize(kFormCount);
  ParallelFor(kFormCount, options.threads, [&](int i) {
    out.forms[i] = FitOn(FormSpec::FromIndex(i), data, options.lm);
    out.forms[i].shape = canonical[i];
  });
  Rank(&out);
  AddConstantBaselines(rows, &out);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

Result<std::vector<Validation>> ValidateBySimulation(
    const workload::Workload& workload,
    const std::vector<std::pair<std::string, std::string>>& candidates,
    const ValidationOptions& options) {
  const int n = static_cast<int>(candidates.size());
  std::vector<Validation> out(n);
  std::vector<Status> errors(n);
  ParallelFor(n, options.threads, [&](int i) {
    out[i].label = candidates[i].first;
    out[i].policy = candidates[i].second;
    auto policy = sched::MakePolicy(candidates[i].second);
    if (!policy.ok()) {
      errors[i] = policy.status();
      return;
    }
    auto run = sched::RunProtocol(workload, **policy, options.sim, options.protocol);
    if (!run.ok()) {
      errors[i] = run.status();
      return;
    }
    out[i].avg_bsld = sched::MeanWindowBoundedSlowdown(*run);
    out[i].windows = run->windows;
  });
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const double x = out[a].avg_bsld, y = out[b].avg_bsld;
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return x < y;
  });
  for (int r = 0; r < n; ++r) out[order[r]].rank = r + 1;
  return out;
}

Result<Selection> SelectBySimulation(const FormulaSearch& search, const workload::Workload& workload,
                                     int top,
                                     const std::vector<std::pair<std::string, std::string>>& references,
                                     const ValidationOptions& options) {
  if (top < 1) return Status::InvalidInput("selection by simulation: expected at least 1 shape, got " + std::to_string(top));
  Selection sel;
  std::vector<std::pair<std::string, std::string>> candidates;
  for (const FittedForm* f : search.Shapes()) {
    if (static_cast<int>(sel.shapes.size()) == top) break;
    sel.shapes.push_back(f);
    candidates.emplace_back(f->ToReadable(), "expr:" + f->ToExpr());
  }
  if (sel.shapes.empty()) return Status::InvalidInput("selection by simulation: no fitted shape");
  candidates.insert(candidates.end(), references.begin(), references.end());
  auto results = ValidateBySimulation(workload, candidates, options);
  if (!results.ok()) return results.status();
  sel.results = std::move(results).value();
  for (size_t i = 1; i < sel.shapes.size(); ++i)
    if (sel.results[i].rank < sel.results[sel.chosen].rank) sel.chosen = i;
  return sel;
}

}  // namespace airgrid::learn
