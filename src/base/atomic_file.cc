#include "airgrid/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "airgrid/base/step.h"
#include "base/file_ops.h"

namespace airgrid {
namespace internal {

Status ErrnoStatus(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

Result<TempFile> CreateTempFor(const std::string& target) {
  const std::filesystem::path p(target);
  const std::filesystem::path dir = p.parent_path();
  // mkostemp: O_CREAT|O_EXCL and six random characters, so a planted name or link is never
  // followed and the name cannot be predicted.
  std::filesystem::path leaf = p.filename();
  leaf.replace_filename("." + leaf.native() + ".tmp.XXXXXX");
  std::string name = (dir / leaf).native();
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot create a temporary file for", target);
  ::fchmod(fd, 0644);  // mkostemp creates 0600; outputs are ordinary readable files
  return TempFile{fd, name};
}

Status WriteAllAndSync(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return ErrnoStatus("cannot write", path);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return ErrnoStatus("cannot flush", path);
  return Status::Ok();
}

void SyncFolderOf(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself succeeded
  ::fsync(fd);
  ::close(fd);
}

}  // namespace internal

namespace {

using internal::ErrnoStatus;

const char* KindOf(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string HumanBytes(uint64_t bytes) {
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double v = static_cast<double>(bytes);
  int unit = -1;
  while (v >= 1024 && unit < 3) {
    v /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, v == static_cast<double>(static_cast<uint64_t>(v)) ? "%.0f %s" : "%.1f %s",
                v, kUnits[unit]);
  return text;
}

Status CheckOutputTarget(const std::string& path) {
  if (path.empty()) return Status::InvalidInput("empty output path");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      return Status::InvalidInput(path + ": is " + KindOf(st.st_mode) +
                                  "; outputs are written only as regular files (refusing to "
                                  "replace it)");
    }
  } else if (errno != ENOENT) {
    return ErrnoStatus("cannot inspect", path);
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
    return Status::InvalidInput(path + ": folder '" + dir.string() + "' does not exist");
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, const std::string& content) {
  AIRGRID_RETURN_IF_ERROR(CheckOutputTarget(path));
  Result<internal::TempFile> tmp = internal::CreateTempFor(path);
  if (!tmp.ok()) return tmp.status();
  Status st = internal::WriteAllAndSync(tmp->fd, content, path);
  ::close(tmp->fd);
  if (st.ok()) st = CheckOutputTarget(path);  // it may have been replaced meanwhile
  if (st.ok() && std::rename(tmp->path.c_str(), path.c_str()) != 0)
    st = ErrnoStatus("cannot rename to", path);
  if (!st.ok()) {
    ::unlink(tmp->path.c_str());
    return st;
  }
  internal::SyncFolderOf(path);
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path,
                       const std::function<Status(std::ostream&)>& write) {
  std::ostringstream out;
  AIRGRID_RETURN_IF_ERROR(write(out));
  if (!out.good()) return Status::Internal("cannot format the content of " + path);
  return WriteFileAtomic(path, out.str());
}

Status AppendLine(const std::string& path, const std::string& header, const std::string& line) {
  return AppendLine(path, header, line, [](int fd, const void* data, size_t size) {
    return ::write(fd, data, size);
  });
}

namespace {

// One write of `data` at the end of `fd` (O_APPEND); on a short or failed write, the file is cut
// back to where `data` began if nothing was appended after it. Errors keep the failing errno.
Status AppendAllOrNothing(int fd, const std::string& data, const std::string& path, const WriteCall& write_call) {
  errno = 0;
  const ssize_t n = write_call(fd, data.data(), data.size());
  int saved = errno;  // later calls (lseek, ftruncate) may change it
  if (n == static_cast<ssize_t>(data.size())) return Status::Ok();
  if (n >= 0 && saved == 0) saved = ENOSPC;  // a short write without error: the disk is full
  if (n > 0) {
    const off_t end = ::lseek(fd, 0, SEEK_CUR);
    struct stat st {};
    if (end >= n && ::fstat(fd, &st) == 0 && st.st_size == end) (void)::ftruncate(fd, end - n);  // no torn row
  }
  errno = saved;
  return ErrnoStatus("cannot append to", path);
}

}  // namespace

RowAppender::RowAppender(std::string path, WriteCall write_call)
    : path_(std::move(path)), write_(std::move(write_call)) {
  if (!write_) write_ = [](int fd, const void* data, size_t size) { return ::write(fd, data, size); };
}

RowAppender::~RowAppender() {
  if (fd_ >= 0) ::close(fd_);
}

Status RowAppender::Append(const std::string& row) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    if (fd_ < 0) return ErrnoStatus("cannot open", path_);
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      return Status::InvalidInput(path_ + ": not a regular file; refusing to append to it");
    }
  }
  AIRGRID_RETURN_IF_ERROR(AppendAllOrNothing(fd_, row, path_, write_));
  if (::fsync(fd_) != 0) return ErrnoStatus("cannot flush", path_);
  return Status::Ok();
}

Status AppendLine(const std::string& path, const std::string& header, const std::string& line,
                  const WriteCall& write_call) {
  AIRGRID_RETURN_IF_ERROR(CheckOutputTarget(path));
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput(path + ": not a regular file; refusing to append to it");
  }
  const std::string data = (st.st_size == 0 ? header : std::string()) + line;
  Status appended = AppendAllOrNothing(fd, data, path, write_call);
  if (!appended.ok()) {
    ::close(fd);
    return appended;
  }
  if (::close(fd) != 0) return ErrnoStatus("cannot close", path);
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes) {
  StepScope step("reading", path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = ErrnoStatus("cannot inspect", path);
    ::close(fd);
    return s;
  }
  auto too_big = [&] {
    return Status::InvalidInput(path + ": larger than the limit of " + HumanBytes(max_bytes) +
                                " for this input");
  };
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput(path + ": is a folder; expected a file");
  }
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return too_big();
  }
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = ErrnoStatus("cannot read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) {
      ::close(fd);
      return too_big();
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace airgrid
