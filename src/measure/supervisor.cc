#include "airgrid/measure/supervisor.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/signals.h"

namespace airgrid::measure {

namespace {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

Result<std::string> ReadOption(const std::string& path, const char* option) {
  auto text = ReadFile(path);
  if (!text.ok()) return Status::InvalidInput(std::string(option) + " " + path + ": " + text.status().message());
  return text;
}

}  // namespace

PosixChildProcess::PosixChildProcess() {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  // SIGCHLD and every catchable terminating signal (SIGPIPE too, taken and dropped: the
  // tracker must outlive a closed pipe to write its record).
  wait_set_ = SupervisorSignalSet();
  sigprocmask(SIG_BLOCK, &wait_set_, &original_);
}

PosixChildProcess::~PosixChildProcess() { sigprocmask(SIG_SETMASK, &original_, nullptr); }

// Forks and execs with the original signal mask; exec's error comes back through a
// close-on-exec pipe, so "cannot run" is reported before any tracking result.
Status PosixChildProcess::Start(const std::vector<std::string>& command) {
  if (command.empty()) return Status::InvalidInput("no command given");
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  std::vector<char*> argv;
  for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return Status::Internal(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(pipefd[0]);
    if (!ArmParentDeathSignal(parent)) _exit(128 + SIGTERM);  // never left unsupervised
    sigprocmask(SIG_SETMASK, &original_, nullptr);
    execvp(argv[0], argv.data());
    int err = errno;
    (void)!::write(pipefd[1], &err, sizeof err);
    _exit(err == ENOENT ? 127 : 126);
  }
  ::close(pipefd[1]);
  int err = 0;
  ssize_t n = ::read(pipefd[0], &err, sizeof err);
  ::close(pipefd[0]);
  if (n == static_cast<ssize_t>(sizeof err)) {
    waitpid(pid, nullptr, 0);
    return Status::InvalidInput("cannot run '" + command[0] + "': " + std::strerror(err));
  }
  child_ = pid;
  return Status::Ok();
}

bool PosixChildProcess::WaitFor(double seconds, int* exit_code) {
  timespec ts{static_cast<time_t>(seconds), static_cast<long>((seconds - std::floor(seconds)) * 1e9)};
  siginfo_t info;
  int sig = sigtimedwait(&wait_set_, &info, &ts);
  if (IsForwardedSignal(sig)) {
    interrupted_by_ = sig;
    if (info.si_code != SI_KERNEL) {  // tty signals already reach the child's process group
      kill(child_, sig);
      ++forwarded_;
    }
  }
  // Reap everything that ended: the child, and orphans that were reparented to us.
  bool done = false;
  for (;;) {
    int st = 0;
    pid_t p = waitpid(-1, &st, WNOHANG);
    if (p <= 0) break;
    if (p == child_) {
      *exit_code = ExitCodeOf(st);
      done = true;
    }
  }
  return done;
}

PhaseFileReader::PhaseFileReader(std::string path) : path_(std::move(path)) {
  struct stat st;
  if (!path_.empty() && ::stat(path_.c_str(), &st) == 0) offset_ = st.st_size;
}

std::vector<std::string> PhaseFileReader::NewPhases() {
  std::vector<std::string> out;
  if (path_.empty()) return out;
  struct stat st;
  if (::stat(path_.c_str(), &st) != 0) return out;
  if (st.st_size < offset_) offset_ = 0;  // truncated by the program: start over
  if (st.st_size == offset_) return out;
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  std::string chunk(static_cast<size_t>(st.st_size - offset_), '\0');
  ssize_t n = ::pread(fd, chunk.data(), chunk.size(), offset_);
  ::close(fd);
  if (n <= 0) return out;
  chunk.resize(static_cast<size_t>(n));
  size_t start = 0;
  for (size_t nl; (nl = chunk.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string name = chunk.substr(start, nl - start);
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
    if (!name.empty()) out.push_back(name);
  }
  offset_ += static_cast<off_t>(start);  // a partial last line waits for its '\n'
  return out;
}

Result<SupervisedRun> Supervise(Tracker& tracker, ChildProcess& child, const SuperviseOptions& o) {
  if (o.command.empty()) return Status::InvalidInput("no command given: airgrid track [options] -- CMD ARGS");
  PhaseFileReader phase_reader(o.phase_file);
  if (Status st = tracker.Start(); !st.ok()) return st;
  PhaseMark phase = tracker.run_mark();
  phase.name = "start";
  if (Status st = child.Start(o.command); !st.ok()) {
    (void)tracker.Stop();
    return st;
  }
  SupervisedRun run;
  // Without a phase file there is nothing to poll: wake up only for signals and the exit.
  const double tick = o.phase_file.empty() ? 3600.0 : o.tick_s;
  bool done = false;
  while (!done) {
    done = child.WaitFor(tick, &run.exit_code);
    for (const std::string& name : phase_reader.NewPhases()) run.phases.push_back(tracker.Next(&phase, name));
  }
  EnergyRecord last_phase;
  Result<EnergyRecord> total = tracker.Stop(&phase, &last_phase);
  if (!total.ok()) return total.status();
  if (!o.phase_file.empty()) run.phases.push_back(last_phase);
  run.total = std::move(total).value();
  run.signals_forwarded = child.signals_forwarded();
  run.interrupted_by = child.interrupted_by();
  return run;
}

Result<CarbonSettings> CarbonFromOptions(const CarbonOptions& a) {
  if (!(a.pue >= 1.0) || !std::isfinite(a.pue))
    return Status::InvalidInput("--pue: expected a number >= 1, got " + std::to_string(a.pue));
  CarbonSettings c;
  c.pue = a.pue;
  CarbonTable table = CarbonTable::Builtin();
  if (!a.carbon_table.empty()) {
    auto text = ReadOption(a.carbon_table, "--carbon-table");
    if (!text.ok()) return text.status();
    auto parsed = CarbonTable::Parse(*text, a.carbon_table);
    if (!parsed.ok()) return parsed.status();
    table = std::move(parsed).value();
  }
  if (a.carbon_intensity >= 0) {
    c.factor = CarbonFactor{a.carbon_intensity, "user", 0, "--carbon-intensity", "user-value"};
    if (!a.country.empty()) {
      auto f = table.Lookup(a.country);
      if (!f.ok()) return f.status();
      c.factor.region = f->region;
    }
  } else if (!a.country.empty()) {
    auto f = table.Lookup(a.country);
    if (!f.ok()) return f.status();
    c.factor = *f;
  } else {
    c.factor = table.World();
  }
  if (!(a.carbon_intensity_uncertainty >= 0) || !std::isfinite(a.carbon_intensity_uncertainty))
    return Status::InvalidInput("--carbon-intensity-uncertainty: expected a number >= 0 (gCO2eq/kWh)");
  if (a.carbon_intensity_uncertainty > 0) c.factor.uncertainty_g_per_kwh = a.carbon_intensity_uncertainty;
  if (!a.carbon_series.empty()) {
    auto text = ReadOption(a.carbon_series, "--carbon-series");
    if (!text.ok()) return text.status();
    auto series = IntensitySeries::Parse(*text, a.carbon_series);
    if (!series.ok()) return series.status();
    c.series = std::move(series).value();
    c.series_origin = a.carbon_series;
  }
  std::vector<EmbodiedItem> items = BuiltinEmbodied();
  if (!a.embodied_table.empty()) {
    auto text = ReadOption(a.embodied_table, "--embodied-table");
    if (!text.ok()) return text.status();
    auto parsed = ParseEmbodied(*text, a.embodied_table);
    if (!parsed.ok()) return parsed.status();
    items = std::move(parsed).value();
  }
  for (const std::string& d : a.embodied) {
    auto e = FindEmbodied(items, d);
    if (!e.ok()) return e.status();
    c.embodied.push_back(*e);
  }
  return c;
}

}  // namespace airgrid::measure
