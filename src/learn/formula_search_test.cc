#include "airgrid/learn/formula_search.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <gtest/gtest.h>

#include "learn/formula_columns.h"

namespace airgrid::learn {
namespace {

const std::string kPublished = std::string(AIRGRID_SHARED_DIR) + "/sc17/score-distribution.csv";

const FormSpec kF1{Op::kMul, Op::kAdd, Fn::kLog10, Fn::kId, Fn::kLog10};
const FormSpec kF2{Op::kMul, Op::kAdd, Fn::kSqrt, Fn::kId, Fn::kLog10};
const FormSpec kF3{Op::kMul, Op::kAdd, Fn::kId, Fn::kId, Fn::kLog10};
const FormSpec kF4{Op::kMul, Op::kAdd, Fn::kId, Fn::kSqrt, Fn::kLog10};

// Jobs shaped like a Lublin queue (p, q, r spread over orders of magnitude), deterministic.
std::vector<ScoreRow> SyntheticRows(int n) {
  std::vector<ScoreRow> rows;
  uint64_t s = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return (s >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < n; ++i) {
    ScoreRow r;
    r.p = std::floor(std::pow(10.0, 4.5 * next())) + 1;
    r.q = std::floor(std::pow(2.0, 8 * next())) + 1;
    r.r = 1000 + std::floor(50000 * next());
    rows.push_back(r);
  }
  return rows;
}

void SetScores(std::vector<ScoreRow>* rows, const FormSpec& form, const std::array<double, 3>& theta) {
  for (ScoreRow& r : *rows) r.score = EvaluateForm(form, theta, r.p, r.q, r.r);
}

Result<FormulaSearch> SearchPublished(int threads = 1) {
  auto rows = ReadScoresCsv(kPublished);
  if (!rows.ok()) return rows.status();
  SearchOptions options;
  options.threads = threads;
  return SearchFormulas(*rows, options);
}

// Exact data from a known form: its class ranks first with ~zero error and θ is recovered.
TEST(FormulaSearch, RecoversTheFormThatGeneratedExactData) {
  struct Case {
    FormSpec form;
    std::array<double, 3> theta;
  };
  const Case cases[] = {
      {kF2, {2e-7, 1.0, 6.7e-3}},                                                // 2 free θs
      {{Op::kAdd, Op::kAdd, Fn::kLog10, Fn::kInv, Fn::kSqrt}, {0.3, -0.02, 1e-4}},  // 3
      {{Op::kDiv, Op::kDiv, Fn::kId, Fn::kSqrt, Fn::kLog10}, {5e-6, 1.0, 1.0}},    // 1
      {{Op::kAdd, Op::kMul, Fn::kInv, Fn::kLog10, Fn::kId}, {0.5, 0.25, 1.0}},     // 2, product
  };
  for (const Case& c : cases) {
    std::vector<ScoreRow> rows = SyntheticRows(500);
    SetScores(&rows, c.form, c.theta);
    auto search = SearchFormulas(rows);
    ASSERT_TRUE(search.ok()) << search.status().ToString();
    const FittedForm& best = *search->Shapes().front();
    EXPECT_EQ(best.form.ShapeKey(), c.form.ShapeKey()) << c.form.Name() << " vs " << best.form.Name();
    EXPECT_LT(best.mae, 1e-9 * rows[0].score + 1e-12) << c.form.Name();
    const FittedForm* own = search->Find(c.form);
    ASSERT_NE(own, nullptr);
    const std::vector<double> want = BasisCoefficients(c.form, c.theta);
    const std::vector<double> got = BasisCoefficients(c.form, own->theta);
    for (size_t j = 0; j < want.size(); ++j) EXPECT_NEAR(got[j], want[j], 1e-7 * std::abs(want[j])) << c.form.Name();
  }
}

// LM from θ = 1 reaches the weighted least-squares optimum that a direct QR solve gives, on
// every form: the convexity argument of formula_search.h, checked.
void ExpectLmMatchesDirectSolve(std::span<const ScoreRow> rows) {
  const FormColumns cols(rows);
  for (int i = 0; i < kFormCount; ++i) {
    const FormSpec f = FormSpec::FromIndex(i);
    const FittedForm fit = FitForm(f, rows);
    ASSERT_TRUE(fit.stop != LmStop::kMaxIterations && fit.stop != LmStop::kNonFinite)
        << f.Name() << " " << LmStopName(fit.stop);
    const Eigen::MatrixXd basis = cols.Basis(f);
    const Eigen::MatrixXd wb = basis.array().colwise() * cols.w.array();
    const Eigen::VectorXd direct = wb.colPivHouseholderQr().solve(cols.y.cwiseProduct(cols.w));
    const double best = (wb * direct - cols.y.cwiseProduct(cols.w)).squaredNorm();
    EXPECT_LE(fit.weighted_sse, best * (1 + 1e-9)) << f.Name();
    const double mae = (basis * direct - cols.y).cwiseAbs().mean();
    // Where both reach the same objective on a well-conditioned basis they must agree on MAE.
    // Elsewhere MAE is not identifiable: divisors such as log10(q) at q = 1 (≈ 8.7e-11) make a
    // few rows dominate, and points within 1e-9 of the optimal objective differ in MAE; there
    // LM may even beat the pivoted QR, which drops a column it judges negligible.
    Eigen::MatrixXd scaled = wb;
    for (Eigen::Index j = 0; j < scaled.cols(); ++j) scaled.col(j) /= scaled.col(j).norm();
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(scaled);
    const double cond = svd.singularValues()(0) / svd.singularValues().tail(1)(0);
    if (cond < 1e6 && std::abs(fit.weighted_sse - best) <= 1e-12 * best) {
      EXPECT_NEAR(fit.mae, mae, 1e-4 * mae) << f.Name() << " cond " << cond;
    }
  }
}

TEST(FormulaSearch, LmReachesTheDirectSolutionOnEveryFormOfSyntheticData) {
  std::vector<ScoreRow> rows = SyntheticRows(800);
  for (size_t i = 0; i < rows.size(); ++i) rows[i].score = 1.0 / 32 + 0.01 * std::sin(i * 0.7);
  ExpectLmMatchesDirectSolve(rows);
}

TEST(FormulaSearch, LmReachesTheDirectSolutionOnEveryFormOfThePublishedSet) {
  if (!std::filesystem::exists(kPublished)) GTEST_SKIP() << kPublished << " is absent";
  auto rows = ReadScoresCsv(kPublished);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ExpectLmMatchesDirectSolve(*rows);
}

// The SC'17 result: F1 first with c ≈ 871 and MAE ≈ 0.005278, then F2, F3, F4.
TEST(FormulaSearch, FindsF1ToF4OnThePublishedSet) {
  if (!std::filesystem::exists(kPublished)) GTEST_SKIP() << kPublished << " is absent";
  auto search = SearchPublished();
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->rows, 6912);
  const auto shapes = search->Shapes();
  ASSERT_GE(shapes.size(), 4u);
  EXPECT_EQ(shapes[0]->form, kF1) << shapes[0]->form.Name();
  EXPECT_EQ(shapes[1]->form, kF2) << shapes[1]->form.Name();
  EXPECT_EQ(shapes[2]->form, kF3) << shapes[2]->form.Name();
  EXPECT_EQ(shapes[3]->form, kF4) << shapes[3]->form.Name();
  const FittedForm& f1 = *shapes[0];
  const double c = f1.theta[2] / (f1.theta[0] * f1.theta[1]);
  EXPECT_NEAR(c, 871.0, 8.71);
  EXPECT_NEAR(f1.mae, 0.005278, 0.005278 * 0.01);
  EXPECT_EQ(f1.shape_rank, 1);
  EXPECT_LE(f1.rank, 2);  // its twin log10(p) ÷ (1/q) + log10(r) ties it to 1e-15
  // MAE alone misleads: the best constant beats every form.
  EXPECT_LT(search->constant_median_mae, f1.mae);
  EXPECT_NEAR(search->mean_score, 1.0 / 32, 1e-9);  // each tuple's 32 scores sum to 1
  EXPECT_EQ(f1.ToExpr().substr(0, 19), "log10(max(p,1))*q +");
}

TEST(FormulaSearch, ResultDoesNotDependOnThreads) {
  std::vector<ScoreRow> rows = SyntheticRows(300);
  for (size_t i = 0; i < rows.size(); ++i) rows[i].score = 0.02 + 0.001 * (i % 7);
  SearchOptions one_thread, three_threads;
  three_threads.threads = 3;
  auto one = SearchFormulas(rows, one_thread);
  auto three = SearchFormulas(rows, three_threads);
  ASSERT_TRUE(one.ok() && three.ok());
  for (int i = 0; i < kFormCount; ++i) {
    EXPECT_EQ(one->forms[i].form, three->forms[i].form);
    EXPECT_EQ(one->forms[i].theta, three->forms[i].theta);
    EXPECT_EQ(one->forms[i].mae, three->forms[i].mae);
  }
}

TEST(FormulaSearch, RejectsRowsItCannotFit) {
  std::vector<ScoreRow> rows = SyntheticRows(3);
  rows[1].q = -4;
  auto bad = SearchFormulas(rows);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(bad.status().message().find("data row 2, field q"), std::string::npos)
      << bad.status().message();
  rows[1].q = 4;
  rows[2].score = NAN;
  EXPECT_FALSE(SearchFormulas(rows).ok());
  EXPECT_FALSE(SearchFormulas(std::vector<ScoreRow>{}).ok());
}

// Cross-check against SciPy's curve_fit (MINPACK, finite differences), the artifact's own fit,
// on the first 96 forms (F1 is #76); skips without /usr/bin/python3 + SciPy. Where SciPy reached
// the optimum its MAE matches ours; nowhere may its objective be lower than ours.
TEST(FormulaSearch, AgreesWithScipyCurveFit) {
  if (!std::filesystem::exists(kPublished)) GTEST_SKIP() << kPublished << " is absent";
  if (std::system("/usr/bin/python3 -c 'import scipy' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 with SciPy is not available";
  }
  const std::string script = std::string(AIRGRID_SOURCE_DIR) + "/bench/learn_fit_scipy_baseline.py";
  const std::string csv = (std::filesystem::temp_directory_path() /
                           ("airgrid_scipy_" + std::to_string(::getpid()) + ".csv")).string();
  const std::string cmd = "/usr/bin/python3 " + script + " " + kPublished + " --forms 96 --csv " +
                          csv + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto search = SearchPublished();
  ASSERT_TRUE(search.ok());
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  int index = 0, compared = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    std::vector<std::string> fields;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    ASSERT_EQ(fields.size(), 9u) << line;
    const double scipy_mae = std::stod(fields[8]);
    // The script enumerates in the artifact's order: its row `index` is our form `index`.
    const FormSpec form = FormSpec::FromIndex(index);
    ASSERT_EQ(fields[0], std::string(1, OpSymbol(form.op1))) << line;
    ASSERT_EQ(fields[1], std::string(1, OpSymbol(form.op2))) << line;
    ASSERT_EQ(fields[2] + fields[3] + fields[4], FnName(form.g) + FnName(form.h) + FnName(form.k));
    const FittedForm* ours = search->Find(form);
    ASSERT_NE(ours, nullptr);
    if (std::isfinite(scipy_mae)) {
      // MINPACK's finite differences and ftol = 1.49e-8 leave SciPy short of the optimum on
      // ill-conditioned forms (MAEs of 10+ differ at 1e-3); good forms agree to 1e-4.
      const double tol = ours->mae < 0.01 ? 1e-4 : 1e-2;
      EXPECT_NEAR(ours->mae, scipy_mae, tol * scipy_mae) << ours->form.Name();
      ++compared;
    }
    ++index;
  }
  std::filesystem::remove(csv);
  EXPECT_EQ(index, 96);
  EXPECT_GE(compared, 90);
}

}  // namespace
}  // namespace airgrid::learn
