// The outputs of one run, declared up front and written all together or not at all.
//
//   OutputPlan plan;
//   plan.Input("--scores", scores_path);       // files the run reads
//   plan.Output("--json", json_path);          // files it writes ("" and "-" are ignored)
//   AIRGRID_RETURN_IF_ERROR(plan.Prepare());   // before the work starts
//   ... work ...
//   plan.Stage(json_path, text);               // content of each output, in temp files
//   AIRGRID_RETURN_IF_ERROR(plan.Commit());    // renamed into place together
//
// Prepare refuses (InvalidInput, naming the options) an output that is not a regular file, that
// is the same file as an input or as another output (device + inode after resolving links, or
// the same resolved path for files not yet there), or whose folder is missing or not writable:
// it creates each output's temporary file there (O_EXCL, unpredictable name), so a failure is
// found before the work. Commit renames every staged file into place; if one rename fails, the
// outputs already renamed are put back as they were (a replaced file is restored from a hard
// link kept until the end). A plan destroyed without Commit (error, exception) removes its
// temporary files: no output of a failed run remains.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid {

class OutputPlan {
 public:
  OutputPlan() = default;
  OutputPlan(const OutputPlan&) = delete;
  OutputPlan& operator=(const OutputPlan&) = delete;
  ~OutputPlan();

  // A file the run reads; "" and "-" are ignored, and so are paths that do not exist (generated
  // workload specs such as lublin:100): they cannot be overwritten.
  void Input(const std::string& option, const std::string& path);
  // A file the run writes; "" and "-" (stdout) are ignored.
  void Output(const std::string& option, const std::string& path);

  Status Prepare();
  // The full content of a declared output. Outputs never staged are simply not written.
  Status Stage(const std::string& path, const std::string& content);
  // Declares and writes an output now, atomically (as WriteFileAtomic), for a run whose later
  // steps read its earlier outputs back (a study folder). Checked as Prepare checks a declared
  // output (regular file, not an input, not another output). Until Commit it stays provisional:
  // Rollback, or destroying the plan without Commit, removes it, or restores the file it
  // replaced (kept meanwhile as a hard link). Writing the same path again replaces the content.
  Status WriteNow(const std::string& option, const std::string& path, const std::string& content);
  Status Commit();
  // Removes temporary files (and undoes renames of a Commit in progress, and the writes of
  // WriteNow before a Commit). Idempotent.
  void Rollback();

  bool Declared(const std::string& path) const;
  // Where the staged content of `path` lies until Commit (to read it back, e.g. to validate a
  // model before it is published); "" if not staged.
  std::string StagedPath(const std::string& path) const;

 private:
  struct Input_ {
    std::string option, path;
  };
  struct Output_ {
    std::string option, path;
    std::string temp;      // created by Prepare
    int fd = -1;
    bool staged = false;
    bool renamed = false;
    std::string backup;    // hard link to the file replaced, until the end of Commit
    bool written_now = false;  // by WriteNow: in place, undone by Rollback before Commit
  };
  Status CheckNewOutput(const std::string& option, const std::string& path) const;
  Output_* Find(const std::string& path);

  std::vector<Input_> inputs_;
  std::vector<Output_> outputs_;
  bool prepared_ = false;
  bool committed_ = false;
};

}  // namespace airgrid
