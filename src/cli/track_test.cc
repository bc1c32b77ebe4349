// End-to-end tests of `airgrid track` on this machine.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

using airgrid::cli::testing::Outcome;

class TrackCli : public airgrid::cli::testing::CliTest {
 protected:
  TrackCli() : CliTest("track") {}
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  nlohmann::json Json(const std::string& name) const {
    std::ifstream in(Path(name));
    return nlohmann::json::parse(in);
  }
};

TEST_F(TrackCli, SleepOneSecondHasAboutZeroShare) {
  Outcome r = Run("--json " + Path("s.json") + " -- sleep 1");
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  nlohmann::json j = Json("s.json");
  EXPECT_TRUE(j.contains("airgrid_version"));
  EXPECT_TRUE(j.contains("command_line"));
  const auto& t = j["total"];
  EXPECT_GE(t["duration_s"].get<double>(), 0.99);
  EXPECT_LT(t["duration_s"].get<double>(), 3.0);  // shared CI machines are slow to fork
  EXPECT_LT(t["attribution"]["tracked_cpu_s"].get<double>(), 0.05);
  EXPECT_LE(t["energy"]["cpu_j"].get<double>(), t["energy"]["machine_j"].get<double>());
  EXPECT_FALSE(t["energy"]["cpu_method"].get<std::string>().empty());
  EXPECT_EQ(t["carbon"]["method"], "world-default");
  EXPECT_EQ(t["carbon"]["pue"], 1.0);
  EXPECT_GE(t["sources"].size(), 3u);  // each family, used or not, with a reason
  EXPECT_NE(r.Text().find("PUE 1.00"), std::string::npos) << r.Text();
  EXPECT_NE(r.Text().find("sensor"), std::string::npos) << r.Text();
}

TEST_F(TrackCli, CpuBoundCommandGetsTheCpuShare) {
  // A fixed amount of CPU work (a few tenths of a CPU second), whatever else runs on the machine.
  Outcome r = Run("--country FR --interval 0.1 --json " + Path("c.json") + " --csv " + Path("c.csv") +
                  " -- sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'");
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  const auto t = Json("c.json")["total"];
  const double cpu_s = t["attribution"]["tracked_cpu_s"].get<double>();
  const double busy_s = t["attribution"]["machine_busy_cpu_s"].get<double>();
  const double share = t["attribution"]["share"].get<double>();
  EXPECT_GT(cpu_s, 0.1) << r.Text();
  EXPECT_NEAR(share, std::min(1.0, cpu_s / busy_s), 1e-9);
  double machine_cpu_j = 0;
  for (const auto& c : t["components"])
    if (c["component"] == "cpu") machine_cpu_j += c["machine_j"].get<double>();
  EXPECT_GT(t["energy"]["cpu_j"].get<double>(), 0.0);
  EXPECT_NEAR(t["energy"]["cpu_j"].get<double>(), machine_cpu_j * share, 1e-6 * machine_cpu_j + 1e-12);
  EXPECT_EQ(t["carbon"]["region"], "FRA");
  EXPECT_GT(t["carbon"]["emissions_kg"].get<double>(), 0.0);
  std::ifstream csv(Path("c.csv"));
  std::string header, row, extra;
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_EQ(header.rfind("timestamp,project_name,run_id,experiment_id,duration,emissions", 0), 0u);
  EXPECT_NE(row.find(",FRA,"), std::string::npos);
  EXPECT_NE(row.find(",process,"), std::string::npos);
  EXPECT_FALSE(std::getline(csv, extra));
  // A second run appends a row without a second header.
  ASSERT_EQ(Run("--quiet --csv " + Path("c.csv") + " -- true").exit_code, 0);
  std::ifstream again(Path("c.csv"));
  int lines = 0;
  for (std::string l; std::getline(again, l);) ++lines;
  EXPECT_EQ(lines, 3);
}

TEST_F(TrackCli, SleepPaysForItsMemoryInProcessModeAndTheIdleDrawInMachineMode) {
  ASSERT_EQ(Run("--quiet --interval 0.5 --json " + Path("p.json") + " -- sleep 2").exit_code, 0);
  ASSERT_EQ(Run("--quiet --interval 0.5 --attribution machine --json " + Path("m.json") + " -- sleep 2").exit_code, 0);
  const auto p = Json("p.json")["total"];
  const auto m = Json("m.json")["total"];
  EXPECT_EQ(p["attribution"]["mode"], "process");
  EXPECT_GT(p["energy"]["ram_j"].get<double>(), 0.0) << p.dump(1);
  EXPECT_GT(p["attribution"]["tracked_memory_gb"].get<double>(), 0.0);
  EXPECT_EQ(m["attribution"]["mode"], "machine");
  EXPECT_EQ(m["attribution"]["share"], 1.0);
  // Machine mode charges the whole machine: every channel in full, idle included.
  EXPECT_NEAR(m["energy"]["total_j"].get<double>(), m["energy"]["machine_j"].get<double>(), 1e-9);
  EXPECT_GT(m["energy"]["total_j"].get<double>(), 10 * p["energy"]["total_j"].get<double>());
}

TEST_F(TrackCli, CsvWithAnotherHeaderIsRefusedBeforeRunning) {
  const std::string foreign = "timestamp,project_name,run_id,duration,emissions\n2024-01-01T00:00:00,x,1,2,3\n";
  std::ofstream(Path("e.csv")) << foreign;
  Outcome r = Run("--quiet --csv " + Path("e.csv") + " -- touch " + Path("ran"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.Text().find("e.csv: line 1: header differs from CodeCarbon 3.3.0 emissions.csv"), std::string::npos) << r.Text();
  EXPECT_FALSE(std::filesystem::exists(Path("ran")));
  std::ifstream in(Path("e.csv"));
  std::stringstream now;
  now << in.rdbuf();
  EXPECT_EQ(now.str(), foreign);
}

TEST_F(TrackCli, ExitCodesPassThrough) {
  EXPECT_EQ(Run("--quiet -- sh -c 'exit 3'").exit_code, 3);
  EXPECT_EQ(Run("--quiet -- sh -c 'kill -KILL $$'").exit_code, 128 + 9);
  Outcome missing = Run("--quiet -- /nonexistent/program");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.Text().find("airgrid: error: cannot run '/nonexistent/program'"), std::string::npos) << missing.Text();
}

TEST_F(TrackCli, BadOptionsNameTheProblem) {
  Outcome r = Run("--country XX -- true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.Text().find("country 'XX'"), std::string::npos) << r.Text();
  r = Run("--pue 0.5 -- true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.Text().find("--pue"), std::string::npos) << r.Text();
  std::ofstream(Path("bad.csv")) << "timestamp,g_per_kwh\nnot-a-time,5\n";
  r = Run("--carbon-series " + Path("bad.csv") + " --json " + Path("x.json") + " -- true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.Text().find("bad.csv: line 2: field timestamp"), std::string::npos) << r.Text();
  EXPECT_FALSE(std::filesystem::exists(Path("x.json")));
}

TEST_F(TrackCli, SigtermIsForwardedAndTheRecordStillWritten) {
  const std::string cmd = std::string(AIRGRID_BIN) + " track --quiet --json " + Path("t.json") + " -- sleep 30";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  nlohmann::json j = Json("t.json");
  EXPECT_EQ(j["exit_code"], 128 + SIGTERM);
  EXPECT_EQ(j["signals_forwarded"], 1);
  EXPECT_LT(j["total"]["duration_s"].get<double>(), 5.0);
}

TEST_F(TrackCli, PhaseFileStartsPhases) {
  const std::string pf = Path("phases.txt");
  Outcome r = Run("--interval 0.05 --phase-file " + pf + " --json " + Path("p.json") +
                  " -- sh -c 'echo fit >> \"$AIRGRID_PHASE_FILE\"; sleep 0.3; echo evaluation >> " + pf + "; sleep 0.3'");
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  nlohmann::json j = Json("p.json");
  ASSERT_EQ(j["phases"].size(), 3u) << j.dump(1);
  EXPECT_EQ(j["phases"][0]["phase"], "start");
  EXPECT_EQ(j["phases"][1]["phase"], "fit");
  EXPECT_EQ(j["phases"][2]["phase"], "evaluation");
  EXPECT_GE(j["phases"][1]["duration_s"].get<double>(), 0.25);
  EXPECT_LT(j["phases"][1]["duration_s"].get<double>(), 1.5);
  double sum = 0;
  for (const auto& p : j["phases"]) sum += p["duration_s"].get<double>();
  EXPECT_NEAR(sum, j["total"]["duration_s"].get<double>(), 0.1);
}

// `--phase data:storage` names the run's life-cycle phase in the record (docs/formats.md).
TEST_F(TrackCli, PhaseNamesTheLifeCyclePhaseOfTheRecord) {
  Outcome r = Run("--quiet --interval 0.05 --phase data:storage --json " + Path("d.json") + " -- true");
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  nlohmann::json j = Json("d.json");
  EXPECT_EQ(j["lifecycle_phase"], "data:storage");
  EXPECT_EQ(j["total"]["phase"], "data:storage");
  r = Run("--quiet --phase data:stroage --json " + Path("e.json") + " -- true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.Text().find("collection, transport, storage, processing"), std::string::npos) << r.Text();
  EXPECT_FALSE(std::filesystem::exists(Path("e.json")));
  EXPECT_EQ(Run("--quiet --phase 'a b' -- true").exit_code, 2);
}

TEST_F(TrackCli, OrphansAreInTheTree) {
  // The CPU work happens in a grandchild whose parent exits at once (an orphan, reparented to
  // airgrid as subreaper); the tracked command itself only waits for the orphan's DONE file.
  const std::string done = Path("done");
  std::ofstream(Path("orphan.sh")) << "(sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; touch " << done
                                   << "' &)\nwhile [ ! -e " << done << " ]; do sleep 0.05; done\n";
  Outcome r = Run("--json " + Path("o.json") + " -- sh " + Path("orphan.sh"));
  ASSERT_EQ(r.exit_code, 0) << r.Text();
  const auto t = Json("o.json")["total"];
  EXPECT_GT(t["attribution"]["tracked_cpu_s"].get<double>(), 0.1) << t.dump(1);
}

}  // namespace
