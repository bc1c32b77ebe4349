// The project's one output writer (and its bounded file reader).
//
// Guarantees of every write (see docs/formats.md, "Output guarantees"):
//  - only regular files are written or replaced: an existing device, FIFO, folder or symbolic
//    link at the output path is refused, never turned into a regular file;
//  - content goes to a temporary file created with O_EXCL under an unpredictable name
//    ("<dir>/.<name>.tmp.XXXXXX") in the target folder, is fsync'ed, renamed over the path, and
//    the folder is fsync'ed; on any failure the temporary file is removed and the path is
//    untouched;
//  - AppendLine is all-or-nothing per call: a short write is truncated back to the previous
//    length and reported with the errno of the failing write.
// Several outputs of one run that must all appear or none: see output_plan.h.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

#include "airgrid/base/status.h"

namespace airgrid {

// Writes `content` to `path` atomically.
Status WriteFileAtomic(const std::string& path, const std::string& content);

// Streams into memory through `write`; writes atomically only if `write` returns OK.
Status WriteFileAtomic(const std::string& path,
                       const std::function<Status(std::ostream&)>& write);

// Fails (InvalidInput, naming the path) when `path` exists and is not a regular file (a
// symbolic link, device, FIFO, socket or folder), or when its folder does not exist.
Status CheckOutputTarget(const std::string& path);

// The write(2) call AppendLine uses; tests substitute one that fails part way (a full disk).
using WriteCall = std::function<ssize_t(int fd, const void* data, size_t size)>;

// Appends `line` (which must end with '\n') to `path` in one write(2) on an O_APPEND descriptor,
// so concurrent appenders never interleave within a line. Writes `header` first if the file
// is new or empty. On a short or failed write the file is truncated back to its previous size.
Status AppendLine(const std::string& path, const std::string& header, const std::string& line);
Status AppendLine(const std::string& path, const std::string& header, const std::string& line,
                  const WriteCall& write_call);

// Appends rows to one file kept open (a campaign checkpoint), with AppendLine's guarantee: each
// Append is one write(2) on an O_APPEND descriptor (appenders never interleave within a row),
// then fsync; a short or failed write is cut back to where the row began, so no torn row stays
// (unless another process appended after it meanwhile: its row is then not cut). The file must
// exist and be a regular file. Thread-safe.
class RowAppender {
 public:
  explicit RowAppender(std::string path, WriteCall write_call = {});
  ~RowAppender();
  RowAppender(const RowAppender&) = delete;
  RowAppender& operator=(const RowAppender&) = delete;
  Status Append(const std::string& row);

 private:
  std::string path_;
  WriteCall write_;
  std::mutex mu_;
  int fd_ = -1;
};

// Largest input read by ReadFile by default (a larger file is refused, naming the limit).
inline constexpr uint64_t kMaxInputBytes = uint64_t{4} << 30;  // 4 GiB

// Reads a whole file of at most `max_bytes`. A folder is refused ("is a folder"); devices and
// FIFOs are read up to the limit (so "/dev/zero" fails at the limit instead of exhausting memory).
Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes = kMaxInputBytes);

// "4 GiB", "64 MiB", "512 bytes": a byte count as a person writes it.
std::string HumanBytes(uint64_t bytes);

}  // namespace airgrid
