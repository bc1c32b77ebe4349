#include "airgrid/base/folder_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "airgrid/base/atomic_file.h"

namespace airgrid {
namespace {

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

// Parses "pid N host H"; false if the content is not a lock written by FolderLock.
bool ParseOwner(const std::string& text, long* pid, std::string* host) {
  char h[256] = {};
  if (std::sscanf(text.c_str(), "pid %ld host %255s", pid, h) != 2) return false;
  *host = h;
  return true;
}

// A lock whose owner is gone: same host and the pid does not exist any more.
bool IsStale(const std::string& text) {
  long pid = 0;
  std::string host;
  if (!ParseOwner(text, &pid, &host) || pid <= 0 || host != HostName()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

Result<std::unique_ptr<FolderLock>> FolderLock::Acquire(const std::string& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Status::IoError("cannot create " + folder + ": " + ec.message());
  if (!std::filesystem::is_directory(folder))
    return Status::InvalidInput(folder + ": exists and is not a folder");
  const std::string path = (std::filesystem::path(folder) / kFileName).string();
  const std::string owner = "pid " + std::to_string(::getpid()) + " host " + HostName() + "\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
      const bool written = ::write(fd, owner.data(), owner.size()) == static_cast<ssize_t>(owner.size());
      ::close(fd);
      if (!written) {
        ::unlink(path.c_str());
        return Status::IoError("cannot write the lock file " + path + ": " + std::strerror(errno));
      }
      return std::unique_ptr<FolderLock>(new FolderLock(path));
    }
    if (errno != EEXIST) return Status::IoError("cannot create the lock file " + path + ": " + std::strerror(errno));
    Result<std::string> held = ReadFile(path, 4096);
    const std::string text = held.ok() ? *held : "";
    if (attempt == 0 && IsStale(text)) {
      ::unlink(path.c_str());  // its owner died without removing it
      continue;
    }
    std::string who = text;
    while (!who.empty() && (who.back() == '\n' || who.back() == '\r')) who.pop_back();
    if (who.size() > 300 || who.find_first_of("\x1b\r\n") != std::string::npos) who = "unknown owner";
    return Status::InvalidInput(folder + ": in use by another run (" + (who.empty() ? "unknown owner" : who) +
                                "; lock file " + path +
                                "); wait for it to end, or remove the lock file if that run is gone");
  }
  return Status::InvalidInput(folder + ": cannot take its lock " + path);
}

FolderLock::~FolderLock() { ::unlink(path_.c_str()); }

}  // namespace airgrid
