#include "airgrid/sched/policy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "airgrid/sched/protocol.h"
#include "sched/test_util.h"

namespace airgrid::sched {
namespace {

double ScoreOf(const std::string& spec, JobFeatures f) {
  auto policy = MakePolicy(spec);
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  double s = 0;
  (*policy)->Score(std::span<const JobFeatures>(&f, 1), std::span<double>(&s, 1));
  return s;
}

JobFeatures F(double p, double q, double r, double age) {
  JobFeatures f;
  f.p = p;
  f.q = q;
  f.r = r;
  f.age = age;
  return f;
}

TEST(Policy, BuiltinScoresByHand) {
  const JobFeatures f = F(100, 8, 1000, 50);
  EXPECT_DOUBLE_EQ(ScoreOf("fcfs", f), 0.0);
  EXPECT_DOUBLE_EQ(ScoreOf("spt", f), 100.0);
  EXPECT_DOUBLE_EQ(ScoreOf("saf", f), 800.0);
  // WFP3: (age/p)^3 * q = 0.125 * 8 = 1, largest first -> -1.
  EXPECT_DOUBLE_EQ(ScoreOf("wfp3", f), -1.0);
  // UNICEF: (age + eps) / (log2(q + eps) * p) = 50 / (3 * 100), largest first.
  EXPECT_NEAR(ScoreOf("unicef", f), -50.0 / 300.0, 1e-15);
  // F1: log10(100) * 8 + 870.96 * log10(1000) = 16 + 2612.88.
  EXPECT_NEAR(ScoreOf("f1", f), 16 + 870.96 * 3, 1e-9);
  // F2..F4: the ratios of the artifact's coefficients, computed by hand (python3, double):
  // 25673.33937, 6862777.493, 530987.5516 (published_formulas.h).
  // F2: sqrt(100) * 8 + 25673.33937 * 3.
  EXPECT_NEAR(ScoreOf("f2", f), 80 + 25673.33937 * 3, 1e-4);
  // F3: 100 * 8 + 6862777.493 * 3.
  EXPECT_NEAR(ScoreOf("f3", f), 800 + 6862777.493 * 3, 1e-2);
  // F4: 100 * sqrt(8) + 530987.5516 * 3.
  EXPECT_NEAR(ScoreOf("f4", f), 100 * std::sqrt(8.0) + 530987.5516 * 3, 1e-3);
}

TEST(Policy, Log10GuardKeepsScoresFinite) {
  // r = 0 (a window's first job) and p = 0 (a zero-length job) score like 1 s.
  for (const char* name : {"f1", "f2", "f3", "f4", "wfp3"}) {
    const double s0 = ScoreOf(name, F(0, 4, 0, 0));
    const double s1 = ScoreOf(name, F(1, 4, 1, 0));
    EXPECT_TRUE(std::isfinite(s0)) << name;
    const std::string n = name;
    if (n == "f1" || n == "wfp3") {
      EXPECT_EQ(s0, s1) << name;  // only guarded terms there
    }
  }
  EXPECT_LT(ScoreOf("f1", F(10, 4, 0, 0)), ScoreOf("f1", F(10, 4, 2, 0)));
}

TEST(Policy, UnicefSerialJobsFirst) {
  // log2(1 + 1e-20) == 0: a serial job's UNICEF value is +inf, as in the artifact.
  EXPECT_EQ(ScoreOf("unicef", F(100, 1, 0, 0)), -std::numeric_limits<double>::infinity());
  EXPECT_FALSE(std::isnan(ScoreOf("unicef", F(100, 1, 0, 0))));
}

TEST(Policy, TimeDependence) {
  for (const auto& name : BuiltinPolicyNames()) {
    auto p = MakePolicy(name);
    ASSERT_TRUE(p.ok()) << name;
    EXPECT_EQ((*p)->Name(), name);
    EXPECT_EQ((*p)->TimeDependent(), name == "wfp3" || name == "unicef") << name;
  }
}

TEST(Policy, ExprMatchesBuiltinF1) {
  auto expr = MakePolicy("expr:log10(p)*q + 870.96*log10(r)");
  ASSERT_TRUE(expr.ok()) << expr.status().ToString();
  EXPECT_FALSE((*expr)->TimeDependent());
  std::vector<JobFeatures> jobs = {F(100, 8, 1000, 0), F(7, 3, 55, 0), F(3600, 64, 86400, 0)};
  std::vector<double> a(3), b(3);
  (*expr)->Score(jobs, a);
  auto f1 = MakePolicy("f1");
  (*f1)->Score(jobs, b);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(a[i], b[i], 1e-9 * std::abs(b[i]));
}

TEST(Policy, ExprSeesJobFieldsAndAge) {
  auto expr = MakePolicy("expr:-age + user * 1000 + req_time");
  ASSERT_TRUE(expr.ok()) << expr.status().ToString();
  EXPECT_TRUE((*expr)->TimeDependent());
  workload::Job job = testing::MakeJob(7, 0, 50, 2, 60, /*user=*/3);
  JobFeatures f = F(50, 2, 0, 10);
  f.job = &job;
  double s = 0;
  (*expr)->Score(std::span<const JobFeatures>(&f, 1), std::span<double>(&s, 1));
  EXPECT_DOUBLE_EQ(s, -10 + 3000 + 60);
  EXPECT_EQ((*expr)->Name(), "expr:-age + user * 1000 + req_time");
}

TEST(Policy, BadSpecsAreInputErrors) {
  auto unknown = MakePolicy("fifo");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(unknown.status().message().find("fcfs"), std::string::npos);
  auto bad = MakePolicy("expr:p*(q");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidInput);
  auto unknown_var = MakePolicy("expr:p*banana");
  ASSERT_FALSE(unknown_var.ok());
  EXPECT_NE(unknown_var.status().message().find("banana"), std::string::npos);
  EXPECT_FALSE(MakePolicy("expr:").ok());
}

class ConstantPolicy : public Policy {
 public:
  explicit ConstantPolicy(double v) : v_(v) {}
  std::string Name() const override { return "const:" + std::to_string(v_); }
  bool TimeDependent() const override { return false; }
  void Score(std::span<const JobFeatures> jobs, std::span<double> scores) override {
    for (size_t i = 0; i < jobs.size(); ++i) scores[i] = v_;
  }

 private:
  double v_;
};

TEST(Policy, PluginSchemes) {
  EXPECT_FALSE(MakePolicy("const:1").ok());
  RegisterPolicyScheme("const", [](const std::string& arg) -> Result<std::unique_ptr<Policy>> {
    if (arg.empty()) return Status::InvalidInput("const: needs a value");
    return std::unique_ptr<Policy>(std::make_unique<ConstantPolicy>(std::stod(arg)));
  });
  auto p = MakePolicy("const:2.5");
  ASSERT_TRUE(p.ok());
  double s = 0;
  JobFeatures f;
  (*p)->Score(std::span<const JobFeatures>(&f, 1), std::span<double>(&s, 1));
  EXPECT_EQ(s, 2.5);
  EXPECT_FALSE(MakePolicy("const:").ok());
  // The registered scheme is listed in the error for unknown names.
  EXPECT_NE(MakePolicy("nope").status().message().find("const:<arg>"), std::string::npos);
}

// Regression (issue 11): muparser's && constant folding is undefined behaviour; refused before it.
TEST(FormulaPolicy, GuardsExpressionsBeforeMuparser) {
  for (const std::string& bad : {std::string("expr:1&&2"), std::string("expr:p||q"),
                                 std::string("expr:p\x1b[2J"), "expr:" + std::string(3000, '1')}) {
    auto p = MakePolicy(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), Status::Code::kInvalidInput);
  }
  EXPECT_TRUE(MakePolicy("expr:p*q + (r > 100 ? 1 : 0)").ok());
}

}  // namespace
}  // namespace airgrid::sched

namespace airgrid::sched {
namespace {

// A formula over an SwfExtra field (here `status`) reads it through the simulator when the
// workload keeps them, and -1 when it does not; ReadsSwfExtra says which formulas need them.
TEST(Policy, ExprReadsExtraSwfFieldsThroughTheSimulator) {
  EXPECT_TRUE((*MakePolicy("expr:status"))->ReadsSwfExtra());
  EXPECT_TRUE((*MakePolicy("expr:p + think_time"))->ReadsSwfExtra());
  EXPECT_FALSE((*MakePolicy("expr:p * q + req_time + user"))->ReadsSwfExtra());
  EXPECT_FALSE((*MakePolicy("f1"))->ReadsSwfExtra());
  // One processor, three jobs at t = 0 behind a running one: the order is the score's.
  workload::Workload w = testing::MakeWorkload(
      1, {testing::MakeJob(1, 0, 10, 1), testing::MakeJob(2, 1, 10, 1),
          testing::MakeJob(3, 1, 10, 1), testing::MakeJob(4, 1, 10, 1)});
  auto status = MakePolicy("expr:status");
  ASSERT_TRUE(status.ok());
  auto starts = [&]() {
    RunResult run = RunProtocol(w, **status, SimOptions{}, ProtocolOptions{}).value();
    std::vector<int64_t> ids;
    for (const JobRecord& r : run.jobs) ids.push_back(r.id);
    return ids;
  };
  EXPECT_EQ(starts(), (std::vector<int64_t>{1, 2, 3, 4}));  // no extra: all -1, submit order
  w.extra.resize(4);
  w.extra[1].status = 5;
  w.extra[2].status = 0;
  w.extra[3].status = 1;
  EXPECT_EQ(starts(), (std::vector<int64_t>{1, 3, 4, 2}));
}

}  // namespace
}  // namespace airgrid::sched
