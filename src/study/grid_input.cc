#include "airgrid/study/grid_input.h"

namespace airgrid::study {
namespace {

using nlohmann::json;

json ProvenanceJson(const grid::Provenance& p) {
  json j = {{"kind", grid::ToString(p.kind)}};
  if (!p.by.empty()) j["by"] = p.by;
  if (!p.method.empty()) j["method"] = p.method;
  if (!p.source.empty()) j["source"] = p.source;
  return j;
}

json CriterionJson(const grid::Criterion& c) {
  json j = {{"id", c.id}, {"label", c.label}, {"area", grid::ToString(c.area)},
            {"scale", grid::ToString(c.scale)}};
  if (c.scale == grid::Scale::kOrdinal) {
    j["rubric"] = c.rubric;
  } else {
    j["unit"] = c.unit;
    j["direction"] = grid::ToString(c.direction);
  }
  if (c.phase != grid::Phase::kNone) j["phase"] = grid::ToString(c.phase);
  if (!c.description.empty()) j["description"] = c.description;
  if (c.veto) j["veto"] = {{"threshold", c.veto->threshold}, {"reason", c.veto->reason}};
  return j;
}

json ValueJson(const grid::Value& v) {
  switch (v.state()) {
    case grid::Value::State::kNotAssessed:
      return {{"not_assessed", v.reason()}};
    case grid::Value::State::kLevel: {
      json j = {{"levels", v.levels()}, {"rationale", v.rationale()},
                {"provenance", ProvenanceJson(v.provenance())}};
      if (!v.evidence().empty()) j["evidence"] = v.evidence();
      return j;
    }
    case grid::Value::State::kNumber: {
      json j = {{"value", v.number()}, {"provenance", ProvenanceJson(v.provenance())}};
      if (v.uncertainty() > 0) j["uncertainty"] = v.uncertainty();
      return j;
    }
  }
  return json();
}

const char* SeriesKind(grid::Series::Kind k) {
  switch (k) {
    case grid::Series::Kind::kGroups: return "groups";
    case grid::Series::Kind::kSamples: return "samples";
    case grid::Series::Kind::kPhases: return "phases";
  }
  return "groups";
}

}  // namespace

nlohmann::json GridInputJson(const grid::Grid& g, const grid::ReportOptions& options) {
  json doc = {{"title", g.title}, {"description", g.description}};
  if (!g.setup.empty()) {
    doc["setup"] = json::array();
    for (const auto& [label, value] : g.setup) doc["setup"].push_back({{"label", label}, {"value", value}});
  }
  if (!options.provenance.empty()) doc["comment"] = options.provenance;
  for (const auto& a : g.alternatives())
    doc["alternatives"].push_back({{"id", a.id}, {"label", a.label}, {"description", a.description}});
  for (const auto& c : g.criteria()) doc["criteria"].push_back(CriterionJson(c));
  json values = json::object();
  for (size_t a = 0; a < g.num_alternatives(); ++a)
    for (size_t c = 0; c < g.num_criteria(); ++c)
      values[g.alternatives()[a].id][g.criteria()[c].id] = ValueJson(g.at(a, c));
  doc["values"] = values;
  json series = json::array();
  for (const auto& s : g.series()) {
    json j = {{"id", s.id}, {"title", s.title}, {"kind", SeriesKind(s.kind)}, {"unit", s.unit}};
    if (!s.note.empty()) j["note"] = s.note;
    if (s.log_scale) j["log_scale"] = true;
    if (!s.categories.empty()) j["categories"] = s.categories;
    json data = json::object();
    for (const auto& d : s.data) data[d.alternative] = d.values;
    j["data"] = data;
    series.push_back(j);
  }
  if (!series.empty()) doc["series"] = series;
  json report = {{"uncertainty_ties", options.analysis.uncertainty_ties}};
  if (options.pareto_axes.size() == 2) report["pareto"] = options.pareto_axes;
  doc["report"] = report;
  return doc;
}

}  // namespace airgrid::study
