// What every phase of the study shares: its options, the log, the output folder and the
// tracker's phases. Each phase is one unit (phase_*.h) with explicit input and output structs;
// RunStudy (study.cc) calls them in order. A new phase is one new unit plus one line there.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "airgrid/base/output_plan.h"
#include "airgrid/base/status.h"
#include "airgrid/base/step.h"
#include "airgrid/measure/carbon.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/study/study.h"

namespace airgrid::study {

// The study's output folder, written through the base output plan (base/output_plan.h): each
// file is checked (a regular file, not an input of the study), written atomically at once (later
// phases read earlier files back) and listed in study.json. The files stay provisional until
// Commit: a study that fails removes the files it wrote and restores those of an earlier study
// it replaced (--force), so a folder never mixes two runs.
class OutputFolder {
 public:
  explicit OutputFolder(std::string dir) : dir_(std::move(dir)) {}
  // Creates the folder and its results/ subfolder.
  Status Create() const;
  // A file the study reads (trace, power model file): no study file may overwrite it.
  void Input(const std::string& option, const std::string& path) { plan_.Input(option, path); }
  // Writes `rel` (relative to the folder) now, atomically, and lists it.
  Status Write(const std::string& rel, const std::string& text);
  // Keeps every file written; called once, when the whole study has succeeded.
  Status Commit() { return plan_.Commit(); }
  // For files written by another library's writer: the path to give it, then List(). Such a
  // file is not undone on failure: prefer Write.
  std::string Path(const std::string& rel) const;
  void List(const std::string& rel) { files_.push_back(rel); }

  const std::string& dir() const { return dir_; }
  const std::vector<std::string>& files() const { return files_; }

 private:
  std::string dir_;
  std::vector<std::string> files_;
  OutputPlan plan_;
};

// The formatted energy of a record, "1.23e-05 kWh".
std::string Kwh(double joules);

// Carbon settings (intensity, PUE, embodied device) from the options; InvalidInput names the option.
Result<measure::CarbonSettings> StudyCarbon(const StudyOptions& o);

// The options as recorded in grid-input.json and study.json.
nlohmann::json StudyOptionsJson(const StudyOptions& o);

struct StudyContext {
  const StudyOptions& options;
  const std::string& command_line;
  std::ostream& log;
  OutputFolder& out;
  PhaseTracker& phases;
  // The phase running now, for messages on failures without context (std::bad_alloc).
  std::optional<StepScope> step{};
};

}  // namespace airgrid::study
