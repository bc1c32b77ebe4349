#include "study/phase_workloads.h"

#include <gtest/gtest.h>

#include <fstream>

#include "study/test_util.h"

namespace airgrid::study {
namespace {

using testing::TestContext;

TEST(WorkloadsPhase, GeneratesTrainingAndEvaluationPartsWithTheirSeeds) {
  TestContext t;
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->train.jobs.size(), 3000u);
  EXPECT_EQ(w->eval.jobs.size(), 3500u);
  EXPECT_EQ(w->eval_description, "Lublin-Feitelson model (typeless), 256 processors, 3500 jobs, seed 2");
  EXPECT_FALSE(w->eval_has_users);  // the model has no user ids
  EXPECT_NE(t.log.str().find("training part"), std::string::npos);
  // Different seeds: the two parts differ.
  EXPECT_NE(w->train.jobs[0].runtime, w->eval.jobs[0].runtime);
}

TEST(WorkloadsPhase, ReadsATraceWithUsersAndItsFilter) {
  TestContext t;
  const std::string trace = (t.dir() / "tiny.swf").string();
  std::ofstream(trace) << "; MaxProcs: 8\n"
                          "1 0 0 100 4 -1 -1 4 200 -1 1 7 -1 -1 -1 -1 -1 -1\n"
                          "2 10 0 50 2 -1 -1 2 60 -1 1 8 -1 -1 -1 -1 -1 -1\n";
  t.options.trace = trace;
  t.options.trace_filter = "none";
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->eval.jobs.size(), 2u);
  EXPECT_TRUE(w->eval_has_users);
  EXPECT_EQ(w->eval_description, trace + " (8 processors, filter none: 2 of 2 jobs kept)");
}

TEST(WorkloadsPhase, AMissingTraceIsNamed) {
  TestContext t;
  t.options.trace = (t.dir() / "absent.swf").string();
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("absent.swf"), std::string::npos) << w.status().message();
  EXPECT_EQ(w.status().ExitCode(), 2);
}

constexpr const char* kFourJobs =
    "; MaxProcs: 8\n"
    "1 0 0 100 4 -1 -1 4 200 -1 1 7 -1 -1 -1 -1 -1 -1\n"
    "2 10 0 50 2 -1 -1 2 60 -1 1 8 -1 -1 -1 -1 -1 -1\n"
    "3 20 0 70 2 -1 -1 2 80 -1 1 8 -1 -1 -1 -1 -1 -1\n"
    "4 30 0 30 1 -1 -1 1 90 -1 1 9 -1 -1 -1 -1 -1 -1\n";

TEST(WorkloadsPhase, TrainFractionSplitsATraceInTime) {
  TestContext t;
  const std::string trace = (t.dir() / "four.swf").string();
  std::ofstream(trace) << kFourJobs;
  t.options.train_workload = trace;
  t.options.train_fraction = 0.5;
  t.options.trace_filter = "none";
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_EQ(w->train.jobs.size(), 2u);
  ASSERT_EQ(w->eval.jobs.size(), 2u);
  EXPECT_EQ(w->train.jobs.back().id, 2);
  EXPECT_EQ(w->eval.jobs.front().id, 3);  // every evaluation job comes after the training jobs
  EXPECT_TRUE(w->eval_has_users);
  EXPECT_EQ(w->eval_inexact_estimates, 2);  // requested 80 and 90 s for 70 and 30 s
}

TEST(WorkloadsPhase, BadTrainFractionsAreRefusedNamingTheOption) {
  TestContext t;
  const std::string trace = (t.dir() / "four.swf").string();
  std::ofstream(trace) << kFourJobs;
  t.options.train_workload = trace;
  for (double f : {1.0, -0.2, 0.1}) {  // 0.1 of 4 jobs leaves no training job
    t.options.train_fraction = f;
    auto w = MakeWorkloads(t.options, t.log);
    ASSERT_FALSE(w.ok()) << f;
    EXPECT_EQ(w.status().ExitCode(), 2);
    EXPECT_NE(w.status().message().find("--train-fraction"), std::string::npos) << w.status().message();
  }
  t.options.train_workload = "lublin";
  t.options.train_fraction = 0.5;
  EXPECT_FALSE(MakeWorkloads(t.options, t.log).ok());
}

TEST(WorkloadsPhase, GeneratedEvaluationWithModelledEstimates) {
  TestContext t;
  auto plain = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->eval_inexact_estimates, 0);  // the report will say the configurations coincide
  t.options.eval_estimates = "tsafrir";
  auto w = MakeWorkloads(t.options, t.log);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_GT(w->eval_inexact_estimates, 0);
  EXPECT_NE(w->eval_description.find("Tsafrir"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::study
