#include "airgrid/learn/formula.h"

#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "airgrid/sched/policy.h"
#include "learn/formula_columns.h"

namespace airgrid::learn {
namespace {

const FormSpec kF1{Op::kMul, Op::kAdd, Fn::kLog10, Fn::kId, Fn::kLog10};

TEST(FormSpec, IndexRoundTripsInTheArtifactsLoopOrder) {
  for (int i = 0; i < kFormCount; ++i) EXPECT_EQ(FormSpec::FromIndex(i).Index(), i);
  // op1 = ×, op2 = +, (g, h, k) = (log10, id, log10) = digits (0, 3, 0): 1·64 + 0·16 + 3·4 + 0.
  EXPECT_EQ(kF1.Index(), 76);
  EXPECT_EQ(FormSpec::FromIndex(575).op1, Op::kDiv);
  EXPECT_EQ(FormSpec::FromIndex(575).k, Fn::kId);
}

TEST(FormSpec, NamesReadLikeTheFormula) {
  EXPECT_EQ(kF1.Name(), "log10(p) * q + log10(r)");
  const FormSpec sum_times{Op::kAdd, Op::kMul, Fn::kInv, Fn::kSqrt, Fn::kId};
  EXPECT_EQ(sum_times.Name(), "((1/p) + sqrt(q)) * r");
}

TEST(FormSpec, RedundantThetasAreFixed) {
  EXPECT_EQ(kF1.FreeCount(), 2);  // θ1·θ2 → θ2 = 1
  EXPECT_EQ((FormSpec{Op::kMul, Op::kDiv, Fn::kId, Fn::kId, Fn::kId}).FreeCount(), 1);
  EXPECT_EQ((FormSpec{Op::kAdd, Op::kMul, Fn::kId, Fn::kId, Fn::kId}).FreeCount(), 2);
  EXPECT_EQ((FormSpec{Op::kAdd, Op::kAdd, Fn::kId, Fn::kId, Fn::kId}).FreeCount(), 3);
}

TEST(FormSpec, EquivalentFormsShareAShapeAndTheCanonicalAvoidsDivision) {
  const FormSpec div_inv{Op::kDiv, Op::kAdd, Fn::kLog10, Fn::kInv, Fn::kLog10};
  EXPECT_EQ(div_inv.ShapeKey(), kF1.ShapeKey());
  const std::vector<int>& canonical = CanonicalForms();
  EXPECT_EQ(canonical[div_inv.Index()], kF1.Index());
  EXPECT_EQ(canonical[kF1.Index()], kF1.Index());
  // (a + b) ÷ r^-1 = (a + b) × r: the product is canonical.
  const FormSpec div_by_inv_r{Op::kAdd, Op::kDiv, Fn::kId, Fn::kId, Fn::kInv};
  const FormSpec times_r{Op::kAdd, Op::kMul, Fn::kId, Fn::kId, Fn::kId};
  EXPECT_EQ(canonical[div_by_inv_r.Index()], times_r.Index());
  // Distinct shapes: every form with op1 = ÷ and h = inv has a × twin (and so on); count the
  // classes by brute force over the definition of a term set.
  std::set<std::string> keys;
  for (int i = 0; i < kFormCount; ++i) keys.insert(FormSpec::FromIndex(i).ShapeKey());
  std::set<int> reps(canonical.begin(), canonical.end());
  EXPECT_EQ(reps.size(), keys.size());
  EXPECT_LT(keys.size(), 576u);
}

// Σ c_j · b_j (the linear view used by the fit) equals the form evaluated literally with any
// θ, for all 576 forms: the redundancy reasoning of formula.h holds.
TEST(FormSpec, LinearBasisViewEqualsTheLiteralForm) {
  std::vector<ScoreRow> rows;
  for (int i = 0; i < 7; ++i) {
    ScoreRow r;
    r.p = 3.0 + 17.0 * i;
    r.q = 1.0 + i * i;
    r.r = i == 0 ? 0.0 : 1000.0 * i;  // r = 0 exercises the guards
    rows.push_back(r);
  }
  const FormColumns columns(rows);
  const std::array<double, 3> theta{0.7, -1.3, 2.9};
  for (int idx = 0; idx < kFormCount; ++idx) {
    const FormSpec f = FormSpec::FromIndex(idx);
    const Eigen::MatrixXd basis = columns.Basis(f);
    const std::vector<double> c = BasisCoefficients(f, theta);
    ASSERT_EQ(basis.cols(), static_cast<Eigen::Index>(c.size())) << f.Name();
    for (size_t i = 0; i < rows.size(); ++i) {
      double linear = 0;
      for (size_t j = 0; j < c.size(); ++j) linear += c[j] * basis(i, j);
      const double literal = EvaluateForm(f, theta, rows[i].p, rows[i].q, rows[i].r);
      EXPECT_NEAR(linear, literal, 1e-9 * std::max(1.0, std::abs(literal)))
          << f.Name() << " row " << i;
    }
  }
}

TEST(FormSpec, ExprOfF1IsNormalisedAndReadable) {
  const std::array<double, 3> theta{7.99074324e-06, 1.0, 6.95961829e-03};
  EXPECT_EQ(kF1.Expr(theta), "log10(max(p,1))*q + 870.9601*log10(max(r,1))");
  EXPECT_EQ(kF1.ExprText(theta, 6, false), "log10(p)*q + 870.96*log10(r)");
  // A negative first coefficient keeps its sign: dividing by |c| preserves the order.
  const std::array<double, 3> negative{-2.0, 1.0, 4.0};
  EXPECT_EQ(kF1.ExprText(negative, 6, false), "-log10(p)*q + 2*log10(r)");
}

// Every form's expression, parsed by sched's muparser policy, scores like the form itself
// (divided by |first coefficient|), at points where the two log10 guards agree.
TEST(FormSpec, ExprIsAcceptedBySchedAndMatchesTheForm) {
  const std::array<double, 3> theta{0.37, 1.9, -2.3};
  std::vector<sched::JobFeatures> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back({.p = 2.0 + 31 * i, .q = 2.0 + 3 * i, .r = 5.0 + 997 * i});
  std::vector<double> scores(jobs.size());
  for (int idx = 0; idx < kFormCount; ++idx) {
    const FormSpec f = FormSpec::FromIndex(idx);
    const std::string expr = f.Expr(theta, 17);
    auto policy = sched::MakePolicy("expr:" + expr);
    ASSERT_TRUE(policy.ok()) << expr << ": " << policy.status().ToString();
    (*policy)->Score(jobs, scores);
    const double scale = std::abs(BasisCoefficients(f, theta)[0]);
    for (size_t i = 0; i < jobs.size(); ++i) {
      const double want = EvaluateForm(f, theta, jobs[i].p, jobs[i].q, jobs[i].r) / scale;
      EXPECT_NEAR(scores[i], want, 1e-8 * std::max(1.0, std::abs(want))) << expr << " job " << i;
    }
  }
}

}  // namespace
}  // namespace airgrid::learn
