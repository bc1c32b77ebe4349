#include "airgrid/base/folder_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace airgrid {
namespace {

namespace fs = std::filesystem;

fs::path Fresh(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("airgrid_lock_test_" + std::to_string(::getpid()) + name);
  fs::remove_all(d);
  return d;
}

// Regression (issue 11): two runs into one study folder interleaved silently.
TEST(FolderLock, SecondRunIsRefusedWhileTheFirstHoldsIt) {
  const fs::path d = Fresh("busy");
  auto first = FolderLock::Acquire(d.string());
  ASSERT_TRUE(first.ok()) << first.status().message();
  // Another process (a live pid) tries the same folder.
  const pid_t child = ::fork();
  if (child == 0) {
    auto second = FolderLock::Acquire(d.string());
    _exit(!second.ok() && second.status().message().find("in use by another run") != std::string::npos &&
                  second.status().message().find("pid " + std::to_string(::getppid())) != std::string::npos
              ? 0
              : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  first->reset();
  EXPECT_FALSE(fs::exists(d / FolderLock::kFileName));
  EXPECT_TRUE(FolderLock::Acquire(d.string()).ok());
  fs::remove_all(d);
}

TEST(FolderLock, StaleLockOfADeadRunIsTakenOver) {
  const fs::path d = Fresh("stale");
  fs::create_directories(d);
  const pid_t child = ::fork();
  if (child == 0) _exit(0);
  ::waitpid(child, nullptr, 0);  // a pid that no longer exists
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::ofstream(d / FolderLock::kFileName) << "pid " << child << " host " << host << "\n";
  auto lock = FolderLock::Acquire(d.string());
  EXPECT_TRUE(lock.ok()) << lock.status().message();
  fs::remove_all(d);
}

}  // namespace
}  // namespace airgrid
