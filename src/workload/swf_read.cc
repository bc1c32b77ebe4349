// SWF reader: one pass over the text, std::from_chars per field, no iostreams.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"
#include "airgrid/workload/swf.h"
#include "workload/gzip.h"
#include "workload/swf_fields.h"

namespace airgrid::workload {

const char* SwfFieldName(int n) {
  static const char* const kNames[kSwfFieldCount] = {
      "job number",         "submit time",       "wait time",
      "run time",           "allocated processors", "average CPU time",
      "used memory",        "requested processors", "requested time",
      "requested memory",   "status",            "user id",
      "group id",           "executable number", "queue number",
      "partition number",   "preceding job number", "think time"};
  return (n >= 1 && n <= kSwfFieldCount) ? kNames[n - 1] : "?";
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// A token quoted for an error message: at most 24 characters, non-printables escaped.
std::string Quote(std::string_view token) {
  std::string out = "\"";
  size_t shown = 0;
  for (char c : token) {
    if (shown++ == 24) {
      out += "...";
      break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isprint(u)) {
      out += c;
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out + "\"";
}

// Leading integer of a header value such as "338 (batch partition; 512 total)"; -1 if none.
int64_t LeadingInteger(std::string_view value) {
  value = TrimBlanks(value);
  int64_t v = -1;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr == value.data()) return -1;
  return v;
}

// "; Label: value" -> (Label, value). A label is a word followed by ':' and then a blank or
// the end of the line, so "http://..." continuation lines are not mistaken for labels.
// Lines without a label keep their raw text (after ';') under an empty label.
std::pair<std::string, std::string> SplitHeaderLine(std::string_view after_semicolon) {
  std::string_view s = after_semicolon;
  while (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  size_t i = 0;
  while (i < s.size() && IsBlank(s[i])) ++i;
  size_t label_begin = i;
  if (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
    while (i < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-')) {
      ++i;
    }
    if (i < s.size() && s[i] == ':' && (i + 1 == s.size() || IsBlank(s[i + 1]))) {
      return {std::string(s.substr(label_begin, i - label_begin)),
              std::string(TrimBlanks(s.substr(i + 1)))};
    }
  }
  return {std::string(), std::string(s)};
}

void ReadHeaderLine(std::string_view after_semicolon, SwfHeader& header) {
  auto [label, value] = SplitHeaderLine(after_semicolon);
  if (label == "MaxProcs") {
    header.max_procs = LeadingInteger(value);
  } else if (label == "MaxNodes") {
    header.max_nodes = LeadingInteger(value);
  } else if (label == "UnixStartTime") {
    header.unix_start_time = LeadingInteger(value);
  } else if (label == "TimeZoneString") {
    header.time_zone_string = value;
  }
  header.fields.emplace_back(std::move(label), std::move(value));
}

class LineParser {
 public:
  LineParser(const std::string& name, int64_t line_no) : name_(name), line_no_(line_no) {}

  std::string Where(int field) const {
    return name_ + ":" + std::to_string(line_no_) + ": field " + std::to_string(field) + " (" +
           SwfFieldName(field) + ")";
  }

  // Parses an integer field; a decimal such as "3600.0" is rounded (times are whole seconds).
  Status Integer(std::string_view tok, int field, int64_t lo, int64_t hi, int64_t& out) const {
    const char* end = tok.data() + tok.size();
    auto [ptr, ec] = std::from_chars(tok.data(), end, out);
    if (ec == std::errc() && ptr == end) {
      if (out < lo || out > hi) return OutOfRange(tok, field, lo, hi);
      return Status::Ok();
    }
    if (ec == std::errc::result_out_of_range) return OutOfRange(tok, field, lo, hi);
    double d = 0;
    auto [dptr, dec] = std::from_chars(tok.data(), end, d);
    if (dec == std::errc() && dptr == end && std::isfinite(d) && d >= static_cast<double>(lo) &&
        d <= static_cast<double>(hi)) {
      out = static_cast<int64_t>(std::llround(d));
      return Status::Ok();
    }
    return Status::InvalidInput(Where(field) + ": expected an integer (or -1 if missing), found " +
                                Quote(tok));
  }

  Status Decimal(std::string_view tok, int field, double& out) const {
    const char* end = tok.data() + tok.size();
    auto [ptr, ec] = std::from_chars(tok.data(), end, out);
    if (ec == std::errc() && ptr == end && std::isfinite(out)) return Status::Ok();
    return Status::InvalidInput(Where(field) + ": expected a number (or -1 if missing), found " +
                                Quote(tok));
  }

 private:
  Status OutOfRange(std::string_view tok, int field, int64_t lo, int64_t hi) const {
    return Status::InvalidInput(Where(field) + ": value " + Quote(tok) + " out of range [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }

  const std::string& name_;
  int64_t line_no_;
};

constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max() / 4;  // room for sums of times

Status ParseJobLine(std::string_view line, const std::string& name, int64_t line_no, Job& job) {
  std::string_view tok[kSwfFieldCount];
  int count = 0;
  size_t i = 0;
  while (true) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    if (i == line.size()) break;
    size_t begin = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (count < kSwfFieldCount) tok[count] = line.substr(begin, i - begin);
    ++count;
  }
  if (count != kSwfFieldCount) {
    return Status::InvalidInput(name + ":" + std::to_string(line_no) + ": expected 18 fields, found " +
                                std::to_string(count) +
                                (count > kSwfFieldCount
                                     ? " (field 19 and beyond are not SWF)"
                                     : " (field " + std::to_string(count + 1) + ", " +
                                           SwfFieldName(count + 1) + ", is missing)"));
  }
  LineParser p(name, line_no);
  int64_t v[kSwfFieldCount] = {};
  double d[kSwfFieldCount] = {};
  for (int f = 1; f <= kSwfFieldCount; ++f) {
    if (SwfFieldIsDecimal(f)) {
      AIRGRID_RETURN_IF_ERROR(p.Decimal(tok[f - 1], f, d[f - 1]));
    } else {
      const bool is32 = f == 5 || f == 8 || (f >= 11 && f <= 16);
      AIRGRID_RETURN_IF_ERROR(
          p.Integer(tok[f - 1], f, is32 ? -kI32Max : -kI64Max, is32 ? kI32Max : kI64Max, v[f - 1]));
    }
  }
  job.id = v[0];
  job.submit = v[1];
  job.wait = v[2];
  job.runtime = v[3];
  job.alloc_procs = static_cast<int32_t>(v[4]);
  job.avg_cpu = d[5];
  job.used_mem = d[6];
  job.req_procs = static_cast<int32_t>(v[7]);
  job.req_time = v[8];
  job.req_mem = d[9];
  job.status = static_cast<int32_t>(v[10]);
  job.user = static_cast<int32_t>(v[11]);
  job.group = static_cast<int32_t>(v[12]);
  job.executable = static_cast<int32_t>(v[13]);
  job.queue = static_cast<int32_t>(v[14]);
  job.partition = static_cast<int32_t>(v[15]);
  job.preceding = v[16];
  job.think_time = v[17];
  return Status::Ok();
}

constexpr const char* kNegativeSubmit = "submit time < 0";
constexpr const char* kDecreasingSubmit = "submit time before the previous record's";

Status SetMachineSize(const SwfReadOptions& options, const std::string& name, Workload& w) {
  if (options.procs > 0) {
    w.machine_procs = options.procs;
  } else if (w.header.max_procs > 0 && w.header.max_procs <= kI32Max) {
    w.machine_procs = static_cast<int32_t>(w.header.max_procs);
  } else if (w.header.max_nodes > 0 && w.header.max_nodes <= kI32Max) {
    w.machine_procs = static_cast<int32_t>(w.header.max_nodes);
  } else {
    return Status::InvalidInput(name +
                                ": machine size unknown: the header has no positive MaxProcs or "
                                "MaxNodes; give the number of processors with --procs N");
  }
  return Status::Ok();
}

Result<Workload> ParsePlainSwf(std::string_view text, const std::string& name,
                               const SwfReadOptions& options) {
  Workload w;
  w.source = name;
  // A rough job count from the size (about 60 bytes a line) avoids most reallocations.
  w.jobs.reserve(text.size() / 64 + 1);
  int64_t line_no = 0;
  int64_t prev_submit = -1;
  int64_t prev_line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    if (first == line.size()) continue;
    if (line[first] == ';') {
      ReadHeaderLine(line.substr(first + 1), w.header);
      continue;
    }
    Job job;
    AIRGRID_RETURN_IF_ERROR(ParseJobLine(line, name, line_no, job));
    if (job.submit < 0 || job.submit < prev_submit) {
      const bool negative = job.submit < 0;
      if (options.invalid == InvalidRecords::kSkip) {
        ++w.skipped[negative ? kNegativeSubmit : kDecreasingSubmit];
        continue;
      }
      return Status::InvalidInput(
          name + ":" + std::to_string(line_no) + ": field 2 (submit time): " +
          (negative ? "expected a submit time >= 0, found " + std::to_string(job.submit)
                    : "expected submit times in non-decreasing order, found " +
                          std::to_string(job.submit) + " after " + std::to_string(prev_submit) +
                          " (line " + std::to_string(prev_line) + ")") +
          "; to leave such records out, read with --invalid skip");
    }
    prev_submit = job.submit;
    prev_line = line_no;
    w.jobs.push_back(job);
  }
  if (w.jobs.empty())
    return Status::InvalidInput(name + ": no job lines (only blank or header lines); expected at "
                                       "least one job of 18 fields");
  AIRGRID_RETURN_IF_ERROR(SetMachineSize(options, name, w));
  return w;
}

}  // namespace

Result<InvalidRecords> ParseInvalidRecords(std::string_view name) {
  if (name == "error") return InvalidRecords::kError;
  if (name == "skip") return InvalidRecords::kSkip;
  return Status::InvalidInput("--invalid '" + std::string(name) + "': expected error or skip");
}

std::string DescribeSkipped(const Workload& w) {
  if (w.skipped.empty()) return "none";
  int64_t total = 0;
  std::string reasons;
  for (const auto& [reason, count] : w.skipped) {
    total += count;
    reasons += (reasons.empty() ? "" : ", ") + reason + ": " + std::to_string(count);
  }
  return std::to_string(total) + (total == 1 ? " record" : " records") + " skipped (" + reasons +
         ")";
}

Result<Workload> ParseSwf(std::string_view text, const std::string& name,
                          const SwfReadOptions& options) {
  StepScope step("parsing the SWF workload", name);
  if (LooksGzipped(text)) {
    Result<std::string> plain = GunzipString(text, name);
    if (!plain.ok()) return plain.status();
    // Decompress once only: a gzip "quine" (a file that inflates to itself) must not recurse.
    return ParsePlainSwf(plain.value(), name, options);
  }
  return ParsePlainSwf(text, name, options);
}

Result<Workload> ReadSwf(const std::string& path, const SwfReadOptions& options) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return ParseSwf(bytes.value(), path, options);
}

}  // namespace airgrid::workload
