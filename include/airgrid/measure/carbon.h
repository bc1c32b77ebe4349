// Carbon accounting: grid carbon intensity (country table, user value, hourly series), PUE, and
// embodied emissions of the hardware.
//
// Intensity is in gCO2eq per kWh of electricity drawn from the grid. Operational emissions of an
// interval = attributed IT energy (kWh) × PUE × intensity. With an hourly series the intensity is
// the energy-weighted mean of the hours the interval covers (the tracker weights each sample's
// energy by the intensity of its hour). Embodied emissions are a separate line, never mixed in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::measure {

// One carbon-intensity factor and where it came from.
struct CarbonFactor {
  double g_per_kwh = 0;
  std::string region;  // ISO-3 code ("FRA"), "WORLD", or "user"
  int year = 0;        // 0 when unknown (user value)
  std::string source;  // "Our World in Data / Ember (2023)", "--carbon-intensity", ...
  std::string method;  // "country-table", "world-default", "user-value", "hourly-series"
  // Absolute uncertainty of g_per_kwh, as stated by its source or the user
  // (--carbon-intensity-uncertainty); 0 when the source gives none (Ember/OWID publish none).
  // Emissions combine its relative value with the energy's in quadrature.
  double uncertainty_g_per_kwh = 0;
  double RelativeUncertainty() const { return g_per_kwh > 0 ? uncertainty_g_per_kwh / g_per_kwh : 0; }
};

// Country table: CSV with header `iso3,iso2,country,g_per_kwh,year,source`; one row `WORLD`.
class CarbonTable {
 public:
  // Parses CSV text; `origin` names the file in error messages.
  static Result<CarbonTable> Parse(const std::string& csv, const std::string& origin);
  // The table compiled into the binary (data/carbon_intensity.csv at build time).
  static const CarbonTable& Builtin();
  // Factor for an ISO-3 (or ISO-2) code, case-insensitive; NotFound names the code.
  Result<CarbonFactor> Lookup(const std::string& code) const;
  // The WORLD row (must exist in the table).
  CarbonFactor World() const;
  size_t size() const { return rows_.size(); }
  // Every row's factor (WORLD included), by ISO-3 code.
  std::vector<CarbonFactor> All() const;

 private:
  struct Row { std::string country; double g = 0; int year = 0; std::string source; };
  std::map<std::string, Row> rows_;  // key: upper-case ISO-3
  std::map<std::string, std::string> iso2_to_iso3_;
};

// Hourly (or any step) series: CSV `timestamp,g_per_kwh`, timestamps ISO-8601 UTC
// ("2024-01-01T13:00:00Z" or "2024-01-01 13:00") or Unix seconds, strictly increasing. A value
// holds from its timestamp to the next one; the last holds one hour; outside the series the
// intensity is undefined and At() returns nullopt (the tracker then uses the fallback factor).
class IntensitySeries {
 public:
  static Result<IntensitySeries> Parse(const std::string& csv, const std::string& origin);
  std::optional<double> At(int64_t unix_seconds) const;
  size_t size() const { return points_.size(); }
  // (timestamp, gCO2eq/kWh), strictly increasing timestamps.
  const std::vector<std::pair<int64_t, double>>& points() const { return points_; }

 private:
  std::vector<std::pair<int64_t, double>> points_;
};

// Embodied emissions of one device, amortised linearly over its lifetime.
struct EmbodiedItem {
  std::string device;        // "server (2-socket, no GPU)", "NVIDIA A100"
  double kg_co2eq = 0;       // cradle-to-gate manufacturing footprint
  double lifetime_years = 0;
  std::string source;        // LCA report
  // kgCO2eq for `seconds` of use at `share` (0..1) of the device.
  double Amortised(double seconds, double share) const;
};

// Embodied table: CSV `device,kg_co2eq,lifetime_years,source`.
Result<std::vector<EmbodiedItem>> ParseEmbodied(const std::string& csv, const std::string& origin);
const std::vector<EmbodiedItem>& BuiltinEmbodied();
// Looks a device up by exact name in a table.
Result<EmbodiedItem> FindEmbodied(const std::vector<EmbodiedItem>& table, const std::string& device);

// Everything the tracker needs to turn joules into CO2eq.
struct CarbonSettings {
  CarbonFactor factor;                   // empty method = the table's WORLD row
  std::optional<IntensitySeries> series;  // time-varying accounting when set
  std::string series_origin;             // file name, for the record
  double pue = 1.0;                      // >= 1; always printed
  std::vector<EmbodiedItem> embodied;    // devices whose manufacturing share is charged
};

// Parses "2024-01-01T13:00:00Z", "2024-01-01 13:00", "2024-01-01T13:00" or Unix seconds.
std::optional<int64_t> ParseUtcTimestamp(const std::string& text);

}  // namespace airgrid::measure
