// `airgrid track [options] -- CMD ARGS`: runs a command and reports the energy and CO2eq of its
// whole process tree (see include/airgrid/measure/tracker.h for the attribution rule).
//
// Process handling: airgrid makes itself a child subreaper, so every descendant, orphans included,
// stays in the tree it walks; SIGCHLD, SIGINT, SIGTERM and SIGHUP are blocked and taken with
// sigtimedwait, so the child's exit is seen at once (no polling latency) and signals sent to
// airgrid with kill(2) are forwarded to the child (a terminal's Ctrl-C already reaches the child
// through the foreground process group and is not sent twice). The exit code is the child's, or
// 128+signal if it was killed. Outputs are written atomically after the child has ended.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/measure/sources.h"
#include "airgrid/measure/tracker.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

using namespace airgrid::measure;

struct TrackArgs {
  std::vector<std::string> command;
  double interval = 1.0;
  std::string phase_file, json_path, csv_path, country, carbon_series, tdp_table, carbon_table, embodied_table;
  std::vector<std::string> embodied;
  double carbon_intensity = -1;
  double pue = 1.0;
  std::string project_name = "airgrid";
  std::string run_id;
  bool quiet = false;
};

std::string ReadOrThrow(const std::string& path, const char* what) {
  auto text = ReadFile(path);
  if (!text.ok()) throw InputError(std::string(what) + " " + path + ": " + text.status().message());
  return *text;
}

template <typename T>
T ValueOrThrow(Result<T> r) {
  if (!r.ok()) throw InputError(r.status().message());
  return std::move(r).value();
}

CarbonSettings CarbonFromArgs(const TrackArgs& a) {
  if (!(a.pue >= 1.0) || !std::isfinite(a.pue)) throw InputError(fmt::format("--pue: expected a number >= 1, got {}", a.pue));
  CarbonSettings c;
  c.pue = a.pue;
  CarbonTable table = a.carbon_table.empty()
                          ? CarbonTable::Builtin()
                          : ValueOrThrow(CarbonTable::Parse(ReadOrThrow(a.carbon_table, "--carbon-table"), a.carbon_table));
  if (a.carbon_intensity >= 0) {
    c.factor = CarbonFactor{a.carbon_intensity, "user", 0, "--carbon-intensity", "user-value"};
    if (!a.country.empty()) c.factor.region = ValueOrThrow(table.Lookup(a.country)).region;
  } else if (!a.country.empty()) {
    c.factor = ValueOrThrow(table.Lookup(a.country));
  } else {
    c.factor = table.World();
  }
  if (!a.carbon_series.empty()) {
    c.series = ValueOrThrow(IntensitySeries::Parse(ReadOrThrow(a.carbon_series, "--carbon-series"), a.carbon_series));
    c.series_origin = a.carbon_series;
  }
  std::vector<EmbodiedItem> table_e = a.embodied_table.empty()
      ? BuiltinEmbodied()
      : ValueOrThrow(ParseEmbodied(ReadOrThrow(a.embodied_table, "--embodied-table"), a.embodied_table));
  for (const std::string& d : a.embodied) c.embodied.push_back(ValueOrThrow(FindEmbodied(table_e, d)));
  return c;
}

// New complete lines appended to the phase file since the last call.
class PhaseFileReader {
 public:
  explicit PhaseFileReader(std::string path) : path_(std::move(path)) {
    struct stat st;
    if (!path_.empty() && ::stat(path_.c_str(), &st) == 0) offset_ = st.st_size;  // old content is not ours
  }
  std::vector<std::string> NewPhases() {
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

 private:
  std::string path_;
  off_t offset_ = 0;
};

// Forks and execs the command with the original signal mask. Returns the pid, or throws with
// exec's error (reported through a close-on-exec pipe).
pid_t Spawn(const std::vector<std::string>& command, const sigset_t& original_mask) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::vector<char*> argv;
  for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(pipefd[0]);
    sigprocmask(SIG_SETMASK, &original_mask, nullptr);
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
    throw InputError(fmt::format("cannot run '{}': {}", command[0], std::strerror(err)));
  }
  return pid;
}

double RusageSeconds(const rusage& r) {
  return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

nlohmann::json OutputJson(const TrackArgs& a, int exit_code, const std::vector<EnergyRecord>& phases,
                          const EnergyRecord& total, double tracker_cpu_s, int forwarded) {
  nlohmann::json j = ProvenanceJson(CommandLine());
  j["tracked_command"] = a.command;
  j["exit_code"] = exit_code;
  j["signals_forwarded"] = forwarded;
  j["interval_s"] = a.interval;
  j["phase_file"] = a.phase_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.phase_file);
  j["tracker_cpu_s"] = tracker_cpu_s;
  j["total"] = total.ToJson();
  j["phases"] = nlohmann::json::array();
  for (const EnergyRecord& p : phases) j["phases"].push_back(p.ToJson());
  return j;
}

int RunTrack(const TrackArgs& a) {
  if (a.command.empty()) throw InputError("no command given: airgrid track [options] -- CMD ARGS");
  if (!(a.interval > 0)) throw InputError(fmt::format("--interval: expected seconds > 0, got {}", a.interval));
  CarbonSettings carbon = CarbonFromArgs(a);

  DetectOptions detect;
  std::vector<CpuTdpRow> tdp;
  if (!a.tdp_table.empty()) {
    tdp = ValueOrThrow(ParseCpuTdpTable(ReadOrThrow(a.tdp_table, "--tdp-table"), a.tdp_table));
    detect.model.tdp_table = &tdp;
  }
  Detected found = DetectSources(detect);

  prctl(PR_SET_CHILD_SUBREAPER, 1);
  sigset_t wait_set, original;
  sigemptyset(&wait_set);
  for (int s : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&wait_set, s);
  sigprocmask(SIG_BLOCK, &wait_set, &original);
  if (!a.phase_file.empty()) setenv("AIRGRID_PHASE_FILE", a.phase_file.c_str(), 1);

  TrackerOptions options;
  options.interval_s = a.interval;
  options.carbon = carbon;
  Tracker tracker(std::move(found.sources), std::move(found.notes),
                  std::make_unique<TreeCpuProbe>(getpid(), "/proc", /*count_root_self=*/false), options);
  PhaseFileReader phase_reader(a.phase_file);
  std::vector<EnergyRecord> phases;
  if (Status st = tracker.Start(); !st.ok()) throw std::runtime_error(st.message());
  PhaseMark phase = tracker.run_mark();
  phase.name = "start";
  const pid_t child = Spawn(a.command, original);

  // Wait for the child; wake up for signals, and every `tick` to read the phase file.
  const double tick = a.phase_file.empty() ? 3600.0 : std::min(a.interval, 0.25);
  int status = 0, forwarded = 0;
  bool done = false;
  while (!done) {
    timespec ts{static_cast<time_t>(tick), static_cast<long>((tick - std::floor(tick)) * 1e9)};
    siginfo_t info;
    int sig = sigtimedwait(&wait_set, &info, &ts);
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
      if (info.si_code != SI_KERNEL) {  // tty signals already reach the child's process group
        kill(child, sig);
        ++forwarded;
      }
    }
    // Reap everything that ended: the child, and orphans that were reparented to us.
    for (;;) {
      int st = 0;
      pid_t p = waitpid(-1, &st, WNOHANG);
      if (p <= 0) break;
      if (p == child) {
        status = st;
        done = true;
      }
    }
    for (const std::string& name : phase_reader.NewPhases()) phases.push_back(tracker.Next(&phase, name));
  }
  // Lines written just before the exit.
  for (const std::string& name : phase_reader.NewPhases()) phases.push_back(tracker.Next(&phase, name));
  EnergyRecord last_phase;
  Result<EnergyRecord> total = tracker.Stop(&phase, &last_phase);
  if (!a.phase_file.empty()) phases.push_back(last_phase);
  sigprocmask(SIG_SETMASK, &original, nullptr);
  if (!total.ok()) throw std::runtime_error(total.status().message());
  const int exit_code = ExitCodeOf(status);

  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  const double tracker_cpu_s = RusageSeconds(self);
  if (!a.json_path.empty()) {
    nlohmann::json j = OutputJson(a, exit_code, phases, *total, tracker_cpu_s, forwarded);
    if (Status st = WriteFileAtomic(a.json_path, j.dump(2) + "\n"); !st.ok())
      throw std::runtime_error("--json " + a.json_path + ": " + st.message());
  }
  if (!a.csv_path.empty()) {
    const std::string run_id = a.run_id.empty() ? fmt::format("{}-{}", total->start_utc, getpid()) : a.run_id;
    std::string rows;
    for (const EnergyRecord& p : phases) rows += CsvRow(p, a.project_name, run_id);
    rows += CsvRow(*total, a.project_name, run_id);
    if (Status st = AppendLine(a.csv_path, CsvHeader(), rows); !st.ok())
      throw std::runtime_error("--csv " + a.csv_path + ": " + st.message());
  }
  if (!a.quiet) {
    std::string out = "airgrid track: " + fmt::format("exit code {}\n", exit_code);
    for (const EnergyRecord& p : phases) out += p.Summary();
    out += total->Summary();
    std::fputs(out.c_str(), stderr);
  }
  return exit_code;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<TrackArgs>();
  app->add_option("--interval", a->interval, "Sampling period in seconds (RAPL wraps, GPU power)")->default_val(1.0);
  app->add_option("--phase-file", a->phase_file,
                  "File the program appends phase names to, one per line (also in $AIRGRID_PHASE_FILE)");
  app->add_option("-o,--output,--json", a->json_path, "Write the JSON record here (atomically)");
  app->add_option("--csv", a->csv_path, "Append CSV rows here (CodeCarbon emissions.csv columns + ours)");
  app->add_option("--country", a->country, "ISO-3 or ISO-2 code for the grid carbon intensity (default: world)");
  app->add_option("--carbon-intensity", a->carbon_intensity, "Grid carbon intensity in gCO2eq/kWh (overrides --country)");
  app->add_option("--carbon-series", a->carbon_series, "CSV timestamp,g_per_kwh for time-varying intensity");
  app->add_option("--pue", a->pue, "Power usage effectiveness of the data centre (>= 1)")->default_val(1.0);
  // One value per occurrence, so that `--embodied DEV -- CMD` leaves the `--` to the command.
  app->add_option("--embodied", a->embodied, "Device whose embodied emissions to charge (repeatable; see data/embodied.csv)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app->add_option("--tdp-table", a->tdp_table, "CPU TDP table CSV replacing the built-in one");
  app->add_option("--carbon-table", a->carbon_table, "Carbon-intensity table CSV replacing the built-in one");
  app->add_option("--embodied-table", a->embodied_table, "Embodied-emissions table CSV replacing the built-in one");
  app->add_option("--project-name", a->project_name, "project_name column of the CSV")->default_val("airgrid");
  app->add_option("--run-id", a->run_id, "run_id column of the CSV (default: start time and pid)");
  app->add_flag("--quiet", a->quiet, "Do not print the summary on stderr");
  app->add_option("command", a->command, "The command to run, after --")->required();
  app->footer(
      "Energy: RAPL (powercap, perf) and NVML when readable, else a TDP x load-curve model; every figure says\n"
      "which. The command's share is its process tree's CPU time over the machine's busy CPU time.\n"
      "Example: airgrid track --country FR --json run.json -- python train.py");
  return [a] { return RunTrack(*a); };
}

const Registration kReg{"track", "Measure the energy and CO2eq of a command (RAPL, NVML or model)", &Setup};

}  // namespace
}  // namespace airgrid::cli
