// The power model used when no CPU (or DRAM) sensor can be read. See sources.h for the formulas
// and docs/methodology.md for the sources of every constant.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "airgrid/measure/proc.h"
#include "airgrid/measure/sources.h"
#include "measure/builtin_tables.h"

namespace airgrid::measure {

namespace {
// ±40 % (TDP row) combined in quadrature with ±50 % for the generic W per thread; see
// docs/methodology.md, "Uncertainty of every energy path".
constexpr double kCpuDefaultRelativeUncertainty = 0.64;
}  // namespace

double LoadCurve(double load) {
  // Fraction of TDP drawn at a given CPU load (0..1); SPECpower-like shape, see methodology.
  static constexpr std::array<std::pair<double, double>, 4> kPoints{
      {{0.0, 0.12}, {0.10, 0.32}, {0.50, 0.75}, {1.00, 1.02}}};
  load = std::clamp(load, 0.0, 1.0);
  for (size_t i = 1; i < kPoints.size(); ++i) {
    if (load <= kPoints[i].first) {
      const auto [x0, y0] = kPoints[i - 1];
      const auto [x1, y1] = kPoints[i];
      return y0 + (y1 - y0) * (load - x0) / (x1 - x0);
    }
  }
  return kPoints.back().second;
}

Result<std::vector<CpuTdpRow>> ParseCpuTdpTable(const std::string& csv, const std::string& origin) {
  auto records = SplitCsvRecords(csv, origin, kTableDialect);
  if (!records.ok()) return records.status();
  const std::vector<CsvRecord>& lines = *records;
  if (lines.empty()) return Status::InvalidInput(origin + ": empty; expected header model,tdp_w,cores,threads,source");
  const auto& h = lines[0].fields;
  const long im = CsvColumnIndex(h, "model"), it = CsvColumnIndex(h, "tdp_w"), ic = CsvColumnIndex(h, "cores"),
            ith = CsvColumnIndex(h, "threads"), is = CsvColumnIndex(h, "source");
  if (im < 0 || it < 0 || ith < 0 || is < 0)
    return Status::InvalidInput(origin + ": line " + std::to_string(lines[0].line) +
                                ": expected header with columns model,tdp_w,cores,threads,source");
  std::vector<CpuTdpRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    const CsvRecord& l = lines[i];
    const std::string where = origin + ": line " + std::to_string(l.line) + ": ";
    if (l.fields.size() != h.size())
      return Status::InvalidInput(where + "expected " + std::to_string(h.size()) + " fields, got " +
                                  std::to_string(l.fields.size()));
    CpuTdpRow r;
    r.model = l.fields[im];
    double tdp = 0, threads = 0, cores = 0;
    if (!ParseCsvNumber(l.fields[it], &tdp) || tdp <= 0)
      return Status::InvalidInput(where + "field tdp_w: expected a positive number of watts, got '" + l.fields[it] + "'");
    if (!ParseCsvNumber(l.fields[ith], &threads) || threads < 1)
      return Status::InvalidInput(where + "field threads: expected a positive integer, got '" + l.fields[ith] + "'");
    if (ic >= 0) ParseCsvNumber(l.fields[ic], &cores);
    if (l.fields[is].empty()) return Status::InvalidInput(where + "field source: expected where the TDP comes from");
    r.tdp_w = tdp;
    r.threads = static_cast<int>(threads);
    r.cores = static_cast<int>(cores);
    r.source = l.fields[is];
    rows.push_back(r);
  }
  return rows;
}

const std::vector<CpuTdpRow>& BuiltinCpuTdpTable() {
  static const std::vector<CpuTdpRow> table = [] {
    return RequireBuiltin(ParseCpuTdpTable(kBuiltin_cpu_tdp, "builtin data/cpu_tdp.csv"));
  }();
  return table;
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Replaces every `what` with a space (built anew: GCC 12 warns falsely on string::replace).
void EraseAll(std::string* s, const std::string& what) {
  std::string out;
  size_t from = 0;
  for (size_t p; (p = s->find(what, from)) != std::string::npos; from = p + what.size()) {
    out.append(*s, from, p - from);
    out += ' ';
  }
  out.append(*s, from, std::string::npos);
  *s = std::move(out);
}

// "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz" → "intel xeon gold 6248".
std::string NormaliseBrand(const std::string& brand) {
  std::string s = Lower(brand);
  if (auto at = s.find('@'); at != std::string::npos) s.erase(at);
  for (const char* w : {"(r)", "(tm)", " cpu", " processor", "-core"}) EraseAll(&s, w);
  // Drop "NN-Core" words ("64-core" became "64 " above; remove the lone number before it is
  // not safe in general, so only the word "core" suffix is removed).
  std::istringstream in(s);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

const CpuTdpRow* MatchCpu(const std::vector<CpuTdpRow>& table, const std::string& brand) {
  const std::string b = NormaliseBrand(brand);
  const CpuTdpRow* best = nullptr;
  size_t best_len = 0;
  for (const CpuTdpRow& r : table) {
    const std::string m = NormaliseBrand(r.model);
    for (size_t p = b.find(m); p != std::string::npos; p = b.find(m, p + 1)) {
      const bool left_ok = p == 0 || !IsAlnum(b[p - 1]);
      const bool right_ok = p + m.size() == b.size() || !IsAlnum(b[p + m.size()]);
      if (left_ok && right_ok && m.size() > best_len) {
        best = &r;
        best_len = m.size();
      }
    }
  }
  return best;
}

namespace {

struct CpuInfo {
  std::string brand;
  int logical_cpus = 0;
};

CpuInfo ReadCpuInfo(const std::string& proc_root) {
  CpuInfo info;
  std::ifstream in(proc_root + "/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("processor", 0) == 0) ++info.logical_cpus;
    if (info.brand.empty() && line.rfind("model name", 0) == 0) {
      if (auto c = line.find(':'); c != std::string::npos) info.brand = line.substr(c + 1);
      while (!info.brand.empty() && info.brand.front() == ' ') info.brand.erase(info.brand.begin());
    }
  }
  return info;
}

class ModelSource : public EnergySource {
 public:
  ModelSource(const ModelOptions& o, double cpu_w_full, double ram_w)
      : proc_root_(o.proc_root), cpu_w_(cpu_w_full), ram_w_(ram_w), clock_(o.clock ? o.clock : &SteadyClock()) {
    if (o.cpu) channels_.push_back({Component::kCpu, "machine", "modelled:tdp-load-curve"});
    if (o.ram) channels_.push_back({Component::kRam, "machine", "modelled:ram-w-per-gb"});
    model_cpu_ = o.cpu;
    acc_.assign(channels_.size(), 0.0);
    last_t_ = clock_->Now();
    if (auto s = ReadProcStat(proc_root_); s.ok()) last_stat_ = *s;
  }
  std::string name() const override { return "model"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* joules) override {
    const double t = clock_->Now();
    const double dt = std::max(0.0, t - last_t_);
    auto s = ReadProcStat(proc_root_);
    double load = last_load_;
    if (s.ok()) {
      const double total = s->total_s - last_stat_.total_s;
      if (total > 0) load = std::clamp((s->busy_s - last_stat_.busy_s) / total, 0.0, 1.0);
      last_stat_ = *s;
    }
    size_t i = 0;
    if (model_cpu_) acc_[i++] += cpu_w_ * LoadCurve(load) * dt;
    if (i < acc_.size()) acc_[i] += ram_w_ * dt;
    last_t_ = t;
    last_load_ = load;
    *joules = acc_;
    return s.ok() ? Status::Ok() : s.status();
  }
  std::vector<std::pair<std::string, double>> constants() const override { return constants_; }
  std::string detail() const override { return detail_; }
  std::vector<std::pair<std::string, double>> constants_;
  std::string detail_;
  // A CPU missing from the TDP table uses a generic W per thread: a wider band (methodology).
  void set_cpu_relative_uncertainty(double r) {
    if (model_cpu_) channels_[0].relative_uncertainty = r;
  }

 private:
  std::string proc_root_;
  double cpu_w_, ram_w_;
  const Clock* clock_;
  bool model_cpu_ = true;
  std::vector<Channel> channels_;
  std::vector<double> acc_;
  double last_t_ = 0, last_load_ = 0;
  ProcStat last_stat_;
};

}  // namespace

Result<std::unique_ptr<EnergySource>> OpenModel(const ModelOptions& options) {
  ModelOptions o = options;
  // GB (10^9 bytes), the unit of the W/GB figure. Unknown memory is no RAM model, never 0 W.
  const double ram_gb = MemTotalBytes(o.proc_root) / 1e9;
  std::string ram_missing;
  if (o.ram && ram_gb <= 0) {
    o.ram = false;
    ram_missing = "RAM not modelled: " + o.proc_root + "/meminfo gives no MemTotal";
    if (!o.cpu) return Status::Unavailable("model: " + ram_missing);
  }
  if (!o.cpu && !o.ram) return Status::Unavailable("model: nothing left to model");
  const CpuInfo info = ReadCpuInfo(o.proc_root);
  const int logical = info.logical_cpus > 0 ? info.logical_cpus : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  const std::vector<CpuTdpRow>& table = o.tdp_table ? *o.tdp_table : BuiltinCpuTdpTable();
  const CpuTdpRow* row = MatchCpu(table, info.brand);
  double cpu_w = 0;
  std::vector<std::pair<std::string, double>> constants;
  if (o.cpu) {
    if (row) {
      cpu_w = row->tdp_w * logical / row->threads;
      constants.push_back({"cpu_tdp_w_per_socket", row->tdp_w});
      constants.push_back({"cpu_threads_per_socket", row->threads});
    } else {
      cpu_w = o.default_w_per_thread * logical;
      constants.push_back({"cpu_default_w_per_thread", o.default_w_per_thread});
    }
    constants.push_back({"cpu_visible_logical_cpus", logical});
    constants.push_back({"cpu_tdp_w_visible", cpu_w});
    for (auto [x, y] : {std::pair{0.0, 0.12}, {0.10, 0.32}, {0.50, 0.75}, {1.00, 1.02}})
      constants.push_back({"load_curve_at_" + std::to_string(static_cast<int>(x * 100)) + "pct", y});
  }
  double ram_w = 0;
  if (o.ram) {
    ram_w = ram_gb * o.ram_w_per_gb;
    constants.push_back({"ram_gb", ram_gb});
    constants.push_back({"ram_w_per_gb", o.ram_w_per_gb});
  }
  auto src = std::make_unique<ModelSource>(o, cpu_w, ram_w);
  src->constants_ = constants;
  if (o.cpu && !row) src->set_cpu_relative_uncertainty(kCpuDefaultRelativeUncertainty);
  char buf[512];
  std::string what;
  if (o.cpu && row) {
    std::snprintf(buf, sizeof buf, "CPU '%s' matched '%s' (TDP %g W, %d threads/socket; %s) -> %g W at full load for %d logical CPUs",
                  info.brand.c_str(), row->model.c_str(), row->tdp_w, row->threads, row->source.c_str(), cpu_w, logical);
    what = buf;
  } else if (o.cpu) {
    std::snprintf(buf, sizeof buf, "CPU '%s' not in the TDP table: %g W per logical CPU x %d = %g W at full load",
                  info.brand.c_str(), o.default_w_per_thread, logical, cpu_w);
    what = buf;
  }
  if (o.ram) {
    std::snprintf(buf, sizeof buf, "%sRAM %.1f GB x %g W/GB = %.2f W", what.empty() ? "" : "; ", ram_w / o.ram_w_per_gb, o.ram_w_per_gb, ram_w);
    what += buf;
  }
  if (!ram_missing.empty()) what += (what.empty() ? "" : "; ") + ram_missing;
  src->detail_ = what;
  return std::unique_ptr<EnergySource>(std::move(src));
}

}  // namespace airgrid::measure
