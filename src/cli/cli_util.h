// Helpers shared by the subcommands: reading columns of CSV inputs and writing JSON results
// atomically, with errors that name the input.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "airgrid/base/csv.h"
#include "airgrid/base/output_plan.h"
#include "airgrid/base/status.h"
#include "airgrid/workload/job.h"

namespace airgrid::cli {

// The one status-to-exception helper of the CLI boundary: when `st` is not OK, throws
// InputError (exit code 2) for the user's mistakes and std::runtime_error (exit code 1)
// otherwise (Status::ExitCode, docs/formats.md). `context` (an option's name) prefixes the message.
void ThrowIfError(const Status& st, const std::string& context = "");
template <typename T>
T ValueOrThrow(Result<T> r, const std::string& context = "") {
  ThrowIfError(r.status(), context);
  return std::move(r).value();
}

// Reads a CSV file (with a header unless `no_header`) and picks `column` by name, or the
// first column when `column` is empty (with no header, `column` may be a 1-based number).
struct Column {
  std::string file, name;
  std::vector<std::string> values;
  CsvTable table;
};
Column ReadColumn(const std::string& file, const std::string& column, bool no_header);
std::vector<double> AsNumbers(const Column& c);

// Before any work: the folder of output `path` (given by `option`) must exist, else InputError
// naming both ("-", stdout, and "" are always fine).
void CheckOutputPath(const std::string& option, const std::string& path);

// Writes `j` (pretty-printed) to `path` atomically; `-` prints it to stdout.
void WriteJson(const std::string& path, const nlohmann::json& j);
// `j` pretty-printed with a final newline; invalid UTF-8 in strings is replaced, not thrown.
std::string JsonText(const nlohmann::json& j);

// The files one subcommand run reads and writes (airgrid/base/output_plan.h) with CLI errors:
// declare them, Prepare() before the work (refuses an output that is an input, another output,
// not a regular file, or not writable), Put() each content, Commit() at the end. A run that
// throws before Commit leaves no output.
class RunOutputs {
 public:
  RunOutputs& Input(const std::string& option, const std::string& path);
  RunOutputs& Output(const std::string& option, const std::string& path);
  void Prepare();
  // "-" prints `content` to stdout now; an undeclared or empty path is an internal error.
  void Put(const std::string& path, const std::string& content);
  void Commit();
  std::string StagedPath(const std::string& path) const { return plan_.StagedPath(path); }

 private:
  OutputPlan plan_;
};

// `--json -`: stdout is reserved for the JSON. Everything else the subcommand prints goes to
// stderr from now on, and WriteJson("-") writes to the original stdout. Called by main before
// the subcommand runs.
void ReserveStdoutForJson();

// Workload specs "lublin:JOBS[:SEED][:tsafrir]" (":tsafrir": with user estimates from the
// Tsafrir-Etsion-Feitelson 2005 model, workload/estimates.h): a Lublin–Feitelson workload generated on the fly (combined
// mix, `procs` processors or 256 when 0) instead of an SWF file. `option` names the flag in errors.
bool IsGeneratedWorkload(const std::string& spec);

// `--invalid error|skip`: what the SWF reader does with records of impossible values
// (workload/swf.h). ReadSwfOrThrow reads `path` with it (InputError naming the file otherwise);
// SkippedJson is the per-reason count stored in the outputs' JSON.
void AddInvalidOption(CLI::App* app, std::string* invalid);
// -o/--output FILE for a command's JSON result, plus --json, its former name, kept working for
// existing scripts but left out of --help (one way to say it in the documentation).
void AddJsonOutputOption(CLI::App* app, std::string* path, const std::string& help);
workload::Workload ReadSwfOrThrow(const std::string& path, int32_t procs,
                                  const std::string& invalid);
nlohmann::json SkippedJson(const workload::Workload& w);
workload::Workload GenerateWorkloadFromSpec(const std::string& option, const std::string& spec,
                                            int32_t procs);

// Numeric option rules, shared by every subcommand: NaN, infinities, text after the number and
// values outside the range are refused at parse time (exit 2) with the range written as a person
// would ("a number greater than 0 and at most 1000"). Nothing is replaced by a default.
struct NumberRule {
  const char* option;  // "--tau"
  double lo, hi;
  enum Kind { kReal, kRealAboveLo, kWhole } kind = kReal;  // kRealAboveLo: lo itself excluded
};
// The largest seed (any 64-bit unsigned integer).
inline constexpr double kMaxSeed = 18446744073709551615.0;
CLI::Validator NumberIn(const NumberRule& rule);
// Adds NumberIn(rule) to each named option of `app` (an unknown option name is a bug: throws).
void CheckNumbers(CLI::App* app, std::initializer_list<NumberRule> rules);
// "1000000", "0.001", "1e+300": a bound as a person writes it.
std::string HumanNumber(double v);

// Formats a number with `digits` significant digits (NaN prints as "n/a").
std::string Num(double v, int digits = 6);

}  // namespace airgrid::cli
