// SWF writer: header lines as read, then one line of 18 fields per job.
#include <charconv>
#include <string>

#include "airgrid/base/atomic_file.h"
#include "airgrid/workload/swf.h"
#include "workload/gzip.h"

namespace airgrid::workload {
namespace {

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ptr);
}

// Shortest text that reads back to the same double (to_chars guarantees the round trip).
void AppendDecimal(std::string& out, double v) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ptr);
}

bool HasLabel(const SwfHeader& h, const std::string& label) {
  for (const auto& [l, v] : h.fields) {
    if (l == label) return true;
  }
  return false;
}

void AppendHeader(const Workload& w, std::string& out) {
  for (const auto& [label, value] : w.header.fields) {
    if (label.empty()) {
      out += ';';
      out += value;
    } else {
      out += "; ";
      out += label;
      out += ':';
      if (!value.empty()) out += ' ';
      out += value;
    }
    out += '\n';
  }
  // Readers need the machine size; say it even when the source header did not.
  if (w.machine_procs > 0 && !HasLabel(w.header, "MaxProcs")) {
    out += "; MaxProcs: ";
    AppendInt(out, w.machine_procs);
    out += '\n';
  }
}

void AppendJob(const Job& j, const SwfExtra& x, std::string& out) {
  const int64_t ints_a[] = {j.id, j.submit, x.wait, j.runtime, j.alloc_procs};
  for (int64_t v : ints_a) {
    AppendInt(out, v);
    out += ' ';
  }
  AppendDecimal(out, x.avg_cpu);
  out += ' ';
  AppendDecimal(out, x.used_mem);
  out += ' ';
  AppendInt(out, j.req_procs);
  out += ' ';
  AppendInt(out, j.req_time);
  out += ' ';
  AppendDecimal(out, x.req_mem);
  const int64_t ints_b[] = {x.status,    j.user,      x.group,     x.executable,
                            x.queue,     x.partition, x.preceding, x.think_time};
  for (int64_t v : ints_b) {
    out += ' ';
    AppendInt(out, v);
  }
  out += '\n';
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string FormatSwf(const Workload& w) {
  std::string out;
  out.reserve(64 * w.jobs.size() + 1024);
  AppendHeader(w, out);
  // Without kept extra fields (DropSwfExtra, or jobs built in code) they are -1.
  const SwfExtra none;
  const bool extra = w.extra.size() == w.jobs.size();
  for (size_t i = 0; i < w.jobs.size(); ++i) AppendJob(w.jobs[i], extra ? w.extra[i] : none, out);
  return out;
}

Result<std::string> EncodeSwf(const Workload& w, const std::string& path) {
  std::string text = FormatSwf(w);
  if (!EndsWith(path, ".gz")) return text;
  return GzipString(text);
}

Status WriteSwf(const Workload& w, const std::string& path) {
  Result<std::string> bytes = EncodeSwf(w, path);
  if (!bytes.ok()) return bytes.status();
  return WriteFileAtomic(path, bytes.value());
}

}  // namespace airgrid::workload
