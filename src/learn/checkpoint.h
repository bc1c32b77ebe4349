// Checkpoint file of a campaign: what survives SIGINT, SIGKILL or a lost node.
//
// Text, one record per line:
//   line 1:  "# airgrid campaign checkpoint v1 <parameters as one-line JSON>"
//   then:    "T <tuple> <position> <|Q|> <value_sum x |Q|> <n_first x |Q|> <fnv1a64 hex>"
// Values are printed in shortest round-trip form, so a resumed campaign sees exactly the sums
// it computed. Every record is written with one write(2) on an O_APPEND descriptor and
// fsync'd: concurrent writers (threads, ranks on one file system) never interleave within a
// line, and a record that exists has reached the disk. A line whose checksum or shape is wrong
// (a torn write) is ignored and its tuple recomputed.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/status.h"
#include "airgrid/learn/trial.h"

namespace airgrid::learn {

struct CheckpointRecord {
  int64_t tuple = 0;
  int64_t position = 0;
  TupleScores scores;
};

// One line (with '\n') for `r`, and its inverse (false for a damaged line).
std::string FormatCheckpointRecord(const CheckpointRecord& r);
bool ParseCheckpointRecord(const std::string& line, CheckpointRecord* r);

struct CheckpointContents {
  std::vector<CheckpointRecord> records;  // first record of each tuple, file order
  int ignored_lines = 0;
};

// Reads `path` and checks its parameters against `params`. InvalidInput naming the parameters
// that differ (and the file) if they do not match; NotFound if the file does not exist.
Result<CheckpointContents> LoadCheckpoint(const std::string& path, const nlohmann::json& params);

// Atomically (re)writes `path` with the header for `params` and `records`.
Status WriteCheckpoint(const std::string& path, const nlohmann::json& params,
                       const std::vector<CheckpointRecord>& records);

// Appends records to an existing checkpoint through the project's row appender
// (base/atomic_file.h): one fsync'ed write per record, a torn record cut back; thread-safe.
// `write_call` substitutes write(2) in tests (a full disk).
class CheckpointAppender {
 public:
  explicit CheckpointAppender(std::string path, WriteCall write_call = {})
      : rows_(std::move(path), std::move(write_call)) {}
  Status Append(const CheckpointRecord& r);

 private:
  RowAppender rows_;
};

}  // namespace airgrid::learn
