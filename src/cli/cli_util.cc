#include "cli/cli_util.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/workload/lublin.h"
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

void ReserveStdoutForJson() {
  std::cout.flush();
  std::fflush(stdout);
  const int saved = ::dup(1);
  if (saved < 0 || ::dup2(2, 1) < 0) return;  // keep the plain behaviour rather than fail
  json_fd = saved;
}

void WriteJson(const std::string& path, const nlohmann::json& j) {
  const std::string text = j.dump(2) + "\n";
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

workload::Workload GenerateWorkloadFromSpec(const std::string& option, const std::string& spec,
                                            int32_t procs) {
  workload::LublinOptions o;
  o.procs = procs > 0 ? procs : 256;
  const std::string rest = spec.substr(7);
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
    throw InputError(fmt::format("{} '{}': expected an SWF file or lublin:JOBS[:SEED] with JOBS a "
                                 "positive integer and SEED a non-negative integer",
                                 option, spec));
  }
  return ValueOrThrow(workload::GenerateLublin(o));
}

std::string Num(double v, int digits) {
  if (std::isnan(v)) return "n/a";
  return fmt::format("{:.{}g}", v, digits);
}

}  // namespace airgrid::cli
