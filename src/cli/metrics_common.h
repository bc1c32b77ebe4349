// Options shared by `airgrid metrics regression|classification`: a truth column, a prediction
// column (same or different CSV files), optional groups for a per-group frame, JSON output.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "airgrid/metrics/group_frame.h"
#include "cli/cli_util.h"

namespace airgrid::cli {

struct PairedOptions {
  std::string truth_file, pred_file, truth_column, pred_column;
  std::string groups_file, group_column;
  bool no_header = false;
  std::string json_path;
};

void AddPairedOptions(CLI::App* app, PairedOptions* o);

struct Paired {
  Column truth, pred;
  std::vector<std::string> groups;  // empty without --groups
};

// Reads both columns (and the groups), checking equal lengths; throws InputError naming files.
Paired LoadPaired(const PairedOptions& o);

// {"file":..., "column":...} descriptions for the JSON output.
nlohmann::json Describe(const Column& c);

nlohmann::json FrameJson(const metrics::GroupFrame& f);

}  // namespace airgrid::cli
