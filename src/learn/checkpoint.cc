#include "learn/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"

namespace airgrid::learn {
namespace {

constexpr const char* kMagic = "# airgrid campaign checkpoint v1 ";

uint64_t Fnv1a(const std::string& s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(s[i]);
    h *= 0x100000001b3ull;
  }
  return h;
}

template <typename T>
bool Next(const char*& p, const char* end, T* out) {
  while (p < end && *p == ' ') ++p;
  auto [q, ec] = std::from_chars(p, end, *out);
  if (ec != std::errc() || q == p) return false;
  p = q;
  return true;
}

std::string Describe(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

std::string FormatCheckpointRecord(const CheckpointRecord& r) {
  fmt::memory_buffer b;
  const size_t n = r.scores.value_sum.size();
  fmt::format_to(std::back_inserter(b), "T {} {} {}", r.tuple, r.position, n);
  for (double v : r.scores.value_sum) fmt::format_to(std::back_inserter(b), " {}", v);
  for (int64_t c : r.scores.n_first) fmt::format_to(std::back_inserter(b), " {}", c);
  std::string line = fmt::to_string(b);
  line += fmt::format(" {:016x}\n", Fnv1a(line, line.size()));
  return line;
}

bool ParseCheckpointRecord(const std::string& line, CheckpointRecord* r) {
  if (line.size() < 20 || line.compare(0, 2, "T ") != 0) return false;
  size_t end = line.size();
  if (line[end - 1] == '\n') --end;
  if (end < 17 || line[end - 17] != ' ') return false;
  uint64_t sum = 0;
  auto [q, ec] = std::from_chars(line.data() + end - 16, line.data() + end, sum, 16);
  if (ec != std::errc() || q != line.data() + end || sum != Fnv1a(line, end - 17)) return false;
  const char* p = line.data() + 2;
  const char* stop = line.data() + end - 17;
  int64_t n = 0;
  if (!Next(p, stop, &r->tuple) || !Next(p, stop, &r->position) || !Next(p, stop, &n)) return false;
  if (n < 1 || n > kMaxQueueJobs) return false;
  r->scores.value_sum.assign(static_cast<size_t>(n), 0.0);
  r->scores.n_first.assign(static_cast<size_t>(n), 0);
  for (double& v : r->scores.value_sum) if (!Next(p, stop, &v)) return false;
  for (int64_t& c : r->scores.n_first) if (!Next(p, stop, &c)) return false;
  return p == stop;
}

Result<CheckpointContents> LoadCheckpoint(const std::string& path, const nlohmann::json& params) {
  StepScope step("loading the campaign checkpoint", path);
  if (!std::filesystem::exists(path)) return Status::NotFound("no checkpoint " + path);
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::istringstream in(*text);
  std::string line;
  if (!std::getline(in, line) || line.rfind(kMagic, 0) != 0) {
    return Status::InvalidInput(path + ":1: not an airgrid campaign checkpoint (expected a line "
                                "starting with '" + std::string(kMagic) + "')");
  }
  nlohmann::json saved = nlohmann::json::parse(line.substr(std::strlen(kMagic)), nullptr, false);
  if (saved.is_discarded() || !saved.is_object()) {
    return Status::InvalidInput(path + ":1: damaged checkpoint header (parameters are not JSON)");
  }
  std::string diffs;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const nlohmann::json old = saved.contains(it.key()) ? saved[it.key()] : nlohmann::json();
    if (old != it.value()) {
      diffs += fmt::format("{}{}={} (this run: {})", diffs.empty() ? "" : ", ", it.key(),
                           old.is_null() ? "absent" : Describe(old), Describe(it.value()));
    }
  }
  if (!diffs.empty()) {
    return Status::InvalidInput(fmt::format(
        "checkpoint {} was made with other parameters: {}; resume with the same parameters, "
        "or delete the checkpoint to start again",
        path, diffs));
  }
  CheckpointContents c;
  std::vector<bool> seen;
  while (std::getline(in, line)) {
    CheckpointRecord r;
    if (!ParseCheckpointRecord(line + "\n", &r) || r.tuple < 0) {
      ++c.ignored_lines;
      continue;
    }
    const size_t t = static_cast<size_t>(r.tuple);
    if (t >= seen.size()) seen.resize(t + 1, false);
    if (seen[t]) continue;
    seen[t] = true;
    c.records.push_back(std::move(r));
  }
  return c;
}

Status WriteCheckpoint(const std::string& path, const nlohmann::json& params,
                       const std::vector<CheckpointRecord>& records) {
  std::string text = kMagic + params.dump() + "\n";
  for (const CheckpointRecord& r : records) text += FormatCheckpointRecord(r);
  return WriteFileAtomic(path, text);
}

Status CheckpointAppender::Append(const CheckpointRecord& r) {
  Status st = rows_.Append(FormatCheckpointRecord(r));
  if (st.ok()) return st;
  return Status::IoError("checkpoint: " + st.message());
}

}  // namespace airgrid::learn
