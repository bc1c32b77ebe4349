// Reading power models (data/power_models.csv). See cluster_energy.h for the contract.
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/csv.h"
#include "airgrid/sched/cluster_energy.h"

namespace airgrid::sched {

extern const char* const kBuiltinPowerModels;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kHeader =
    "name,node,cores,idle_w,busy_w,off_w,shutdown_s,shutdown_j,boot_s,boot_j,uncertainty,source,"
    "year";

// Reads the cells of one row by column name, with errors naming origin, line and field.
class RowReader {
 public:
  RowReader(const CsvTable& t, size_t row) : t_(t), row_(row) {}

  std::string Where(const std::string& field) const {
    return fmt::format("{}: line {}: field {}", t_.source, t_.line_of_row[row_], field);
  }
  std::string Text(const std::string& field) const {
    return t_.rows[row_][*t_.Column(field)];
  }
  // A number >= 0; empty gives NaN when `optional`, an error otherwise.
  Result<double> NonNegative(const std::string& field, bool optional) const {
    const std::string text = Text(field);
    if (text.empty()) {
      if (optional) return kNaN;
      return Status::InvalidInput(Where(field) + ": missing; expected a number >= 0");
    }
    size_t used = 0;
    double v = kNaN;
    try {
      v = std::stod(text, &used);
    } catch (...) {
      used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 0) {
      return Status::InvalidInput(Where(field) + ": '" + text + "', expected a number >= 0");
    }
    return v;
  }

 private:
  const CsvTable& t_;
  size_t row_;
};

Status CheckHeader(const CsvTable& t) {
  for (const char* name : {"name", "node", "cores", "idle_w", "busy_w", "off_w", "shutdown_s",
                           "shutdown_j", "boot_s", "boot_j", "uncertainty", "source", "year"}) {
    if (!t.Column(name).ok()) {
      return Status::InvalidInput(fmt::format("{}: header lacks column '{}'; expected {}",
                                              t.source, name, kHeader));
    }
  }
  return Status::Ok();
}

// Power-off fields: all stated or all empty, and off power at most the idle power.
Status ReadPowerOff(const RowReader& r, PowerModel* m) {
  double* fields[] = {&m->off_w, &m->shutdown_s, &m->shutdown_j, &m->boot_s, &m->boot_j};
  const char* names[] = {"off_w", "shutdown_s", "shutdown_j", "boot_s", "boot_j"};
  int stated = 0;
  for (int i = 0; i < 5; ++i) {
    Result<double> v = r.NonNegative(names[i], true);
    if (!v.ok()) return v.status();
    *fields[i] = *v;
    stated += std::isnan(*v) ? 0 : 1;
  }
  if (stated != 0 && stated != 5) {
    return Status::InvalidInput(r.Where("off_w..boot_j") +
                                ": expected all five power-off fields or none");
  }
  if (stated == 5 && m->off_w > m->idle_w) {
    return Status::InvalidInput(r.Where("off_w") + fmt::format(": {} W, expected <= idle_w ({} W)",
                                                               m->off_w, m->idle_w));
  }
  return Status::Ok();
}

Result<PowerModel> ReadRow(const CsvTable& t, size_t row) {
  const RowReader r(t, row);
  PowerModel m;
  m.origin = t.source;
  m.name = r.Text("name");
  if (m.name.empty()) return Status::InvalidInput(r.Where("name") + ": missing");
  m.node = r.Text("node");
  Result<double> cores = r.NonNegative("cores", true);
  Result<double> idle = r.NonNegative("idle_w", false);
  Result<double> busy = r.NonNegative("busy_w", false);
  Result<double> unc = r.NonNegative("uncertainty", false);
  Result<double> year = r.NonNegative("year", false);
  for (const Result<double>* v : {&cores, &idle, &busy, &unc, &year}) {
    if (!v->ok()) return v->status();
  }
  m.cores = *cores;
  m.idle_w = *idle;
  m.busy_w = *busy;
  if (m.idle_w > m.busy_w) {
    return Status::InvalidInput(r.Where("idle_w") + fmt::format(": {} W, expected <= busy_w ({} W)",
                                                                m.idle_w, m.busy_w));
  }
  if (m.busy_w <= 0) return Status::InvalidInput(r.Where("busy_w") + ": expected a power > 0 W");
  m.uncertainty = *unc;
  if (m.uncertainty >= 1) {
    return Status::InvalidInput(r.Where("uncertainty") + fmt::format(": {}, expected a relative "
                                                                     "half-width in [0, 1)",
                                                                     m.uncertainty));
  }
  if (*year < 1950 || *year > 2200) {
    return Status::InvalidInput(r.Where("year") + fmt::format(": {}, expected a year", *year));
  }
  m.year = static_cast<int>(*year);
  m.source = r.Text("source");
  if (m.source.empty()) return Status::InvalidInput(r.Where("source") + ": missing; expected where the figures come from");
  AIRGRID_RETURN_IF_ERROR(ReadPowerOff(r, &m));
  return m;
}

}  // namespace

bool PowerModel::CanPowerOff() const {
  return !std::isnan(off_w) && !std::isnan(shutdown_s) && !std::isnan(shutdown_j) &&
         !std::isnan(boot_s) && !std::isnan(boot_j);
}

Result<std::vector<PowerModel>> ParsePowerModels(const std::string& csv, const std::string& origin) {
  Result<CsvTable> table = ParseCsv(csv, origin, true);
  if (!table.ok()) return table.status();
  AIRGRID_RETURN_IF_ERROR(CheckHeader(*table));
  if (table->rows.empty()) return Status::InvalidInput(origin + ": no power model row");
  std::vector<PowerModel> models;
  std::set<std::string> names;
  for (size_t i = 0; i < table->rows.size(); ++i) {
    Result<PowerModel> m = ReadRow(*table, i);
    if (!m.ok()) return m.status();
    if (!names.insert(m->name).second) {
      return Status::InvalidInput(fmt::format("{}: line {}: duplicate model name '{}'", origin,
                                              table->line_of_row[i], m->name));
    }
    models.push_back(std::move(m).value());
  }
  return models;
}

const std::vector<PowerModel>& BuiltinPowerModels() {
  static const std::vector<PowerModel> models = [] {
    auto m = ParsePowerModels(kBuiltinPowerModels, "builtin data/power_models.csv");
    return m.ok() ? *m : std::vector<PowerModel>{};
  }();
  return models;
}

std::vector<std::string> BuiltinPowerModelNames() {
  std::vector<std::string> names;
  for (const PowerModel& m : BuiltinPowerModels()) names.push_back(m.name);
  return names;
}

Result<PowerModel> ResolvePowerModel(const std::string& name_or_file) {
  for (const PowerModel& m : BuiltinPowerModels()) {
    if (m.name == name_or_file) return m;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name_or_file, ec)) {
    return Status::InvalidInput(fmt::format("power model '{}': neither a built-in model ({}) nor "
                                            "a CSV file",
                                            name_or_file,
                                            fmt::join(BuiltinPowerModelNames(), ", ")));
  }
  Result<std::string> text = ReadFile(name_or_file);
  if (!text.ok()) return text.status();
  Result<std::vector<PowerModel>> models = ParsePowerModels(*text, name_or_file);
  if (!models.ok()) return models.status();
  if (models->size() != 1) {
    return Status::InvalidInput(fmt::format("{}: {} model rows; expected exactly one",
                                            name_or_file, models->size()));
  }
  return models->front();
}

nlohmann::json ToJson(const PowerModel& m) {
  auto num = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
  return {{"name", m.name},           {"node", m.node},
          {"cores", num(m.cores)},    {"idle_w", m.idle_w},
          {"busy_w", m.busy_w},       {"off_w", num(m.off_w)},
          {"shutdown_s", num(m.shutdown_s)}, {"shutdown_j", num(m.shutdown_j)},
          {"boot_s", num(m.boot_s)},  {"boot_j", num(m.boot_j)},
          {"uncertainty", m.uncertainty}, {"source", m.source},
          {"year", m.year},           {"origin", m.origin},
          {"method", "declared"}};
}

}  // namespace airgrid::sched
