// Invariants on a real trace, for every built-in policy, backfilling mode and timing: never
// more than M processors busy; no start before submit; every kept job runs exactly once, for
// its runtime (or its estimate when killed); with FCFS and jobs killed at their estimate,
// EASY never starts the head later than its first reservation and conservative backfilling no
// job at all. Always run on the shipped excerpt (testdata/, the first 3,000 jobs of SDSC-SP2,
// README there), and on every trace in ../shared/traces when it exists (skipped visibly
// otherwise). The first 3,000 jobs of each trace (filter "none") keep the test fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "airgrid/sched/protocol.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/swf.h"

namespace airgrid::sched {
namespace {

constexpr size_t kJobsPerTrace = 3000;

const std::string kExcerpt =
    std::string(AIRGRID_SOURCE_DIR) + "/testdata/SDSC-SP2-1998-4.2-cln.first3000.swf.gz";
const std::string kSharedTraces = std::string(AIRGRID_SHARED_DIR) + "/traces";

std::vector<std::string> TraceFiles() {
  std::vector<std::string> files = {kExcerpt};
  const std::filesystem::path dir = kSharedTraces;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.find("README") == std::string::npos) {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin() + 1, files.end());
  return files;
}

void CheckRun(const workload::Workload& w, const std::vector<JobRecord>& records,
              const SimOptions& opt, const std::string& what) {
  ASSERT_EQ(records.size(), w.jobs.size()) << what;
  std::map<int64_t, const workload::Job*> by_id;
  for (const auto& j : w.jobs) by_id[j.id] = &j;
  std::map<int64_t, int> seen;
  std::vector<std::pair<int64_t, int64_t>> events;  // (time, +procs / -procs)
  for (const JobRecord& r : records) {
    ASSERT_EQ(++seen[r.id], 1) << what << ": job " << r.id << " ran twice";
    ASSERT_TRUE(by_id.count(r.id)) << what << ": unknown job " << r.id;
    const workload::Job& j = *by_id[r.id];
    ASSERT_GE(r.start, j.submit) << what << ": job " << r.id << " started before submit";
    const bool killed = opt.kill_at_estimate && j.runtime > j.estimate;
    ASSERT_EQ(r.end - r.start, killed ? j.estimate : j.runtime) << what << ": job " << r.id;
    ASSERT_EQ(r.killed, killed);
    ASSERT_EQ(r.procs, j.procs);
    events.push_back({r.start, j.procs});
    events.push_back({r.end, -j.procs});
  }
  // Ends before starts at the same instant.
  std::sort(events.begin(), events.end());
  int64_t busy = 0;
  for (const auto& [t, d] : events) {
    busy += d;
    ASSERT_LE(busy, w.machine_procs) << what << ": more than M busy at t = " << t;
  }
}

class FirstReservation : public SimObserver {
 public:
  void OnReservation(int64_t job_id, int64_t reserved_start, int64_t now) override {
    first.emplace(job_id, std::max(reserved_start, now));
  }
  std::map<int64_t, int64_t> first;
};

class Invariants : public ::testing::TestWithParam<std::string> {};

TEST_P(Invariants, AllPoliciesAllBackfillModes) {
  const std::string path = GetParam();
  auto w = workload::ReadSwf(path);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  auto report = workload::ApplyFilter("none", *w);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  if (w->jobs.size() > kJobsPerTrace) w->jobs.resize(kJobsPerTrace);
  for (const std::string& name : BuiltinPolicyNames()) {
    for (Backfill bf : {Backfill::kNone, Backfill::kEasy, Backfill::kConservative}) {
      for (Estimates est : {Estimates::kActual, Estimates::kRequested}) {
        SimOptions opt;
        opt.backfill = bf;
        opt.estimates = est;
        // Both timings, alternating over the grid to keep the test fast.
        opt.timing = (static_cast<int>(bf) + static_cast<int>(est)) % 2
                         ? SimOptions::Timing::kSc17Artifact
                         : SimOptions::Timing::kExact;
        opt.lookahead = (bf == Backfill::kConservative) ? 32 : 0;
        auto policy = MakePolicy(name);
        Simulator sim(opt);
        SimInput in;
        in.machine_procs = w->machine_procs;
        in.jobs = w->jobs;
        std::vector<JobRecord> records;
        DecisionCost cost;
        ASSERT_TRUE(sim.Run(in, **policy, &records, &cost).ok());
        CheckRun(*w, records, opt,
                 path + " " + name + " " + std::string(BackfillName(bf)) + " " +
                     std::string(EstimatesName(est)) + " " +
                     std::string(TimingName(opt.timing)));
      }
    }
  }
}

TEST_P(Invariants, HeadNeverStartsAfterItsReservation) {
  auto w = workload::ReadSwf(GetParam());
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(workload::ApplyFilter("none", *w).ok());
  if (w->jobs.size() > kJobsPerTrace) w->jobs.resize(kJobsPerTrace);
  for (Backfill bf : {Backfill::kEasy, Backfill::kConservative}) {
   for (SimOptions::Timing timing : {SimOptions::Timing::kExact, SimOptions::Timing::kSc17Artifact}) {
    SimOptions opt;
    opt.backfill = bf;
    opt.timing = timing;
    opt.kill_at_estimate = true;  // estimates are then upper bounds, as the guarantee needs
    auto policy = MakePolicy("fcfs");
    FirstReservation observer;
    Simulator sim(opt);
    sim.set_observer(&observer);
    SimInput in;
    in.machine_procs = w->machine_procs;
    in.jobs = w->jobs;
    std::vector<JobRecord> records;
    DecisionCost cost;
    ASSERT_TRUE(sim.Run(in, **policy, &records, &cost).ok());
    CheckRun(*w, records, opt, GetParam());
    EXPECT_GT(observer.first.size(), 0u);
    for (const JobRecord& r : records) {
      auto it = observer.first.find(r.id);
      if (it == observer.first.end()) continue;
      ASSERT_LE(r.start, it->second) << GetParam() << " " << BackfillName(bf) << " "
                                     << TimingName(timing) << ": job " << r.id
                                     << " started after its reservation";
    }
   }
  }
}

// The full-trace variants need ../shared; say so instead of running fewer cases silently.
TEST(InvariantsSharedTraces, Available) {
  if (!std::filesystem::exists(kSharedTraces)) {
    GTEST_SKIP() << kSharedTraces << " not found: invariants ran on the shipped excerpt only";
  }
  EXPECT_GT(TraceFiles().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Traces, Invariants, ::testing::ValuesIn(TraceFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = std::filesystem::path(info.param).filename();
                           for (char& c : n) if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace airgrid::sched
