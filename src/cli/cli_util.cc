#include "cli/cli_util.h"

#include <charconv>
#include <cerrno>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"
#include "airgrid/workload/estimates.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"
#include "cli/command.h"

namespace airgrid::cli {

void ThrowIfError(const Status& st, const std::string& context) {
  if (st.ok()) return;
  const std::string prefix = context.empty() ? "" : context + ": ";
  if (st.ExitCode() == 2) throw InputError(prefix + st.message());
  throw std::runtime_error(prefix + st.ToString());
}

Column ReadColumn(const std::string& file, const std::string& column, bool no_header) {
  Column c;
  c.file = file;
  c.table = ValueOrThrow(ReadCsv(file, !no_header));
  // A header whose every field is a number is a data row: the file has no header (np.savetxt).
  // Reading it as a header would silently drop that row.
  if (!no_header && !c.table.header.empty()) {
    bool all_numbers = true;
    for (std::string h : c.table.header) {
      while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.pop_back();
      char* end = nullptr;
      std::strtod(h.c_str(), &end);
      all_numbers = all_numbers && !h.empty() && end == h.c_str() + h.size();
    }
    if (all_numbers)
      throw InputError(file + ":1: the first line holds only numbers, so the file has no header; "
                              "pass --no-header (columns by 1-based number) or add a header line");
  }
  size_t index = 0;
  if (!column.empty()) {
    if (no_header) {
      int k = std::atoi(column.c_str());
      if (k < 1 || static_cast<size_t>(k) > (c.table.rows.empty() ? 0 : c.table.rows[0].size()))
        throw InputError(file + ": column '" + column + "': without a header, give a 1-based column number");
      index = static_cast<size_t>(k - 1);
    } else {
      index = ValueOrThrow(c.table.Column(column));
    }
  }
  if (c.table.rows.empty()) throw InputError(file + ": no data rows");
  c.name = c.table.header.empty() ? "column " + std::to_string(index + 1) : c.table.header[index];
  c.values = c.table.Strings(index);
  // Keep only the chosen column so AsNumbers parses it with its own name in messages.
  for (auto& row : c.table.rows) row = {row[index]};
  if (!c.table.header.empty()) c.table.header = {c.table.header[index]};
  return c;
}

std::vector<double> AsNumbers(const Column& c) { return ValueOrThrow(c.table.Numbers(0)); }

void CheckOutputPath(const std::string& option, const std::string& path) {
  if (path.empty() || path == "-") return;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    throw InputError(fmt::format("{} '{}': folder '{}' does not exist", option, path, parent.string()));
  }
}

namespace {
int json_fd = 1;  // where WriteJson("-") writes
}  // namespace

// Writes `text` where JSON for "-" goes (stdout, or the saved stdout after ReserveStdoutForJson).
void WriteStdoutText(const std::string& text) {
  std::cout.flush();
  std::fflush(stdout);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(json_fd, text.data() + done, text.size() - done);
    if (n <= 0) throw std::runtime_error("cannot write the JSON to stdout");
    done += static_cast<size_t>(n);
  }
}

void ReserveStdoutForJson() {
  std::cout.flush();
  std::fflush(stdout);
  const int saved = ::dup(1);
  if (saved < 0 || ::dup2(2, 1) < 0) return;  // keep the plain behaviour rather than fail
  json_fd = saved;
}

std::string JsonText(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

RunOutputs& RunOutputs::Input(const std::string& option, const std::string& path) {
  plan_.Input(option, path);
  return *this;
}

RunOutputs& RunOutputs::Output(const std::string& option, const std::string& path) {
  plan_.Output(option, path);
  return *this;
}

void RunOutputs::Prepare() { ThrowIfError(plan_.Prepare()); }

void RunOutputs::Put(const std::string& path, const std::string& content) {
  if (path == "-") {
    WriteStdoutText(content);
    return;
  }
  ThrowIfError(plan_.Stage(path, content));
}

void RunOutputs::Commit() { ThrowIfError(plan_.Commit()); }

void WriteJson(const std::string& path, const nlohmann::json& j) {
  const std::string text = JsonText(j);
  if (path == "-") {
    std::cout.flush();
    std::fflush(stdout);
    for (size_t done = 0; done < text.size();) {
      const ssize_t n = ::write(json_fd, text.data() + done, text.size() - done);
      if (n <= 0) throw std::runtime_error("cannot write the JSON to stdout");
      done += static_cast<size_t>(n);
    }
    return;
  }
  ThrowIfError(WriteFileAtomic(path, text));
}

bool IsGeneratedWorkload(const std::string& spec) { return spec.rfind("lublin:", 0) == 0; }

void AddJsonOutputOption(CLI::App* app, std::string* path, const std::string& help) {
  CLI::Option* output = app->add_option("-o,--output", *path, help);
  app->add_option("--json", *path, "former name of -o/--output")
      ->group("")  // hidden from --help
      ->check([output](const std::string&) -> std::string {
        return output->count() > 0 ? "give -o/--output once (--json is its former name)" : "";
      });
}

void AddInvalidOption(CLI::App* app, std::string* invalid) {
  app->add_option("--invalid", *invalid,
                  "SWF records with impossible values (submit time < 0 or decreasing): error "
                  "(stop at the first) or skip (leave them out, counted per reason)")
      ->default_val("error");
}

workload::Workload ReadSwfOrThrow(const std::string& path, int32_t procs,
                                  const std::string& invalid) {
  workload::SwfReadOptions o;
  o.procs = procs;
  o.invalid = ValueOrThrow(workload::ParseInvalidRecords(invalid));
  workload::Workload w = ValueOrThrow(workload::ReadSwf(path, o));
  if (!w.skipped.empty()) {
    std::fprintf(stderr, "%s: %s (--invalid skip)\n", path.c_str(),
                 workload::DescribeSkipped(w).c_str());
  }
  return w;
}

nlohmann::json SkippedJson(const workload::Workload& w) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [reason, count] : w.skipped) j[reason] = count;
  return j;
}

workload::Workload GenerateWorkloadFromSpec(const std::string& option, const std::string& spec,
                                            int32_t procs) {
  StepScope step("generating the workload", spec);
  workload::LublinOptions o;
  o.procs = procs > 0 ? procs : 256;
  std::string rest = spec.substr(7);
  // An optional last field ":tsafrir" adds modelled user estimates (workload/estimates.h).
  const std::string kTsafrir = ":tsafrir";
  const bool tsafrir = rest.size() > kTsafrir.size() &&
                       rest.compare(rest.size() - kTsafrir.size(), kTsafrir.size(), kTsafrir) == 0;
  if (tsafrir) rest.resize(rest.size() - kTsafrir.size());
  const size_t colon = rest.find(':');
  const std::string jobs = rest.substr(0, colon);
  const std::string seed = colon == std::string::npos ? "1" : rest.substr(colon + 1);
  try {
    size_t used_jobs = 0, used_seed = 0;
    o.jobs = std::stoll(jobs, &used_jobs);
    o.seed = std::stoull(seed, &used_seed);
    if (used_jobs != jobs.size() || used_seed != seed.size() || o.jobs <= 0 || seed[0] == '-')
      throw std::invalid_argument("trailing characters");
  } catch (const std::exception&) {
    throw InputError(fmt::format("{} '{}': expected an SWF file or lublin:JOBS[:SEED][:tsafrir] with JOBS a "
                                 "positive integer and SEED a non-negative integer",
                                 option, spec));
  }
  workload::Workload w = ValueOrThrow(workload::GenerateLublin(o));
  if (tsafrir) ThrowIfError(workload::ApplyTsafrirEstimates({o.seed, 0}, &w));
  return w;
}

std::string HumanNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e16) return fmt::format("{:.0f}", v);
  if (std::fabs(v) >= 1e-4 && std::fabs(v) < 1e16) return fmt::format("{}", v);
  return fmt::format("{:g}", v);
}

namespace {

std::string RangeText(const NumberRule& r) {
  const bool whole = r.kind == NumberRule::kWhole;
  const std::string noun = whole ? "a whole number" : "a number";
  if (r.kind == NumberRule::kRealAboveLo)
    return noun + " greater than " + HumanNumber(r.lo) + " and at most " + HumanNumber(r.hi);
  if (whole && r.hi == kMaxSeed) return noun + " from " + HumanNumber(r.lo) + " to 2^64-1";
  return noun + " from " + HumanNumber(r.lo) + " to " + HumanNumber(r.hi);
}

// Empty when `text` satisfies `r`, else why not.
std::string CheckNumber(const NumberRule& r, const std::string& text) {
  const std::string expected = "expected " + RangeText(r) + ", got '" + text + "'";
  if (text.empty()) return expected;
  if (r.kind == NumberRule::kWhole) {
    long double v = 0;
    if (text[0] == '-') {
      int64_t x = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
      if (ec != std::errc() || end != text.data() + text.size()) return expected;
      v = x;
    } else {
      uint64_t x = 0;
      const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
      auto [end, ec] = std::from_chars(begin, text.data() + text.size(), x);
      if (ec != std::errc() || end != text.data() + text.size()) return expected;
      v = x;
    }
    if (v < r.lo || v > r.hi) return expected;
    return "";
  }
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return expected;
  if (v > r.hi || v < r.lo || (r.kind == NumberRule::kRealAboveLo && v == r.lo)) return expected;
  return "";
}

}  // namespace

CLI::Validator NumberIn(const NumberRule& rule) {
  return CLI::Validator([rule](std::string& text) { return CheckNumber(rule, text); }, RangeText(rule));
}

void CheckNumbers(CLI::App* app, std::initializer_list<NumberRule> rules) {
  for (const NumberRule& r : rules) app->get_option(r.option)->check(NumberIn(r));
}

std::string Num(double v, int digits) {
  if (std::isnan(v)) return "n/a";
  return fmt::format("{:.{}g}", v, digits);
}

}  // namespace airgrid::cli
