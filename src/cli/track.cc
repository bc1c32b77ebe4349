// `airgrid track [options] -- CMD ARGS`: runs a command and reports the energy and CO2eq of its
// whole process tree. Options and printing only: the process handling, phases and carbon setup
// are in include/airgrid/measure/supervisor.h, the attribution rules in tracker.h. Outputs are
// written atomically after the child has ended; a --csv file with another header is refused
// before the command runs.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/base/signals.h"
#include "airgrid/measure/sources.h"
#include "airgrid/measure/supervisor.h"
#include "airgrid/measure/tracker.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

using namespace airgrid::measure;

struct TrackArgs {
  std::vector<std::string> command;
  double interval = 1.0;
  std::string phase_file, json_path, csv_path, tdp_table, attribution = "process";
  std::string phase;  // life-cycle phase of the whole run (--phase), "" = not said
  CarbonOptions carbon;
  std::string project_name = "airgrid";
  std::string run_id, experiment_id;
  bool quiet = false;
};

double RusageSeconds(const rusage& r) {
  return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

// The CPU brand for the CSV's cpu_model column ("" when /proc/cpuinfo has none).
std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const size_t colon = line.find(':');
    return colon == std::string::npos ? "" : line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return "";
}

nlohmann::json OutputJson(const TrackArgs& a, const SupervisedRun& run, double tracker_cpu_s) {
  nlohmann::json j = ProvenanceJson(CommandLine());
  j["tracked_command"] = a.command;
  j["exit_code"] = run.exit_code;
  j["signals_forwarded"] = run.signals_forwarded;
  j["interval_s"] = a.interval;
  j["attribution"] = run.total.attribution;
  j["phase_file"] = a.phase_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.phase_file);
  j["lifecycle_phase"] = a.phase.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.phase);
  j["tracker_cpu_s"] = tracker_cpu_s;
  j["total"] = run.total.ToJson();
  j["phases"] = nlohmann::json::array();
  for (const EnergyRecord& p : run.phases) j["phases"].push_back(p.ToJson());
  return j;
}

void WriteOutputs(const TrackArgs& a, const SupervisedRun& run, RunOutputs& outputs) {
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  if (!a.json_path.empty()) {
    nlohmann::json j = OutputJson(a, run, RusageSeconds(self));
    j["interrupted"] = run.interrupted_by != 0;
    j["interrupted_by"] = run.interrupted_by ? nlohmann::json(SignalName(run.interrupted_by)) : nlohmann::json(nullptr);
    outputs.Put(a.json_path, JsonText(j));
    outputs.Commit();
  }
  if (!a.csv_path.empty()) {
    ThrowIfError(CheckCsvHeader(a.csv_path));  // the file may have changed while the command ran
    CsvRunInfo info;
    info.project_name = a.project_name;
    info.run_id = a.run_id.empty() ? fmt::format("{}-{}", run.total.start_utc, getpid()) : a.run_id;
    info.experiment_id = a.experiment_id;
    info.cpu_count = static_cast<int>(std::thread::hardware_concurrency());
    info.cpu_model = CpuModel();
    ThrowIfError(AppendLine(a.csv_path, CsvHeader(), CsvRow(run.total, info)), "--csv " + a.csv_path);
  }
}

// The steps of the data phase (docs/formats.md, `airgrid track --phase`).
constexpr const char* kDataSteps[] = {"collection", "transport", "storage", "processing"};

// --phase NAME or NAME:STEP, NAME of [A-Za-z0-9_.-]; for "data", STEP is one of kDataSteps.
void CheckPhase(const std::string& phase) {
  if (phase.empty()) return;
  const size_t colon = phase.find(':');
  const std::string name = phase.substr(0, colon), step = colon == std::string::npos ? "" : phase.substr(colon + 1);
  auto word = [](const std::string& w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
  };
  if (!word(name) || (colon != std::string::npos && !word(step))) {
    throw InputError("--phase '" + phase + "': expected NAME or NAME:STEP of letters, digits, '_', '.', '-' "
                     "(e.g. data, data:storage, training)");
  }
  if (name == "data" && !step.empty() &&
      std::find(std::begin(kDataSteps), std::end(kDataSteps), step) == std::end(kDataSteps)) {
    throw InputError("--phase '" + phase + "': the data phase's steps are collection, transport, storage, processing");
  }
}

int RunTrack(const TrackArgs& a) {
  if (a.command.empty()) throw InputError("no command given: airgrid track [options] -- CMD ARGS");
  CheckPhase(a.phase);
  // Unwritable -o/--output and --csv are found now, not after the command has run.
  RunOutputs outputs;
  outputs.Input("--phase-file", a.phase_file).Input("--carbon-series", a.carbon.carbon_series);
  outputs.Input("--tdp-table", a.tdp_table).Input("--carbon-table", a.carbon.carbon_table);
  outputs.Input("--embodied-table", a.carbon.embodied_table);
  outputs.Output("-o/--output", a.json_path).Output("--csv", a.csv_path).Prepare();
  if (!(a.interval > 0)) throw InputError(fmt::format("--interval: expected seconds > 0, got {}", a.interval));
  TrackerOptions options;
  options.interval_s = a.interval;
  options.attribution = ValueOrThrow(ParseAttribution(a.attribution, "--attribution"));
  options.carbon = ValueOrThrow(CarbonFromOptions(a.carbon));
  if (!a.csv_path.empty()) ThrowIfError(CheckCsvHeader(a.csv_path));

  DetectOptions detect;
  std::vector<CpuTdpRow> tdp;
  if (!a.tdp_table.empty()) {
    const std::string text = ValueOrThrow(ReadFile(a.tdp_table), "--tdp-table " + a.tdp_table);
    tdp = ValueOrThrow(ParseCpuTdpTable(text, a.tdp_table));
    detect.model.tdp_table = &tdp;
  }
  // The probe walks the tree of this subreaper; in process mode NVML charges a GPU only while
  // one of the tree's processes runs on it (the probe's last walk, taken at every sample).
  auto probe = std::make_unique<TreeCpuProbe>(getpid(), "/proc", /*count_root_self=*/false);
  if (options.attribution == Attribution::kProcess) {
    const TreeCpuProbe* tree = probe.get();
    detect.nvml.tracked_pids = [tree] { return tree->LivePids(); };
  }
  Detected found = DetectSources(detect);

  if (!a.phase_file.empty()) setenv("AIRGRID_PHASE_FILE", a.phase_file.c_str(), 1);
  PosixChildProcess child;  // before the tracker's sampling thread, which inherits the signal mask
  Tracker tracker(std::move(found.sources), std::move(found.notes), std::move(probe), options);
  SuperviseOptions so;
  so.command = a.command;
  so.phase_file = a.phase_file;
  so.tick_s = std::min(a.interval, 0.25);
  SupervisedRun run = ValueOrThrow(Supervise(tracker, child, so));
  if (!a.phase.empty()) run.total.phase = a.phase;
  WriteOutputs(a, run, outputs);
  if (!a.quiet) {
    std::string out = "airgrid track: " + fmt::format("exit code {}\n", run.exit_code);
    for (const EnergyRecord& p : run.phases) out += p.Summary();
    out += run.total.Summary();
    std::fputs(out.c_str(), stderr);
  }
  return run.exit_code;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<TrackArgs>();
  app->add_option("--interval", a->interval, "Sampling period in seconds (RAPL wraps, GPU power)")->default_val(1.0);
  app->add_option("--phase-file", a->phase_file,
                  "File the program appends phase names to, one per line (also in $AIRGRID_PHASE_FILE)");
  app->add_option("--phase", a->phase,
                  "Life-cycle phase of the whole run, recorded as the total's phase and lifecycle_phase: data "
                  "(or data:collection|transport|storage|processing), training, evaluation, use...");
  AddJsonOutputOption(app, &a->json_path, "Write the JSON record here (atomically)");
  app->add_option("--csv", a->csv_path,
                  std::string("Append one row per run here, CodeCarbon ") + kCodeCarbonVersion +
                      " emissions.csv schema (energies include PUE); a file with another header is refused");
  app->add_option("--attribution", a->attribution,
                  "process: the tree's CPU-time share and memory held; machine: the whole machine, idle included")
      ->default_val("process");
  app->add_option("--country", a->carbon.country, "ISO-3 or ISO-2 code for the grid carbon intensity (default: world)");
  app->add_option("--carbon-intensity", a->carbon.carbon_intensity, "Grid carbon intensity in gCO2eq/kWh (overrides --country)");
  app->add_option("--carbon-intensity-uncertainty", a->carbon.carbon_intensity_uncertainty,
                  "absolute uncertainty of the carbon intensity in gCO2eq/kWh, propagated to CO2eq (default 0: "
                  "the built-in table publishes none)");
  app->add_option("--carbon-series", a->carbon.carbon_series, "CSV timestamp,g_per_kwh for time-varying intensity");
  app->add_option("--pue", a->carbon.pue, "Power usage effectiveness of the data centre (>= 1)")->default_val(1.0);
  // One value per occurrence, so that `--embodied DEV -- CMD` leaves the `--` to the command.
  app->add_option("--embodied", a->carbon.embodied, "Device whose embodied emissions to charge (repeatable; see data/embodied.csv)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app->add_option("--tdp-table", a->tdp_table, "CPU TDP table CSV replacing the built-in one");
  app->add_option("--carbon-table", a->carbon.carbon_table, "Carbon-intensity table CSV replacing the built-in one");
  app->add_option("--embodied-table", a->carbon.embodied_table, "Embodied-emissions table CSV replacing the built-in one");
  app->add_option("--project-name", a->project_name, "project_name column of the CSV")->default_val("airgrid");
  app->add_option("--run-id", a->run_id, "run_id column of the CSV (default: start time and pid)");
  app->add_option("--experiment-id", a->experiment_id, "experiment_id column of the CSV (default: empty)");
  app->add_flag("--quiet", a->quiet, "Do not print the summary on stderr");
  app->add_option("command", a->command, "The command to run, after --")->required();
  app->footer(
      "Energy: RAPL (powercap, perf) and NVML when readable, else a TDP x load-curve model; every figure says\n"
      "which. --attribution process (default): CPU by the tree's CPU-time share, RAM by the memory it holds\n"
      "over time; machine: the whole machine's draw, idle included (CodeCarbon's default).\n"
      "Example: airgrid track --country FR -o run.json -- python train.py");
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--interval", 0, 86400, NumberRule::kRealAboveLo},
                     {"--carbon-intensity", 0, 1e5, NumberRule::kReal},
                     {"--carbon-intensity-uncertainty", 0, 1e5, NumberRule::kReal},
                     {"--pue", 1, 10, NumberRule::kReal}});
  return [a] { return RunTrack(*a); };
}

const Registration kReg{"track", "Measure the energy and CO2eq of a command (RAPL, NVML or model)", &Setup};

}  // namespace
}  // namespace airgrid::cli
