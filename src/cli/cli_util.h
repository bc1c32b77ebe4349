// Helpers shared by the subcommands: reading columns of CSV inputs and writing JSON results
// atomically, with errors that name the input.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/csv.h"
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

// `--json -`: stdout is reserved for the JSON. Everything else the subcommand prints goes to
// stderr from now on, and WriteJson("-") writes to the original stdout. Called by main before
// the subcommand runs.
void ReserveStdoutForJson();

// Workload specs "lublin:JOBS[:SEED]": a Lublin–Feitelson workload generated on the fly (combined
// mix, `procs` processors or 256 when 0) instead of an SWF file. `option` names the flag in errors.
bool IsGeneratedWorkload(const std::string& spec);
workload::Workload GenerateWorkloadFromSpec(const std::string& option, const std::string& spec,
                                            int32_t procs);

// Formats a number with `digits` significant digits (NaN prints as "n/a").
std::string Num(double v, int digits = 6);

}  // namespace airgrid::cli
