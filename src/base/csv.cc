#include "airgrid/base/csv.h"

#include <cmath>
#include <charconv>

#include "airgrid/base/atomic_file.h"

namespace airgrid {
namespace {

// Splits one record starting at text[*pos]; advances *pos past its line end. Quoted fields may
// span lines; *line counts the lines consumed.
Status SplitRecord(const std::string& text, size_t* pos, long* line, const std::string& source,
                   std::vector<std::string>* fields) {
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
    if (c == '"' && cur.empty() && !was_quoted) { quoted = was_quoted = true; continue; }
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

}  // namespace

Result<size_t> CsvTable::Column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  std::string cols;
  for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
  return Status::InvalidInput(source + ": no column '" + name + "' (columns: " + cols + ")");
}

Result<std::vector<double>> CsvTable::Numbers(size_t index) const {
  std::vector<double> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string& s = rows[r][index];
    size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    double v = 0;
    std::from_chars_result res{};
    if (b != std::string::npos) res = std::from_chars(s.data() + b, s.data() + e + 1, v);
    if (b == std::string::npos || res.ec != std::errc() || res.ptr != s.data() + e + 1) {
      std::string col = header.empty() ? "column " + std::to_string(index + 1)
                                       : "column '" + header[index] + "'";
      return Status::InvalidInput(source + ":" + std::to_string(line_of_row[r]) + ": " + col +
                                  ": expected a number, got '" + s + "'");
    }
    if (!std::isfinite(v)) {
      // As scikit-learn ("Input contains NaN", "... infinity"): never computed through.
      std::string col = header.empty() ? "column " + std::to_string(index + 1)
                                       : "column '" + header[index] + "'";
      return Status::InvalidInput(source + ":" + std::to_string(line_of_row[r]) + ": " + col +
                                  ": input contains " + (std::isnan(v) ? "NaN" : "infinity") +
                                  " (row " + std::to_string(r + 1) + "); expected a finite number");
    }
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> CsvTable::Strings(size_t index) const {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[index]);
  return out;
}

Result<CsvTable> ParseCsv(const std::string& text, const std::string& source, bool has_header) {
  CsvTable t;
  t.source = source;
  size_t pos = 0;
  long line = 1;
  std::vector<std::string> fields;
  size_t width = 0;
  bool first = true;
  while (pos < text.size()) {
    const long this_line = line;
    AIRGRID_RETURN_IF_ERROR(SplitRecord(text, &pos, &line, source, &fields));
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (first) {
      width = fields.size();
      first = false;
      if (has_header) { t.header = fields; continue; }
    }
    if (fields.size() != width)
      return Status::InvalidInput(source + ":" + std::to_string(this_line) + ": expected " +
                                  std::to_string(width) + " fields, found " +
                                  std::to_string(fields.size()));
    t.rows.push_back(fields);
    t.line_of_row.push_back(this_line);
  }
  if (first) return Status::InvalidInput(source + ": empty file");
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
