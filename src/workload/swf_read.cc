// SWF reader: one pass over the text, streamed in pieces (a plain file is read 4 MiB at a
// time, a gzip file inflated 1 MiB at a time), std::from_chars per field, no iostreams.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

Status ParseJobLine(std::string_view line, const std::string& name, int64_t line_no, Job& job,
                    SwfExtra& extra) {
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
  extra.wait = v[2];
  job.runtime = v[3];
  job.alloc_procs = static_cast<int32_t>(v[4]);
  extra.avg_cpu = d[5];
  extra.used_mem = d[6];
  job.req_procs = static_cast<int32_t>(v[7]);
  job.req_time = v[8];
  extra.req_mem = d[9];
  extra.status = static_cast<int32_t>(v[10]);
  job.user = static_cast<int32_t>(v[11]);
  extra.group = static_cast<int32_t>(v[12]);
  extra.executable = static_cast<int32_t>(v[13]);
  extra.queue = static_cast<int32_t>(v[14]);
  extra.partition = static_cast<int32_t>(v[15]);
  extra.preceding = v[16];
  extra.think_time = v[17];
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
    // The widest job is a lower bound the user can check against the site's documentation
    // (RICC's widest job uses all 8192 cores; METACENTRUM's, 60 of its 806 processors).
    int32_t widest = 0;
    for (const Job& j : w.jobs) widest = std::max({widest, j.alloc_procs, j.req_procs});
    return Status::InvalidInput(
        name + ": machine size unknown: the header has no positive MaxProcs or MaxNodes; give "
               "the number of processors with --procs N (the site's size; the widest job in the "
               "file uses " + std::to_string(widest) + ")");
  }
  return Status::Ok();
}

// The reader's state between pieces of text: the text never has to be in memory as a whole
// (ReadSwf streams the file, or its decompressed bytes, through Feed).
class SwfParser {
 public:
  SwfParser(const std::string& name, const SwfReadOptions& options, size_t size_hint)
      : name_(name), options_(options) {
    w_.source = name;
    // A job line holds 18 fields and 18 separators: at least 36 bytes. Reserving for that many
    // never reallocates (which would hold old and new arrays at once); the pages past the last
    // job are never touched, so they cost address space, not memory.
    w_.jobs.reserve(size_hint / 36 + 1);
    w_.extra.reserve(size_hint / 36 + 1);
  }

  // Parses the complete lines of `piece`; a partial last line waits for the next piece.
  Status Feed(std::string_view piece) {
    if (!carry_.empty()) {
      const size_t eol = piece.find('\n');
      if (eol == std::string_view::npos) {
        carry_.append(piece);
        return Status::Ok();
      }
      carry_.append(piece.substr(0, eol));
      AIRGRID_RETURN_IF_ERROR(Line(carry_));
      carry_.clear();
      piece.remove_prefix(eol + 1);
    }
    while (!piece.empty()) {
      const size_t eol = piece.find('\n');
      if (eol == std::string_view::npos) {
        carry_.assign(piece);
        break;
      }
      AIRGRID_RETURN_IF_ERROR(Line(piece.substr(0, eol)));
      piece.remove_prefix(eol + 1);
    }
    return Status::Ok();
  }

  Result<Workload> Finish() {
    if (!carry_.empty()) {
      AIRGRID_RETURN_IF_ERROR(Line(carry_));
      carry_.clear();
    }
    if (w_.jobs.empty())
      return Status::InvalidInput(name_ + ": no job lines (only blank or header lines); expected "
                                          "at least one job of 18 fields");
    AIRGRID_RETURN_IF_ERROR(SetMachineSize(options_, name_, w_));
    return std::move(w_);
  }

 private:
  Status Line(std::string_view line) {
    ++line_no_;
    size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    if (first == line.size()) return Status::Ok();
    if (line[first] == ';') {
      ReadHeaderLine(line.substr(first + 1), w_.header);
      return Status::Ok();
    }
    Job job;
    SwfExtra extra;
    AIRGRID_RETURN_IF_ERROR(ParseJobLine(line, name_, line_no_, job, extra));
    if (job.submit < 0 || job.submit < prev_submit_) {
      const bool negative = job.submit < 0;
      if (options_.invalid == InvalidRecords::kSkip) {
        ++w_.skipped[negative ? kNegativeSubmit : kDecreasingSubmit];
        return Status::Ok();
      }
      return Status::InvalidInput(
          name_ + ":" + std::to_string(line_no_) + ": field 2 (submit time): " +
          (negative ? "expected a submit time >= 0, found " + std::to_string(job.submit)
                    : "expected submit times in non-decreasing order, found " +
                          std::to_string(job.submit) + " after " + std::to_string(prev_submit_) +
                          " (line " + std::to_string(prev_line_) + ")") +
          "; to leave such records out, read with --invalid skip");
    }
    prev_submit_ = job.submit;
    prev_line_ = line_no_;
    w_.jobs.push_back(job);
    w_.extra.push_back(extra);
    return Status::Ok();
  }

  const std::string& name_;
  const SwfReadOptions& options_;
  Workload w_;
  std::string carry_;  // a line split across pieces
  int64_t line_no_ = 0;
  int64_t prev_submit_ = -1;
  int64_t prev_line_ = 0;
};

// The uncompressed size of a gzip stream as its trailer states it (ISIZE, modulo 2^32: exact
// for a single member under 4 GiB), for the reservation; deflate cannot expand more than
// about 1032:1, so a larger claim is ignored.
size_t GzipSizeHint(std::string_view data) {
  if (data.size() < 18) return data.size();
  const auto* t = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
  const size_t isize = size_t{t[0]} | size_t{t[1]} << 8 | size_t{t[2]} << 16 | size_t{t[3]} << 24;
  return isize <= data.size() * 1032 ? std::max(isize, data.size()) : data.size() * 8;
}

Result<Workload> ParseGzipSwf(std::string_view data, const std::string& name,
                              const SwfReadOptions& options) {
  SwfParser parser(name, options, GzipSizeHint(data));
  // Decompress once only: a gzip "quine" (a file that inflates to itself) must not recurse.
  Result<size_t> inflated =
      GunzipPieces(data, name, [&parser](std::string_view piece) { return parser.Feed(piece); });
  if (!inflated.ok()) return inflated.status();
  return parser.Finish();
}

// Streams a plain file through the parser in pieces, or hands a gzip file (read whole: it is
// several times smaller than its text) to ParseGzipSwf.
Result<Workload> ReadSwfFile(const std::string& path, const SwfReadOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    // Folders, devices, FIFOs: ReadFile's checks and messages.
    ::close(fd);
    Result<std::string> bytes = ReadFile(path);
    if (!bytes.ok()) return bytes.status();
    return ParseSwf(bytes.value(), path, options);
  }
  std::string piece(size_t{4} << 20, '\0');
  std::unique_ptr<SwfParser> parser;
  uint64_t total = 0;
  while (true) {
    const ssize_t n = ::read(fd, piece.data(), piece.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::InvalidInput("cannot read " + path + ": " + why);
    }
    if (n == 0) break;
    const std::string_view got(piece.data(), static_cast<size_t>(n));
    if (total == 0 && LooksGzipped(got)) {
      ::close(fd);
      Result<std::string> bytes = ReadFile(path);
      if (!bytes.ok()) return bytes.status();
      return ParseGzipSwf(bytes.value(), path, options);
    }
    total += static_cast<uint64_t>(n);
    if (total > kMaxInputBytes) {
      ::close(fd);
      return Status::InvalidInput(path + ": larger than the limit of " + HumanBytes(kMaxInputBytes) +
                                  " for this input");
    }
    if (!parser) parser = std::make_unique<SwfParser>(path, options, static_cast<size_t>(st.st_size));
    Status s = parser->Feed(got);
    if (!s.ok()) {
      ::close(fd);
      return s;
    }
  }
  ::close(fd);
  if (!parser) parser = std::make_unique<SwfParser>(path, options, 0);  // an empty file
  return parser->Finish();
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
  if (LooksGzipped(text)) return ParseGzipSwf(text, name, options);
  SwfParser parser(name, options, text.size());
  AIRGRID_RETURN_IF_ERROR(parser.Feed(text));
  return parser.Finish();
}

Result<Workload> ReadSwf(const std::string& path, const SwfReadOptions& options) {
  StepScope step("parsing the SWF workload", path);
  return ReadSwfFile(path, options);
}

}  // namespace airgrid::workload
