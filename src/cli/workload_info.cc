// `airgrid workload info FILE`: what an SWF trace holds and what each named filter does to it.
#include <ctime>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "airgrid/base/provenance.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/summary.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct InfoArgs {
  std::string file;
  int32_t procs = 0;
  std::string invalid = "error";
  std::string filter = "sc17";
  std::string json;
};

std::string MachineSource(const InfoArgs& a, const workload::Workload& w) {
  if (a.procs > 0) return "--procs";
  return w.header.max_procs > 0 ? "MaxProcs" : "MaxNodes";
}

std::string UtcDate(int64_t unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "?";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

nlohmann::json ReportJson(const workload::FilterReport& r) {
  nlohmann::json dropped = nlohmann::json::object();
  for (const auto& [reason, n] : r.dropped) dropped[reason] = n;
  return {{"name", r.filter},          {"jobs_in", r.jobs_in},
          {"jobs_kept", r.jobs_kept},  {"dropped", dropped},
          {"perfect_estimates", r.perfect_estimates},
          {"runtime_defaulted", r.runtime_defaulted}, {"description", r.Describe()}};
}

nlohmann::json SummaryJson(const workload::WorkloadSummary& s) {
  return {{"jobs", s.jobs},
          {"first_submit_s", s.first_submit},
          {"last_submit_s", s.last_submit},
          {"span_s", s.span_s},
          {"offered_load", s.offered_load},
          {"users", s.users},
          {"serial_share", s.serial_share},
          {"median_procs", s.median_procs},
          {"median_runtime_s", s.median_runtime_s},
          {"mean_runtime_s", s.mean_runtime_s},
          {"estimates",
           {{"jobs_with_user_estimate", s.jobs_with_estimate},
            {"mean_runtime_over_requested", s.mean_accuracy},
            {"median_runtime_over_requested", s.median_accuracy},
            {"overrun_share", s.overrun_share}}}};
}

void PrintFilterTable(const std::vector<workload::FilterReport>& reports) {
  std::printf("\n%-12s %9s %9s  %s\n", "filter", "kept", "dropped", "what it drops / changes");
  for (const auto& r : reports) {
    std::string what;
    for (const auto& [reason, n] : r.dropped) {
      what += (what.empty() ? "" : ", ") + fmt::format("{}: {}", reason, n);
    }
    if (r.perfect_estimates > 0) {
      what += (what.empty() ? "" : "; ") + fmt::format("{} estimate = runtime", r.perfect_estimates);
    }
    if (r.runtime_defaulted > 0) {
      what += (what.empty() ? "" : "; ") + fmt::format("{} runtime -1 -> 10 s", r.runtime_defaulted);
    }
    std::printf("%-12s %9lld %9lld  %s\n", r.filter.c_str(), static_cast<long long>(r.jobs_kept),
                static_cast<long long>(r.jobs_in - r.jobs_kept), what.empty() ? "-" : what.c_str());
  }
}

void PrintSummary(const std::string& filter, const workload::WorkloadSummary& s) {
  std::printf("\nafter filter %s:\n", filter.c_str());
  std::printf("  jobs             %lld\n", static_cast<long long>(s.jobs));
  std::printf("  time span        %s days (submits %lld .. %lld s)\n", Num(s.span_s / 86400, 4).c_str(),
              static_cast<long long>(s.first_submit), static_cast<long long>(s.last_submit));
  std::printf("  offered load     %s  (sum procs*runtime / (M * span))\n", Num(s.offered_load, 4).c_str());
  std::printf("  users            %lld\n", static_cast<long long>(s.users));
  std::printf("  serial jobs      %s%%, median procs %s, runtime median %s s, mean %s s\n",
              Num(100 * s.serial_share, 3).c_str(), Num(s.median_procs).c_str(),
              Num(s.median_runtime_s).c_str(), Num(s.mean_runtime_s, 5).c_str());
  if (s.jobs_with_estimate == 0) {
    std::printf("  estimates        none in the trace (simulations use runtime as estimate)\n");
  } else {
    std::printf("  estimates        %lld user estimates: runtime/requested mean %s, median %s; "
                "%s%% ran longer than requested\n",
                static_cast<long long>(s.jobs_with_estimate), Num(s.mean_accuracy, 3).c_str(),
                Num(s.median_accuracy, 3).c_str(), Num(100 * s.overrun_share, 3).c_str());
  }
}

int RunInfo(const InfoArgs& a) {
  RunOutputs outputs;
  outputs.Input("file", a.file).Output("-o/--output", a.json).Prepare();
  const workload::Workload raw = ReadSwfOrThrow(a.file, a.procs, a.invalid);
  std::printf("workload: %s\n", a.file.c_str());
  std::printf("  jobs in file     %zu\n", raw.jobs.size());
  if (!raw.skipped.empty()) {
    std::printf("  invalid records  %s\n", workload::DescribeSkipped(raw).c_str());
  }
  std::printf("  machine          %d processors (from %s)\n", raw.machine_procs,
              MachineSource(a, raw).c_str());
  if (raw.header.unix_start_time > 0) {
    std::printf("  trace starts     %s (UnixStartTime %lld%s%s)\n", UtcDate(raw.header.unix_start_time).c_str(),
                static_cast<long long>(raw.header.unix_start_time),
                raw.header.time_zone_string.empty() ? "" : ", site time zone ",
                raw.header.time_zone_string.c_str());
  }
  std::vector<workload::FilterReport> reports;
  workload::Workload chosen;
  for (const std::string& name : workload::FilterNames()) {
    workload::Workload w = raw;
    reports.push_back(ValueOrThrow(workload::ApplyFilter(name, w)));
    if (name == a.filter) chosen = std::move(w);
  }
  PrintFilterTable(reports);
  const workload::WorkloadSummary s = workload::Summarize(chosen);
  PrintSummary(a.filter, s);
  if (!a.json.empty()) {
    nlohmann::json j = ProvenanceJson(CommandLine());
    j["file"] = a.file;
    j["jobs_in_file"] = raw.jobs.size();
    j["invalid"] = a.invalid;
    j["skipped_records"] = SkippedJson(raw);
    j["machine_procs"] = raw.machine_procs;
    j["machine_procs_from"] = MachineSource(a, raw);
    j["header"] = nlohmann::json::array();
    for (const auto& [label, value] : raw.header.fields) {
      if (!label.empty()) j["header"].push_back({{"label", label}, {"value", value}});
    }
    j["filters"] = nlohmann::json::array();
    for (const auto& r : reports) j["filters"].push_back(ReportJson(r));
    j["filter"] = a.filter;
    j["summary"] = SummaryJson(s);
    outputs.Put(a.json, JsonText(j));
  }
  outputs.Commit();
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<InfoArgs>();
  app->add_option("file,--workload", a->file, "SWF trace (plain or gzip)")->required();
  app->add_option("--procs", a->procs, "machine size, overriding the header's MaxProcs/MaxNodes")
      ->check(CLI::PositiveNumber);
  AddInvalidOption(app, &a->invalid);
  app->add_option("--filter", a->filter, "filter whose result is summarised")
      ->check(CLI::IsMember(workload::FilterNames()))
      ->capture_default_str();
  AddJsonOutputOption(app, &a->json, "also write the figures as JSON to this file ('-': stdout, alone)");
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--procs", 0, 1e7, NumberRule::kWhole}});
  app->footer("Example: airgrid workload info SDSC-SP2-1998-4.2-cln.swf.gz --filter sc17 -o info.json");
  return [a] { return RunInfo(*a); };
}

const Registration kReg{"workload info",
                        "Describe an SWF trace: jobs, machine, span, load, estimates, users, filters",
                        &Setup};

}  // namespace
}  // namespace airgrid::cli
