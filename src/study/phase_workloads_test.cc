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

}  // namespace
}  // namespace airgrid::study
