#include "airgrid/sched/cluster_energy.h"

#include <cmath>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "airgrid/sched/policy.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/workload/lublin.h"

namespace airgrid::sched {
namespace {

JobRecord Rec(int64_t id, int64_t submit, int64_t start, int64_t end, int32_t procs,
              int32_t window = 0) {
  JobRecord r;
  r.id = id;
  r.submit = submit;
  r.start = start;
  r.end = end;
  r.procs = procs;
  r.runtime = end - start;
  r.estimate = r.runtime;
  r.window = window;
  return r;
}

// A made-up model with round numbers, so that every figure below is worked out by hand.
PowerModel RoundModel() {
  PowerModel m;
  m.name = "round";
  m.idle_w = 10;
  m.busy_w = 100;
  m.off_w = 1;
  m.shutdown_s = 10;
  m.shutdown_j = 500;
  m.boot_s = 20;
  m.boot_j = 1000;
  m.uncertainty = 0.2;
  return m;
}

// Two processors; job 1 holds one from 0 to 100, job 2 both from 400 to 500. Horizon [0, 500].
RunResult TwoJobs() {
  RunResult run;
  run.policy = "fcfs";
  run.protocol = "trace";
  run.machine_procs = 2;
  run.jobs = {Rec(1, 0, 0, 100, 1), Rec(2, 0, 400, 500, 2)};
  return run;
}

TEST(ClusterEnergyTest, TwoJobsWithoutPowerOff) {
  const ClusterEnergy e = *ComputeClusterEnergy(TwoJobs(), RoundModel());
  EXPECT_DOUBLE_EQ(e.horizon_s, 500);
  EXPECT_DOUBLE_EQ(e.busy_proc_s, 100 + 2 * 100);   // 300 processor-seconds
  EXPECT_DOUBLE_EQ(e.idle_proc_s, 2 * 500 - 300);   // 700
  EXPECT_DOUBLE_EQ(e.busy_j, 300 * 100.0);          // 30 kJ
  EXPECT_DOUBLE_EQ(e.idle_j, 700 * 10.0);           // 7 kJ
  EXPECT_DOUBLE_EQ(e.total_j, 37000);
  EXPECT_DOUBLE_EQ(e.per_job_j, 18500);
  EXPECT_EQ(e.shutdowns, 0);
  EXPECT_DOUBLE_EQ(e.Low(e.total_j), 37000 * 0.8);
  EXPECT_DOUBLE_EQ(e.High(e.total_j), 37000 * 1.2);
}

TEST(ClusterEnergyTest, TwoJobsWithPowerOff) {
  // Node gaps: node A idle 100..400 (300 s), node B idle 0..400 (400 s); timeout 50 s.
  // A gap g >= 50 + 10 + 20 = 80 s costs 50·10 + 500 + (g − 80)·1 + 1000 J:
  //   300 s -> 500 + 500 + 220 + 1000 = 2220 J; 400 s -> 2320 J.
  const ClusterEnergy e = *ComputeClusterEnergy(TwoJobs(), RoundModel(), PowerOff{true, 50});
  EXPECT_DOUBLE_EQ(e.busy_j, 30000);
  EXPECT_DOUBLE_EQ(e.idle_j, 2220 + 2320);
  EXPECT_DOUBLE_EQ(e.total_j, 34540);
  EXPECT_EQ(e.shutdowns, 2);
  EXPECT_DOUBLE_EQ(e.off_proc_s, 220 + 320);
  EXPECT_DOUBLE_EQ(e.idle_proc_s, 700);
}

TEST(ClusterEnergyTest, PowerOffCanCostMoreThanItSaves) {
  // Timeout 300 s: overhead 330 s. The 300 s gap stays idle (3000 J); the 400 s one costs
  // 3000 + 500 + 70·1 + 1000 = 4570 J: 7570 J in all, above the 7000 J of staying idle.
  const ClusterEnergy e = *ComputeClusterEnergy(TwoJobs(), RoundModel(), PowerOff{true, 300});
  EXPECT_DOUBLE_EQ(e.idle_j, 3000 + 4570);
  EXPECT_EQ(e.shutdowns, 1);
}

TEST(ClusterEnergyTest, WindowsAreSeparateSimulations) {
  RunResult run = TwoJobs();
  run.windows = 2;
  // The same two jobs again as window 1, 10000 s later: every figure doubles.
  run.jobs.push_back(Rec(3, 10000, 10000, 10100, 1, 1));
  run.jobs.push_back(Rec(4, 10000, 10400, 10500, 2, 1));
  const ClusterEnergy e = *ComputeClusterEnergy(run, RoundModel());
  EXPECT_DOUBLE_EQ(e.horizon_s, 1000);
  EXPECT_DOUBLE_EQ(e.total_j, 2 * 37000);
  EXPECT_EQ(e.jobs, 4);
  ASSERT_EQ(e.per_window.size(), 2u);
  EXPECT_EQ(e.per_window[1].window, 1);
  EXPECT_DOUBLE_EQ(e.per_window[1].horizon_s, 500);
  EXPECT_DOUBLE_EQ(e.per_window[1].submit_span_s, 0);
  EXPECT_DOUBLE_EQ(e.per_window[1].busy_j + e.per_window[1].idle_j, 37000);
}

TEST(ClusterEnergyTest, RecordsOverflowingTheMachineAreAnInternalError) {
  RunResult run = TwoJobs();
  run.jobs.push_back(Rec(3, 0, 450, 460, 1));  // a third processor while job 2 holds both
  const Result<ClusterEnergy> e = ComputeClusterEnergy(run, RoundModel());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kInternal);
  EXPECT_NE(e.status().message().find("job 3"), std::string::npos);
}

TEST(ClusterEnergyTest, PowerOffNeedsAModelThatStatesIt) {
  const Result<PowerModel> r640 = ResolvePowerModel("dell-poweredge-r640");
  ASSERT_TRUE(r640.ok()) << r640.status().message();
  EXPECT_FALSE(r640->CanPowerOff());
  const Result<ClusterEnergy> e = ComputeClusterEnergy(TwoJobs(), *r640, PowerOff{true, 60});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(e.status().message().find("off_w"), std::string::npos);
  const Result<ClusterEnergy> neg = ComputeClusterEnergy(TwoJobs(), RoundModel(), PowerOff{true, -1});
  EXPECT_FALSE(neg.ok());
}

TEST(ClusterEnergyTest, Co2eqArithmetic) {
  // 3.6 MJ = 1 kWh; at 480 g/kWh and PUE 1.5: 0.72 kg.
  EXPECT_DOUBLE_EQ(KgCo2eq(3.6e6, 480, 1.5), 0.72);
  const nlohmann::json j = ToJson(*ComputeClusterEnergy(TwoJobs(), RoundModel()), 480, 1.5);
  EXPECT_DOUBLE_EQ(j["co2eq_kg"]["value"].get<double>(), KgCo2eq(37000, 480, 1.5));
  EXPECT_EQ(j["method"], "modelled");
}

// Property: on one workload, every policy and configuration runs the same jobs for the same
// time, so busy energy is identical; total = busy + idle; busy + idle processor-seconds fill
// the horizon.
TEST(ClusterEnergyTest, BusyEnergyIsTheSameForEveryPolicy) {
  workload::LublinOptions lo;
  lo.procs = 64;
  lo.jobs = 600;
  lo.seed = 7;
  const workload::Workload w = *workload::GenerateLublin(lo);
  const PowerModel taurus = *ResolvePowerModel("g5k-taurus");
  double busy = -1;
  for (const char* spec : {"fcfs", "spt", "f1", "wfp3"}) {
    for (Backfill b : {Backfill::kNone, Backfill::kEasy}) {
      auto policy = std::move(MakePolicy(spec)).value();
      SimOptions sim;
      sim.backfill = b;
      const RunResult run = *RunProtocol(w, *policy, sim, ProtocolOptions{});
      for (const PowerOff off : {PowerOff{}, PowerOff{true, 600}}) {
        const ClusterEnergy e = *ComputeClusterEnergy(run, taurus, off);
        EXPECT_DOUBLE_EQ(e.total_j, e.busy_j + e.idle_j) << spec;
        EXPECT_NEAR(e.busy_proc_s + e.idle_proc_s, 64 * e.horizon_s, 1e-6 * e.horizon_s);
        EXPECT_GE(e.idle_j, 0);
        if (off.enabled) {
          EXPECT_GE(e.idle_proc_s, e.off_proc_s);
        }
        if (busy < 0) busy = e.busy_j;
        EXPECT_NEAR(e.busy_j, busy, 1e-9 * busy) << spec << " " << BackfillName(b);
      }
    }
  }
  EXPECT_GT(busy, 0);
}

// Property over windows (sequences): power-off leaves busy energy and the horizon alone, and
// its idle energy decomposes into idling, switching and off time.
TEST(ClusterEnergyTest, PowerOffKeepsBusyEnergyAndDecomposesIdleEnergy) {
  workload::LublinOptions lo;
  lo.procs = 32;
  lo.jobs = 400;
  lo.seed = 3;
  const workload::Workload w = *workload::GenerateLublin(lo);
  auto fcfs = std::move(MakePolicy("fcfs")).value();
  ProtocolOptions p;
  p.kind = ProtocolOptions::Kind::kSequences;
  p.sequences = 4;
  p.length = 50;
  const RunResult run = *RunProtocol(w, *fcfs, SimOptions{}, p);
  const PowerModel taurus = *ResolvePowerModel("g5k-taurus");
  const ClusterEnergy on = *ComputeClusterEnergy(run, taurus);
  const ClusterEnergy off = *ComputeClusterEnergy(run, taurus, PowerOff{true, 0});
  EXPECT_DOUBLE_EQ(on.busy_j, off.busy_j);
  EXPECT_DOUBLE_EQ(on.horizon_s, off.horizon_s);
  EXPECT_GT(off.shutdowns, 0);
  // idle energy = idle_w · (time on and idle) + shutdowns · (shutdown_j + boot_j) + off_w · off time.
  const double on_s = off.idle_proc_s - off.off_proc_s -
                      off.shutdowns * (taurus.shutdown_s + taurus.boot_s);
  EXPECT_NEAR(off.idle_j,
              on_s * taurus.idle_w + off.shutdowns * (taurus.shutdown_j + taurus.boot_j) +
                  off.off_proc_s * taurus.off_w,
              1e-6 * off.idle_j);
}

}  // namespace
}  // namespace airgrid::sched
