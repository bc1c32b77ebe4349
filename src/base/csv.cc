#include "airgrid/base/csv.h"

#include <cmath>
#include <charconv>

#include "airgrid/base/atomic_file.h"

namespace airgrid {
namespace {

// Splits one record starting at text[*pos]; advances *pos past its line end. Quoted fields may
// span lines; *line counts the lines consumed. With `trim`, a quote after leading spaces still
// opens a quoted field (`a, "b, c"`).
Status SplitRecord(const std::string& text, size_t* pos, long* line, const std::string& source,
                   bool trim, std::vector<std::string>* fields) {
  fields->clear();
  std::string cur;
  bool quoted = false, was_quoted = false;
  const long start_line = *line;
  size_t i = *pos;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { cur += '"'; ++i; }
        else quoted = false;
      } else {
        if (c == '\n') ++*line;
        cur += c;
      }
      continue;
    }
    if (c == '"' && !was_quoted &&
        (cur.empty() || (trim && cur.find_first_not_of(" \t") == std::string::npos))) {
      cur.clear();
      quoted = was_quoted = true;
      continue;
    }
    if (c == ',') { fields->push_back(std::move(cur)); cur.clear(); was_quoted = false; continue; }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') break;
    cur += c;
  }
  if (quoted)
    return Status::InvalidInput(source + ":" + std::to_string(start_line) +
                                ": unterminated quoted field");
  fields->push_back(std::move(cur));
  *pos = i + 1;
  ++*line;
  return Status::Ok();
}

enum class NumberKind { kFinite, kNotFinite, kNotANumber };

// The whole field, spaces around it allowed, an optional leading '+'.
NumberKind ParseNumber(const std::string& s, double* v) {
  const size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  if (b == std::string::npos) return NumberKind::kNotANumber;
  const char* first = s.data() + b;
  const char* last = s.data() + e + 1;
  if (*first == '+' && last - first > 1 && first[1] != '-') ++first;
  const std::from_chars_result res = std::from_chars(first, last, *v);
  if (res.ec != std::errc() || res.ptr != last) return NumberKind::kNotANumber;
  return std::isfinite(*v) ? NumberKind::kFinite : NumberKind::kNotFinite;
}

void Trim(std::string* f) {
  const size_t b = f->find_first_not_of(" \t");
  if (b == std::string::npos) {
    f->clear();
    return;
  }
  *f = f->substr(b, f->find_last_not_of(" \t") - b + 1);
}

// Skips a '#' line starting at text[*pos]; true if there was one.
bool SkipComment(const std::string& text, size_t* pos, long* line) {
  if (text[*pos] != '#') return false;
  const size_t end = text.find('\n', *pos);
  *pos = end == std::string::npos ? text.size() : end + 1;
  ++*line;
  return true;
}

}  // namespace

Result<size_t> CsvTable::Column(const std::string& name) const {
  if (const long i = CsvColumnIndex(header, name); i >= 0) return static_cast<size_t>(i);
  std::string cols;
  for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
  return Status::InvalidInput(source + ": no column '" + name + "' (columns: " + cols + ")");
}

Result<std::vector<double>> CsvTable::Numbers(size_t index) const {
  std::vector<double> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string& s = rows[r][index];
    double v = 0;
    const NumberKind kind = ParseNumber(s, &v);
    if (kind == NumberKind::kFinite) {
      out.push_back(v);
      continue;
    }
    const std::string where = source + ":" + std::to_string(line_of_row[r]) + ": " +
                              (header.empty() ? "column " + std::to_string(index + 1)
                                              : "column '" + header[index] + "'");
    if (kind == NumberKind::kNotANumber)
      return Status::InvalidInput(where + ": expected a number, got '" + s + "'");
    // As scikit-learn ("Input contains NaN", "... infinity"): never computed through.
    return Status::InvalidInput(where + ": input contains " + (std::isnan(v) ? "NaN" : "infinity") +
                                " (row " + std::to_string(r + 1) + "); expected a finite number");
  }
  return out;
}

std::vector<std::string> CsvTable::Strings(size_t index) const {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[index]);
  return out;
}

Result<std::vector<CsvRecord>> SplitCsvRecords(const std::string& text, const std::string& source,
                                               CsvDialect dialect) {
  std::vector<CsvRecord> records;
  size_t pos = 0;
  long line = 1;
  CsvRecord r;
  while (pos < text.size()) {
    if (dialect.comments && SkipComment(text, &pos, &line)) continue;
    r.line = line;
    AIRGRID_RETURN_IF_ERROR(SplitRecord(text, &pos, &line, source, dialect.trim, &r.fields));
    if (dialect.trim)
      for (std::string& f : r.fields) Trim(&f);
    if (r.fields.size() == 1 && r.fields[0].empty()) continue;  // blank line
    records.push_back(std::move(r));
  }
  return records;
}

long CsvColumnIndex(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<long>(i);
  return -1;
}

bool ParseCsvNumber(const std::string& field, double* out) {
  double v = 0;
  if (ParseNumber(field, &v) != NumberKind::kFinite) return false;
  *out = v;
  return true;
}

Result<CsvTable> ParseCsv(const std::string& text, const std::string& source, bool has_header) {
  auto records = SplitCsvRecords(text, source);
  if (!records.ok()) return records.status();
  if (records->empty()) return Status::InvalidInput(source + ": empty file");
  CsvTable t;
  t.source = source;
  const size_t width = records->front().fields.size();
  for (CsvRecord& r : *records) {
    if (has_header && t.header.empty()) {
      t.header = std::move(r.fields);
      continue;
    }
    if (r.fields.size() != width)
      return Status::InvalidInput(source + ":" + std::to_string(r.line) + ": expected " +
                                  std::to_string(width) + " fields, found " +
                                  std::to_string(r.fields.size()));
    t.rows.push_back(std::move(r.fields));
    t.line_of_row.push_back(r.line);
  }
  return t;
}

Result<CsvTable> ReadCsv(const std::string& path, bool has_header) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseCsv(*text, path, has_header);
}

std::string CsvEscape(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace airgrid
