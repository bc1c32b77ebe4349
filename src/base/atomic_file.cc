#include "airgrid/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace airgrid {
namespace {

std::string TempPathFor(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

Status ErrnoStatus(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Status WriteFileAtomic(const std::string& path,
                       const std::function<Status(std::ostream&)>& write) {
  const std::string tmp = TempPathFor(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    // Errors name the output the user asked for, never the temporary next to it.
    if (!out) return ErrnoStatus("cannot write", path);
    Status st = write(out);
    out.flush();
    if (!st.ok() || !out.good()) {
      out.close();
      std::remove(tmp.c_str());
      return st.ok() ? Status::IoError("cannot write " + path) : st;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = ErrnoStatus("cannot rename to", path);
    std::remove(tmp.c_str());
    return st;
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, const std::string& content) {
  return WriteFileAtomic(path, [&content](std::ostream& out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return Status::Ok();
  });
}

Status AppendLine(const std::string& path, const std::string& header, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size == 0) data = header;
  data += line;
  ssize_t n = ::write(fd, data.data(), data.size());
  int saved = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(data.size())) {
    errno = saved;
    return ErrnoStatus("cannot append to", path);
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  return ss.str();
}

}  // namespace airgrid
