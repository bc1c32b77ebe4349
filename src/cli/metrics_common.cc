#include "cli/metrics_common.h"

#include "cli/command.h"

namespace airgrid::cli {

void AddPairedOptions(CLI::App* app, PairedOptions* o) {
  app->add_option("--truth", o->truth_file, "CSV file with the true values")->required();
  app->add_option("--pred", o->pred_file, "CSV file with the predictions")->required();
  app->add_option("--truth-column", o->truth_column, "column of --truth (default: the first)");
  app->add_option("--pred-column", o->pred_column, "column of --pred (default: the first)");
  app->add_flag("--no-header", o->no_header, "CSV files have no header line (columns by 1-based number)");
  app->add_option("--groups", o->groups_file, "CSV file with a group label per row (per-group frame)");
  app->add_option("--group-column", o->group_column, "column of --groups (default: the first)");
  AddJsonOutputOption(app, &o->json_path, "write the result as JSON to this file ('-': stdout, alone)");
}

Paired LoadPaired(const PairedOptions& o) {
  Paired p;
  p.truth = ReadColumn(o.truth_file, o.truth_column, o.no_header);
  p.pred = ReadColumn(o.pred_file, o.pred_column, o.no_header);
  if (p.truth.values.size() != p.pred.values.size())
    throw InputError(o.truth_file + " has " + std::to_string(p.truth.values.size()) + " rows but " +
                     o.pred_file + " has " + std::to_string(p.pred.values.size()));
  if (!o.groups_file.empty()) {
    p.groups = ReadColumn(o.groups_file, o.group_column, o.no_header).values;
    if (p.groups.size() != p.truth.values.size())
      throw InputError(o.groups_file + " has " + std::to_string(p.groups.size()) +
                       " rows but " + o.truth_file + " has " + std::to_string(p.truth.values.size()));
  }
  return p;
}

nlohmann::json Describe(const Column& c) {
  return {{"file", c.file}, {"column", c.name}, {"rows", c.values.size()}};
}

nlohmann::json FrameJson(const metrics::GroupFrame& f) {
  nlohmann::json by = nlohmann::json::object();
  for (size_t i = 0; i < f.groups.size(); ++i)
    by[f.groups[i]] = {{"value", f.by_group[i]}, {"count", f.counts[i]}};
  return {{"overall", f.overall}, {"by_group", by}, {"difference", f.difference}, {"ratio", f.ratio}};
}

}  // namespace airgrid::cli
