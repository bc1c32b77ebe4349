// A folder owned by one run at a time (the study folder).
//
// The lock is a file "<folder>/.airgrid.lock" created with O_EXCL holding the owner's pid and
// host ("pid 1234 host node7"). A second run finds it and is refused with a message naming the
// owner. A lock left by a run that died (same host, pid no longer alive) is taken over. The lock
// file is removed when the FolderLock is destroyed.
#pragma once

#include <memory>
#include <string>

#include "airgrid/base/status.h"

namespace airgrid {

class FolderLock {
 public:
  // Creates `folder` if needed, then takes its lock. InvalidInput when another live run holds it.
  static Result<std::unique_ptr<FolderLock>> Acquire(const std::string& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  const std::string& lock_path() const { return path_; }
  // The lock file's name inside the folder.
  static constexpr const char* kFileName = ".airgrid.lock";

 private:
  explicit FolderLock(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace airgrid
