// Low-level file steps shared by the output writer (atomic_file.cc) and the output plan
// (output_plan.cc). Internal to src/base.
#pragma once

#include <string>

#include "airgrid/base/status.h"

namespace airgrid::internal {

// A temporary file created with O_EXCL under an unpredictable name in the folder of `target`.
struct TempFile {
  int fd = -1;
  std::string path;
};
Result<TempFile> CreateTempFor(const std::string& target);

// Writes all of `data` to `fd` (retrying partial writes), then fsyncs; errors name `path`.
Status WriteAllAndSync(int fd, const std::string& data, const std::string& path);

// fsync of the folder holding `path`, so that a rename survives a crash.
void SyncFolderOf(const std::string& path);

// The errno message of the last failed call: "<what> <path>: <strerror(errno)>".
Status ErrnoStatus(const std::string& what, const std::string& path);

}  // namespace airgrid::internal
