#include "airgrid/base/output_plan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "airgrid/base/atomic_file.h"
#include "base/file_ops.h"

namespace airgrid {
namespace {

namespace fs = std::filesystem;

// What makes two paths the same file: device + inode when it exists, else the resolved path.
struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string resolved;
};

Identity Identify(const std::string& path) {
  Identity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  }
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(path, ec), ec);
  id.resolved = ec ? path : resolved.string();
  return id;
}

bool Same(const Identity& a, const Identity& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.resolved == b.resolved;
}

bool Ignored(const std::string& path) { return path.empty() || path == "-"; }

std::string Named(const std::string& option, const std::string& path) {
  return option.empty() ? "'" + path + "'" : option + " '" + path + "'";
}

}  // namespace

OutputPlan::~OutputPlan() {
  if (!committed_) Rollback();
}

void OutputPlan::Input(const std::string& option, const std::string& path) {
  if (!Ignored(path)) inputs_.push_back({option, path});
}

void OutputPlan::Output(const std::string& option, const std::string& path) {
  if (!Ignored(path)) outputs_.push_back({option, path, "", -1, false, false, "", false});
}

bool OutputPlan::Declared(const std::string& path) const {
  for (const Output_& o : outputs_)
    if (o.path == path) return true;
  return false;
}

std::string OutputPlan::StagedPath(const std::string& path) const {
  for (const Output_& o : outputs_)
    if (o.path == path && o.staged) return o.temp;
  return "";
}

OutputPlan::Output_* OutputPlan::Find(const std::string& path) {
  for (Output_& o : outputs_)
    if (o.path == path) return &o;
  return nullptr;
}

Status OutputPlan::Prepare() {
  std::vector<Identity> input_ids;
  for (const Input_& in : inputs_) input_ids.push_back(Identify(in.path));
  std::vector<Identity> output_ids;
  for (Output_& out : outputs_) {
    if (out.written_now) {  // checked and written by WriteNow already
      output_ids.push_back(Identify(out.path));
      continue;
    }
    Status st = CheckOutputTarget(out.path);
    if (!st.ok()) {
      Rollback();
      return Status::InvalidInput(out.option + " " + st.message());
    }
    const Identity id = Identify(out.path);
    for (size_t i = 0; i < inputs_.size(); ++i) {
      if (!input_ids[i].exists || !Same(id, input_ids[i])) continue;
      Rollback();
      return Status::InvalidInput(Named(out.option, out.path) + " is the same file as the input " +
                                  Named(inputs_[i].option, inputs_[i].path) +
                                  "; refusing to overwrite an input: choose another output path");
    }
    for (size_t k = 0; k < output_ids.size(); ++k) {
      if (!Same(id, output_ids[k])) continue;
      Rollback();
      return Status::InvalidInput(Named(out.option, out.path) + " and " +
                                  Named(outputs_[k].option, outputs_[k].path) +
                                  " are the same file; give each output its own path");
    }
    output_ids.push_back(id);
    Result<internal::TempFile> tmp = internal::CreateTempFor(out.path);
    if (!tmp.ok()) {
      Rollback();
      return Status::InvalidInput(out.option + " '" + out.path + "': cannot be written (" +
                                  tmp.status().message() + ")");
    }
    out.fd = tmp->fd;
    out.temp = tmp->path;
  }
  prepared_ = true;
  return Status::Ok();
}

Status OutputPlan::CheckNewOutput(const std::string& option, const std::string& path) const {
  Status st = CheckOutputTarget(path);
  if (!st.ok()) return Status::InvalidInput(option + " " + st.message());
  const Identity id = Identify(path);
  for (const Input_& in : inputs_) {
    if (!Same(id, Identify(in.path)) || !Identify(in.path).exists) continue;
    return Status::InvalidInput(Named(option, path) + " is the same file as the input " +
                                Named(in.option, in.path) +
                                "; refusing to overwrite an input: choose another output path");
  }
  for (const Output_& out : outputs_) {
    if (out.path == path || !Same(id, Identify(out.path))) continue;
    return Status::InvalidInput(Named(option, path) + " and " + Named(out.option, out.path) +
                                " are the same file; give each output its own path");
  }
  return Status::Ok();
}

Status OutputPlan::WriteNow(const std::string& option, const std::string& path, const std::string& content) {
  if (Ignored(path)) return Status::Internal("WriteNow needs a file path, got '" + path + "'");
  Output_* out = Find(path);
  if (out != nullptr && !out->written_now)
    return Status::Internal("output " + path + " is already declared for Stage and Commit");
  AIRGRID_RETURN_IF_ERROR(CheckNewOutput(option, path));
  if (out == nullptr) {
    outputs_.push_back({option, path, "", -1, false, false, "", true});
    out = &outputs_.back();
    // The file this run replaces stays reachable until Commit, to put it back on failure.
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      Result<internal::TempFile> backup = internal::CreateTempFor(path);
      if (!backup.ok()) return backup.status();
      ::close(backup->fd);
      ::unlink(backup->path.c_str());
      if (::link(path.c_str(), backup->path.c_str()) != 0)
        return internal::ErrnoStatus("cannot keep the earlier version of", path);
      out->backup = backup->path;
    }
  }
  // Listed before writing: should the write fail half way, Rollback still restores the path.
  out->renamed = true;
  return WriteFileAtomic(path, content);
}

Status OutputPlan::Stage(const std::string& path, const std::string& content) {
  Output_* out = Find(path);
  if (!prepared_ || out == nullptr || out->fd < 0)
    return Status::Internal("output " + path + " was not declared and prepared before writing");
  if (out->staged && (::ftruncate(out->fd, 0) != 0 || ::lseek(out->fd, 0, SEEK_SET) != 0))
    return internal::ErrnoStatus("cannot rewrite", out->temp);
  Status st = internal::WriteAllAndSync(out->fd, content, path);
  if (!st.ok()) return st;
  out->staged = true;
  return Status::Ok();
}

Status OutputPlan::Commit() {
  Status failure;
  for (Output_& out : outputs_) {
    if (!out.staged) continue;
    ::close(out.fd);
    out.fd = -1;
    failure = CheckOutputTarget(out.path);  // replaced by something else meanwhile?
    if (!failure.ok()) break;
    struct stat st {};
    if (::lstat(out.path.c_str(), &st) == 0) {
      // Keep the old file reachable until every output is in place, to restore it on failure.
      Result<internal::TempFile> backup = internal::CreateTempFor(out.path);
      if (backup.ok()) {
        ::close(backup->fd);
        ::unlink(backup->path.c_str());
        if (::link(out.path.c_str(), backup->path.c_str()) == 0) out.backup = backup->path;
      }
    }
    if (std::rename(out.temp.c_str(), out.path.c_str()) != 0) {
      failure = internal::ErrnoStatus("cannot rename to", out.path);
      break;
    }
    out.renamed = true;
  }
  if (!failure.ok()) {
    for (Output_& out : outputs_) {
      if (out.renamed) {
        if (!out.backup.empty()) {
          std::rename(out.backup.c_str(), out.path.c_str());
        } else {
          ::unlink(out.path.c_str());
        }
        out.renamed = false;
        out.temp.clear();
      }
      if (!out.backup.empty()) ::unlink(out.backup.c_str());
      out.backup.clear();
    }
    Rollback();
    return failure;
  }
  for (Output_& out : outputs_) {
    if (!out.backup.empty()) ::unlink(out.backup.c_str());
    out.backup.clear();
    if (out.renamed && !out.written_now) internal::SyncFolderOf(out.path);
  }
  committed_ = true;
  Rollback();  // temporary files of outputs never staged
  return Status::Ok();
}

void OutputPlan::Rollback() {
  for (Output_& out : outputs_) {
    if (out.written_now && !committed_ && out.renamed) {
      if (!out.backup.empty()) {
        std::rename(out.backup.c_str(), out.path.c_str());
      } else {
        ::unlink(out.path.c_str());
      }
      out.backup.clear();
      out.renamed = false;
    }
    if (out.fd >= 0) ::close(out.fd);
    out.fd = -1;
    if (!out.renamed && !out.temp.empty()) ::unlink(out.temp.c_str());
    out.temp.clear();
    out.staged = false;
  }
}

}  // namespace airgrid
