#include "airgrid/learn/scores.h"

#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"

namespace airgrid::learn {
namespace {

constexpr const char* kHeader = "p,q,r,score,tuple,k,job_id,estimate,n_first\n";

std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    std::string_view f = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
    fields.push_back(f);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::optional<double> ParseNumber(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// Column positions of the fields we know; -1 when the file lacks the column.
struct Columns {
  int p = -1, q = -1, r = -1, score = -1, tuple = -1, k = -1, job_id = -1, estimate = -1,
      n_first = -1;
  size_t count = 4;
};

Result<Columns> ColumnsFromHeader(const std::vector<std::string_view>& names,
                                  const std::string& name) {
  Columns c;
  c.count = names.size();
  for (size_t i = 0; i < names.size(); ++i) {
    const int at = static_cast<int>(i);
    std::string_view n = names[i];
    if (n == "p") c.p = at;
    else if (n == "q") c.q = at;
    else if (n == "r") c.r = at;
    else if (n == "score") c.score = at;
    else if (n == "tuple") c.tuple = at;
    else if (n == "k") c.k = at;
    else if (n == "job_id") c.job_id = at;
    else if (n == "estimate") c.estimate = at;
    else if (n == "n_first") c.n_first = at;
  }
  for (auto [pos, col] : {std::pair{c.p, "p"}, {c.q, "q"}, {c.r, "r"}, {c.score, "score"}}) {
    if (pos < 0) {
      return Status::InvalidInput(fmt::format(
          "{}:1: header lacks the column '{}' (expected p,q,r,score[,tuple,...])", name, col));
    }
  }
  return c;
}

bool LooksLikeHeader(const std::vector<std::string_view>& fields) {
  return !fields.empty() && !ParseNumber(fields[0]).has_value();
}

}  // namespace

Result<std::vector<ScoreRow>> ParseScoresCsv(std::string_view text, const std::string& name,
                                             const ScoresReadOptions& options) {
  StepScope step("reading the scores CSV", name);
  static const char* kFieldNames[] = {"p", "q", "r", "score", "tuple", "k", "job_id", "estimate",
                                      "n_first"};
  std::vector<ScoreRow> rows;
  Columns cols;  // headerless default: p,q,r,score at 0..3
  cols.p = 0, cols.q = 1, cols.r = 2, cols.score = 3;
  bool have_header = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == text.npos ? text.npos : eol - pos);
    pos = eol == text.npos ? text.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::vector<std::string_view> fields = SplitCommas(line);
    if (line_no == 1 && LooksLikeHeader(fields)) {
      Result<Columns> c = ColumnsFromHeader(fields, name);
      if (!c.ok()) return c.status();
      cols = *c;
      have_header = true;
      continue;
    }
    if (fields.size() != cols.count) {
      return Status::InvalidInput(fmt::format("{}:{}: {} fields, expected {} ({})", name, line_no,
                                              fields.size(), cols.count,
                                              have_header ? "as in the header" : "p,q,r,score"));
    }
    int at[] = {cols.p, cols.q, cols.r, cols.score, cols.tuple, cols.k, cols.job_id,
                cols.estimate, cols.n_first};
    double v[9] = {0, 0, 0, 0, -1, -1, -1, -1, -1};
    for (int i = 0; i < 9; ++i) {
      if (at[i] < 0) continue;
      std::optional<double> x = ParseNumber(fields[static_cast<size_t>(at[i])]);
      if (!x) {
        return Status::InvalidInput(fmt::format("{}:{}: column '{}' is '{}', expected a finite number",
                                                name, line_no, kFieldNames[i],
                                                fields[static_cast<size_t>(at[i])]));
      }
      v[i] = *x;
      // tuple, k, job_id, n_first are integers: a huge or fractional value would make the cast
      // below undefined behaviour.
      const double limit = i == 4 || i == 5 ? 2147483647.0 : 9.0e18;
      if (i >= 4 && i != 7 && (v[i] != std::floor(v[i]) || std::fabs(v[i]) > limit)) {
        return Status::InvalidInput(fmt::format("{}:{}: column '{}' is '{}', expected a whole number "
                                                "from -1 to {:.0f}",
                                                name, line_no, kFieldNames[i],
                                                fields[static_cast<size_t>(at[i])], limit));
      }
    }
    ScoreRow row;
    row.p = v[0], row.q = v[1], row.r = v[2], row.score = v[3];
    const int index = static_cast<int>(rows.size());
    const int qs = options.queue_size > 0 ? options.queue_size : 32;
    row.tuple = cols.tuple >= 0 ? static_cast<int>(v[4]) : index / qs;
    row.k = cols.k >= 0 ? static_cast<int>(v[5]) : (cols.tuple >= 0 ? -1 : index % qs);
    row.job_id = static_cast<int64_t>(v[6]);
    row.estimate = v[7];
    row.n_first = static_cast<int64_t>(v[8]);
    rows.push_back(row);
  }
  return rows;
}

Result<std::vector<ScoreRow>> ReadScoresCsv(const std::string& path,
                                            const ScoresReadOptions& options) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseScoresCsv(*text, path, options);
}

std::string FormatScoresCsv(const std::vector<ScoreRow>& rows) {
  fmt::memory_buffer out;
  out.append(std::string_view(kHeader));
  for (const ScoreRow& r : rows) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{}\n", r.p, r.q, r.r,
                   r.score, r.tuple, r.k, r.job_id, r.estimate, r.n_first);
  }
  return fmt::to_string(out);
}

Status WriteScoresCsv(const std::string& path, const std::vector<ScoreRow>& rows) {
  return WriteFileAtomic(path, FormatScoresCsv(rows));
}

}  // namespace airgrid::learn
