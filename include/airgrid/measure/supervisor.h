// Supervised tracking of a command: the process handling and the carbon setup behind
// `airgrid track`, so that the CLI keeps only options and printing and tests can fake the child.
//
// Contract
// - ChildProcess is the edge to the operating system: Start() runs the command, WaitFor(s) waits
//   at most s seconds and says whether it ended (with its exit code). PosixChildProcess makes the
//   caller a child subreaper (orphans stay in the tree the CPU probe walks), blocks SIGCHLD,
//   SIGINT, SIGTERM and SIGHUP and takes them with sigtimedwait, so the child's exit is seen at
//   once; signals sent to the supervisor with kill(2) are forwarded to the child (a terminal's
//   Ctrl-C already reaches the child's process group and is not sent twice). The exit code is the
//   child's, or 128+signal if it was killed. The signal mask is restored by its destructor.
// - Supervise() starts the tracker, starts the child, reads the phase file every tick (names
//   appended one per line; consecutive phases tile the run: phase "start" until the first name),
//   and returns the whole-run record and the phase records. It never writes a file.
// - CarbonFromOptions() turns the user's carbon options into CarbonSettings, with errors
//   (InvalidInput) naming the option and file.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/measure/carbon.h"
#include "airgrid/measure/tracker.h"

namespace airgrid::measure {

class ChildProcess {
 public:
  virtual ~ChildProcess() = default;
  // Runs `command` (argv[0] looked up in PATH). InvalidInput "cannot run 'X': why" on failure.
  virtual Status Start(const std::vector<std::string>& command) = 0;
  // Waits up to `seconds`; true when the child has ended, with `*exit_code` set.
  virtual bool WaitFor(double seconds, int* exit_code) = 0;
  virtual int signals_forwarded() const { return 0; }
  // The last terminating signal sent to the supervisor (0: none); the record says so.
  virtual int interrupted_by() const { return 0; }
};

class PosixChildProcess : public ChildProcess {
 public:
  PosixChildProcess();   // subreaper + blocked signals
  ~PosixChildProcess() override;  // restores the signal mask
  Status Start(const std::vector<std::string>& command) override;
  bool WaitFor(double seconds, int* exit_code) override;
  int signals_forwarded() const override { return forwarded_; }
  int interrupted_by() const override { return interrupted_by_; }

 private:
  sigset_t wait_set_, original_;
  pid_t child_ = -1;
  int forwarded_ = 0;
  int interrupted_by_ = 0;
};

// New complete lines appended to a phase file since the last call (content present when the
// reader was made is not ours; a truncated file is read again from the start).
class PhaseFileReader {
 public:
  explicit PhaseFileReader(std::string path);
  std::vector<std::string> NewPhases();

 private:
  std::string path_;
  off_t offset_ = 0;
};

struct SuperviseOptions {
  std::vector<std::string> command;
  std::string phase_file;  // empty = no phases
  double tick_s = 0.25;    // how often the phase file is read
};

struct SupervisedRun {
  int exit_code = 0;
  int signals_forwarded = 0;
  int interrupted_by = 0;          // terminating signal received by the supervisor, 0 if none
  EnergyRecord total;
  std::vector<EnergyRecord> phases;  // empty without a phase file
};

// Runs `child` under `tracker` (not yet started). Errors: the tracker's, or the child's Start().
Result<SupervisedRun> Supervise(Tracker& tracker, ChildProcess& child, const SuperviseOptions& options);

// The user's carbon options, as given on the command line (files by path).
struct CarbonOptions {
  std::string country;             // ISO-3/ISO-2; empty = world average
  double carbon_intensity = -1;    // g/kWh; < 0 = not given
  double carbon_intensity_uncertainty = 0;  // g/kWh, absolute; of whichever intensity is used
  std::string carbon_series;       // CSV path
  std::string carbon_table;        // CSV path replacing the built-in table
  std::string embodied_table;      // CSV path replacing the built-in table
  std::vector<std::string> embodied;  // device names
  double pue = 1.0;
};
Result<CarbonSettings> CarbonFromOptions(const CarbonOptions& options);

}  // namespace airgrid::measure
