#include "airgrid/measure/carbon.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "measure/builtin_tables.h"

namespace airgrid::measure {

namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Where(const std::string& origin, long line) { return origin + ": line " + std::to_string(line) + ": "; }

}  // namespace

Result<CarbonTable> CarbonTable::Parse(const std::string& csv, const std::string& origin) {
  auto records = SplitCsvRecords(csv, origin, kTableDialect);
  if (!records.ok()) return records.status();
  const std::vector<CsvRecord>& lines = *records;
  const char* kHeader = "iso3,iso2,country,g_per_kwh,year,source";
  if (lines.empty()) return Status::InvalidInput(origin + ": empty; expected header " + std::string(kHeader));
  const auto& h = lines[0].fields;
  const long i3 = CsvColumnIndex(h, "iso3"), i2 = CsvColumnIndex(h, "iso2"), ic = CsvColumnIndex(h, "country"),
            ig = CsvColumnIndex(h, "g_per_kwh"), iy = CsvColumnIndex(h, "year"), is = CsvColumnIndex(h, "source");
  if (i3 < 0 || ig < 0 || iy < 0 || is < 0)
    return Status::InvalidInput(Where(origin, lines[0].line) + "expected header " + kHeader);
  CarbonTable t;
  for (size_t i = 1; i < lines.size(); ++i) {
    const CsvRecord& l = lines[i];
    const std::string where = Where(origin, l.line);
    if (l.fields.size() != h.size())
      return Status::InvalidInput(where + "expected " + std::to_string(h.size()) + " fields, got " + std::to_string(l.fields.size()));
    Row r;
    const std::string code = Upper(l.fields[i3]);
    if (code.empty()) return Status::InvalidInput(where + "field iso3: expected a country code");
    double g = 0, year = 0;
    if (!ParseCsvNumber(l.fields[ig], &g) || g < 0)
      return Status::InvalidInput(where + "field g_per_kwh: expected a non-negative number, got '" + l.fields[ig] + "'");
    if (!ParseCsvNumber(l.fields[iy], &year) || year < 1900 || year > 2200)
      return Status::InvalidInput(where + "field year: expected a year, got '" + l.fields[iy] + "'");
    if (l.fields[is].empty()) return Status::InvalidInput(where + "field source: expected where the value comes from");
    r.country = ic >= 0 ? l.fields[ic] : code;
    r.g = g;
    r.year = static_cast<int>(year);
    r.source = l.fields[is];
    if (t.rows_.count(code)) return Status::InvalidInput(where + "duplicate code " + code);
    t.rows_[code] = r;
    if (i2 >= 0 && !l.fields[i2].empty()) t.iso2_to_iso3_[Upper(l.fields[i2])] = code;
  }
  if (!t.rows_.count("WORLD")) return Status::InvalidInput(origin + ": expected a WORLD row (the default)");
  return t;
}

const CarbonTable& CarbonTable::Builtin() {
  static const CarbonTable table = [] {
    return RequireBuiltin(Parse(kBuiltin_carbon_intensity, "builtin data/carbon_intensity.csv"));
  }();
  return table;
}

Result<CarbonFactor> CarbonTable::Lookup(const std::string& code_in) const {
  std::string code = Upper(code_in);
  if (auto it = iso2_to_iso3_.find(code); it != iso2_to_iso3_.end()) code = it->second;
  auto it = rows_.find(code);
  if (it == rows_.end())
    return Status::NotFound("country '" + code_in + "' not in the carbon-intensity table (" +
                            std::to_string(rows_.size()) + " ISO-3/ISO-2 codes; use --carbon-intensity G)");
  const Row& r = it->second;
  return CarbonFactor{r.g, code, r.year, r.source, code == "WORLD" ? "world-default" : "country-table"};
}

std::vector<CarbonFactor> CarbonTable::All() const {
  std::vector<CarbonFactor> all;
  for (const auto& [code, row] : rows_) {
    all.push_back({row.g, code, row.year, row.source, code == "WORLD" ? "world-default" : "country-table"});
  }
  return all;
}

CarbonFactor CarbonTable::World() const {
  auto f = Lookup("WORLD");
  if (f.ok()) return *f;
  return CarbonFactor{480, "WORLD", 2023, "Ember Global Electricity Review 2024", "world-default"};
}

std::optional<int64_t> ParseUtcTimestamp(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; }) &&
      text.find('-', 1) == std::string::npos) {
    return std::stoll(text);
  }
  std::tm tm{};
  int y, mo, d, h = 0, mi = 0, s = 0;
  char sep = 0;
  int n = std::sscanf(text.c_str(), "%d-%d-%d%c%d:%d:%d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (n < 3 || (n >= 4 && sep != 'T' && sep != ' ') || (n > 3 && n < 6)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

Result<IntensitySeries> IntensitySeries::Parse(const std::string& csv, const std::string& origin) {
  auto records = SplitCsvRecords(csv, origin, kTableDialect);
  if (!records.ok()) return records.status();
  const std::vector<CsvRecord>& lines = *records;
  IntensitySeries series;
  size_t first = 0;
  if (!lines.empty() && !ParseUtcTimestamp(lines[0].fields[0])) first = 1;  // a header line
  for (size_t i = first; i < lines.size(); ++i) {
    const CsvRecord& l = lines[i];
    const std::string where = Where(origin, l.line);
    if (l.fields.size() < 2) return Status::InvalidInput(where + "expected 'timestamp,g_per_kwh'");
    auto t = ParseUtcTimestamp(l.fields[0]);
    if (!t) return Status::InvalidInput(where + "field timestamp: expected ISO-8601 UTC (2024-01-01T13:00:00Z) or Unix seconds, got '" + l.fields[0] + "'");
    double g = 0;
    if (!ParseCsvNumber(l.fields[1], &g) || g < 0)
      return Status::InvalidInput(where + "field g_per_kwh: expected a non-negative number, got '" + l.fields[1] + "'");
    if (!series.points_.empty() && *t <= series.points_.back().first)
      return Status::InvalidInput(where + "timestamps must increase strictly");
    series.points_.push_back({*t, g});
  }
  if (series.points_.empty()) return Status::InvalidInput(origin + ": no data line; expected 'timestamp,g_per_kwh'");
  return series;
}

std::optional<double> IntensitySeries::At(int64_t t) const {
  if (points_.empty() || t < points_.front().first) return std::nullopt;
  auto it = std::upper_bound(points_.begin(), points_.end(), t,
                             [](int64_t v, const std::pair<int64_t, double>& p) { return v < p.first; });
  --it;
  if (std::next(it) == points_.end() && t >= it->first + 3600) return std::nullopt;
  return it->second;
}

double EmbodiedItem::Amortised(double seconds, double share) const {
  if (lifetime_years <= 0) return 0;
  const double lifetime_s = lifetime_years * 365.25 * 86400.0;
  return kg_co2eq * seconds / lifetime_s * std::clamp(share, 0.0, 1.0);
}

Result<std::vector<EmbodiedItem>> ParseEmbodied(const std::string& csv, const std::string& origin) {
  auto records = SplitCsvRecords(csv, origin, kTableDialect);
  if (!records.ok()) return records.status();
  const std::vector<CsvRecord>& lines = *records;
  if (lines.empty()) return Status::InvalidInput(origin + ": empty; expected header device,kg_co2eq,lifetime_years,source");
  const auto& h = lines[0].fields;
  const long id = CsvColumnIndex(h, "device"), ik = CsvColumnIndex(h, "kg_co2eq"), il = CsvColumnIndex(h, "lifetime_years"),
            is = CsvColumnIndex(h, "source");
  if (id < 0 || ik < 0 || il < 0 || is < 0)
    return Status::InvalidInput(Where(origin, lines[0].line) + "expected header device,kg_co2eq,lifetime_years,source");
  std::vector<EmbodiedItem> items;
  for (size_t i = 1; i < lines.size(); ++i) {
    const CsvRecord& l = lines[i];
    const std::string where = Where(origin, l.line);
    if (l.fields.size() != h.size())
      return Status::InvalidInput(where + "expected " + std::to_string(h.size()) + " fields, got " + std::to_string(l.fields.size()));
    EmbodiedItem e;
    e.device = l.fields[id];
    if (!ParseCsvNumber(l.fields[ik], &e.kg_co2eq) || e.kg_co2eq < 0)
      return Status::InvalidInput(where + "field kg_co2eq: expected a non-negative number, got '" + l.fields[ik] + "'");
    if (!ParseCsvNumber(l.fields[il], &e.lifetime_years) || e.lifetime_years <= 0)
      return Status::InvalidInput(where + "field lifetime_years: expected a positive number, got '" + l.fields[il] + "'");
    e.source = l.fields[is];
    if (e.source.empty()) return Status::InvalidInput(where + "field source: expected the LCA it comes from");
    items.push_back(e);
  }
  return items;
}

const std::vector<EmbodiedItem>& BuiltinEmbodied() {
  static const std::vector<EmbodiedItem> table = [] {
    return RequireBuiltin(ParseEmbodied(kBuiltin_embodied, "builtin data/embodied.csv"));
  }();
  return table;
}

Result<EmbodiedItem> FindEmbodied(const std::vector<EmbodiedItem>& table, const std::string& device) {
  std::string known;
  for (const EmbodiedItem& e : table) {
    if (e.device == device) return e;
    known += (known.empty() ? "" : ", ") + e.device;
  }
  return Status::NotFound("embodied device '" + device + "' not in the table (known: " + known + ")");
}

}  // namespace airgrid::measure
