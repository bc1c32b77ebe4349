#include "airgrid/grid/grid_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"

namespace airgrid::grid {
namespace {

using nlohmann::json;

// JSON pointer text of a child ("/values/fcfs" + "avg_bsld"), escaping '~' and '/'.
std::string Child(const std::string& path, const std::string& key) {
  std::string k;
  for (char c : key) {
    if (c == '~') k += "~0";
    else if (c == '/') k += "~1";
    else k += c;
  }
  return path + "/" + k;
}
std::string Child(const std::string& path, size_t index) { return path + "/" + std::to_string(index); }

// Parses JSON text; errors give the line and column.
Result<json> ParseJson(const std::string& text, const std::string& name) {
  try {
    return json::parse(text);
  } catch (const json::out_of_range&) {
    return Status::InvalidInput(name + ": a number is out of range (beyond +-1.8e308)");
  } catch (const json::parse_error& e) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    // The library's message ends with "last read: '<bytes of the file>'": never echo those.
    std::string why = e.what();
    why = why.substr(0, why.find("; last read"));
    if (const size_t colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
    return Status::InvalidInput(name + ":" + std::to_string(line) + ":" + std::to_string(col) +
                                ": not valid JSON (" + why + ")");
  }
}

// An uncertainty above this many times the value's magnitude says the value means nothing: the
// file should mark it not assessed instead (docs/formats.md).
constexpr double kAbsurdRelativeUncertainty = 1000;

// What a track record (airgrid track, the tracker's JSON) says about how its energy was obtained.
struct RecordOrigin {
  std::string kind;   // "measured" or "modelled"
  std::string parts;  // the channels and their methods
  const json* record = nullptr;
};

// "measured" when every listed method is a sensor reading ("a+b" lists several; "none": no channel).
bool AllMeasured(const std::string& methods) {
  size_t from = 0;
  while (from <= methods.size()) {
    size_t plus = methods.find('+', from);
    if (plus == std::string::npos) plus = methods.size();
    const std::string m = methods.substr(from, plus - from);
    if (m != "none" && m.rfind("measured:", 0) != 0) return false;
    from = plus + 1;
  }
  return true;
}

// When `pointer` reaches into the energy, carbon, components or embodied part of a track record
// held in `doc`, how that record's energy was obtained; nullopt otherwise.
std::optional<RecordOrigin> TrackRecordOrigin(const json& doc, const json::json_pointer& pointer) {
  json::json_pointer p = pointer;
  std::string child;  // the key under the candidate record on the way to the value
  while (!p.empty()) {
    child = p.back();
    p = p.parent_pointer();
    const json& obj = doc.at(p);
    if (!obj.is_object()) continue;
    auto energy = obj.find("energy");
    if (energy == obj.end() || !energy->is_object() || !energy->contains("cpu_method")) continue;
    if (child != "energy" && child != "carbon" && child != "components" && child != "embodied") return std::nullopt;
    RecordOrigin o;
    o.record = &obj;
    if (child == "embodied") {
      o.kind = "modelled";
      o.parts = "embodied emissions: device table amortised by duration and share";
      return o;
    }
    if (energy->contains("kind") && (*energy)["kind"].is_string()) {
      o.kind = (*energy)["kind"].get<std::string>() == "measured" ? "measured" : "modelled";
      if (energy->contains("parts") && (*energy)["parts"].is_string()) o.parts = (*energy)["parts"].get<std::string>();
      return o;
    }
    bool measured = true;
    for (const char* key : {"cpu_method", "gpu_method", "ram_method"}) {
      auto m = energy->find(key);
      if (m == energy->end() || !m->is_string()) continue;
      measured = measured && AllMeasured(m->get<std::string>());
      o.parts += (o.parts.empty() ? "" : "; ") + std::string(key, 3) + " " + m->get<std::string>();
    }
    o.kind = measured ? "measured" : "modelled";
    return o;
  }
  return std::nullopt;
}

// The record's own uncertainty for its headline figures, in the pulled figure's unit.
std::optional<double> RecordUncertainty(const RecordOrigin& o, const std::string& pointer) {
  auto tail = [&](const char* t) {
    const std::string s(t);
    return pointer.size() >= s.size() && pointer.compare(pointer.size() - s.size(), s.size(), s) == 0;
  };
  const json& r = *o.record;
  auto get = [&](const char* part, const char* key) -> std::optional<double> {
    if (!r.contains(part) || !r[part].is_object() || !r[part].contains(key) || !r[part][key].is_number()) return std::nullopt;
    return r[part][key].get<double>();
  };
  if (tail("/energy/total_kwh")) return get("energy", "uncertainty_kwh");
  if (tail("/energy/total_j")) return get("energy", "uncertainty_j");
  if (tail("/carbon/emissions_kg")) return get("carbon", "emissions_uncertainty_kg");
  return std::nullopt;
}

class Loader {
 public:
  Loader(std::string path, GridLoadOptions options)
      : path_(std::move(path)), options_(std::move(options)) {
    dir_ = std::filesystem::path(path_).parent_path();
  }

  Result<GridFile> Load(const json& doc);

 private:
  Status Error(const std::string& where, const std::string& what) const {
    return Status::InvalidInput(path_ + ": " + (where.empty() ? "/" : where) + ": " + what);
  }
  Status Wrap(const std::string& where, const Status& st) const {
    return Status::InvalidInput(path_ + ": " + (where.empty() ? "/" : where) + ": " + st.message());
  }

  // `rel` (from "from" or "rubric") resolved against the grid file's folder; refused when it
  // leaves that folder (links followed) and is not under --allow-outside.
  Result<std::string> Confined(const std::string& where, const std::string& rel) const {
    namespace fs = std::filesystem;
    const fs::path base = dir_.empty() ? fs::path(".") : dir_;
    const fs::path full = base / rel;
    auto under = [&full](const fs::path& root) {
      std::error_code ec;
      const fs::path r = fs::weakly_canonical(fs::absolute(root), ec);
      if (ec) return false;
      const fs::path f = fs::weakly_canonical(fs::absolute(full), ec);
      if (ec) return false;
      const fs::path inside = f.lexically_relative(r);
      return !inside.empty() && *inside.begin() != "..";
    };
    if (under(base) || (!options_.allow_outside.empty() && under(options_.allow_outside)))
      return full.string();
    return Error(where, "'" + rel + "' lies outside the grid file's folder; files named by a grid file must "
                        "be in its folder (or under a folder given with --allow-outside PATH)");
  }

  // The bytes of a "from"/"rubric" file `full` (already confined): a regular file only, so a
  // device such as /dev/zero or a FIFO is refused before a byte is read; listed in inputs_.
  Result<std::string> ReadInput(const std::string& where, const std::string& full) {
    struct stat st {};
    if (::stat(full.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      return Error(where, "'" + full + "' is not a regular file (a device, FIFO, socket or folder); "
                          "expected a result or rubric file of at most " + HumanBytes(kMaxGridInputBytes));
    auto text = ReadFile(full, kMaxGridInputBytes);
    if (!text.ok()) return Status::NotFound(path_ + ": " + where + ": " + text.status().message());
    if (std::find(inputs_.begin(), inputs_.end(), full) == inputs_.end()) inputs_.push_back(full);
    return text;
  }

  Result<std::string> Str(const json& obj, const std::string& where, const char* key,
                          bool required, std::string fallback = "") const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) return Error(Child(where, key), "missing; expected a string");
      return fallback;
    }
    if (!it->is_string()) return Error(Child(where, key), "expected a string");
    return it->get<std::string>();
  }

  Result<double> Num(const json& j, const std::string& where) const {
    if (!j.is_number()) return Error(where, "expected a number, got " + std::string(j.type_name()));
    double x = j.get<double>();
    if (!std::isfinite(x)) return Error(where, "expected a finite number");
    return x;
  }

  Status CheckKeys(const json& obj, const std::string& where,
                   std::initializer_list<const char*> allowed) const {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        return Error(Child(where, it.key()), "unknown field (expected one of: " + list + ")");
      }
    }
    return Status::Ok();
  }

  Status LoadRubric(const json& doc, Rubric& rubric);
  Status LoadSetup(const json& doc, Grid& grid);
  Status LoadCriteria(const json& doc, Grid& grid);
  Status LoadAlternatives(const json& doc, Grid& grid);
  Status LoadValues(const json& doc, Grid& grid);
  Result<Value> LoadValue(const json& j, const std::string& where, const Criterion& c,
                          const RubricCriterion* rubric);
  Result<Provenance> LoadProvenance(const json& j, const std::string& where) const;
  Result<const json*> Pull(const json& ref, const std::string& where, std::string* source,
                           std::string* command_line, std::optional<RecordOrigin>* origin = nullptr);
  Status LoadSeries(const json& doc, Grid& grid);
  Status LoadReport(const json& doc, const Grid& grid, ReportOptions& options);
  Status LoadAggregation(const json& doc, ReportOptions& options);

  std::string path_;
  std::filesystem::path dir_;
  GridLoadOptions options_;
  std::map<std::string, json> result_files_;
  std::vector<std::string> inputs_;  // files read, in order
  std::map<std::string, Provenance> default_provenance_;  // by criterion id
};

Result<GridFile> Loader::Load(const json& doc) {
  if (!doc.is_object()) return Error("", "expected a JSON object");
  AIRGRID_RETURN_IF_ERROR(CheckKeys(doc, "", {"title", "description", "rubric", "alternatives",
                                              "criteria", "values", "series", "report",
                                              "aggregation", "setup", "$schema", "comment"}));
  Rubric rubric = BuiltinRubric();
  AIRGRID_RETURN_IF_ERROR(LoadRubric(doc, rubric));
  GridFile out{Grid(std::move(rubric)), ReportOptions{}, {}};
  auto title = Str(doc, "", "title", false, std::filesystem::path(path_).stem().string());
  if (!title.ok()) return title.status();
  auto description = Str(doc, "", "description", false);
  if (!description.ok()) return description.status();
  out.grid.title = *title;
  out.grid.description = *description;
  AIRGRID_RETURN_IF_ERROR(LoadSetup(doc, out.grid));
  AIRGRID_RETURN_IF_ERROR(LoadAlternatives(doc, out.grid));
  AIRGRID_RETURN_IF_ERROR(LoadCriteria(doc, out.grid));
  AIRGRID_RETURN_IF_ERROR(LoadValues(doc, out.grid));
  AIRGRID_RETURN_IF_ERROR(LoadSeries(doc, out.grid));
  AIRGRID_RETURN_IF_ERROR(LoadReport(doc, out.grid, out.options));
  AIRGRID_RETURN_IF_ERROR(LoadAggregation(doc, out.options));
  out.inputs = inputs_;
  return out;
}

Status Loader::LoadRubric(const json& doc, Rubric& rubric) {
  auto file = Str(doc, "", "rubric", false);
  if (!file.ok()) return file.status();
  if (file->empty()) return Status::Ok();
  auto confined = Confined("/rubric", *file);
  if (!confined.ok()) return confined.status();
  const std::string full = *confined;
  auto text = ReadInput("/rubric", full);
  if (!text.ok()) return text.status();
  auto extra = ParseRubric(*text, full);
  if (!extra.ok()) return Wrap("/rubric", extra.status());
  rubric.Merge(*extra);
  return Status::Ok();
}

Status Loader::LoadSetup(const json& doc, Grid& grid) {
  auto it = doc.find("setup");
  if (it == doc.end()) return Status::Ok();
  if (!it->is_array()) return Error("/setup", "expected an array of {\"label\": ..., \"value\": ...}");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& j = (*it)[i];
    const std::string where = Child("/setup", i);
    if (!j.is_object()) return Error(where, "expected an object {\"label\": ..., \"value\": ...}");
    AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"label", "value"}));
    auto label = Str(j, where, "label", true);
    if (!label.ok()) return label.status();
    auto value = Str(j, where, "value", true);
    if (!value.ok()) return value.status();
    grid.setup.emplace_back(*label, *value);
  }
  return Status::Ok();
}

Status Loader::LoadAlternatives(const json& doc, Grid& grid) {
  auto it = doc.find("alternatives");
  if (it == doc.end() || !it->is_array() || it->empty())
    return Error("/alternatives", "expected a non-empty array of {id, label, description}");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& j = (*it)[i];
    const std::string where = Child("/alternatives", i);
    if (!j.is_object()) return Error(where, "expected an object {id, label, description}");
    AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"id", "label", "description"}));
    Alternative a;
    auto id = Str(j, where, "id", true);
    if (!id.ok()) return id.status();
    auto label = Str(j, where, "label", false);
    if (!label.ok()) return label.status();
    auto desc = Str(j, where, "description", false);
    if (!desc.ok()) return desc.status();
    a.id = *id;
    a.label = *label;
    a.description = *desc;
    Status st = grid.AddAlternative(std::move(a));
    if (!st.ok()) return Wrap(where, st);
  }
  return Status::Ok();
}

Result<Provenance> Loader::LoadProvenance(const json& j, const std::string& where) const {
  if (!j.is_object()) return Error(where, "expected an object {kind, by, method, source}");
  AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"kind", "by", "method", "source"}));
  Provenance p;
  auto kind = Str(j, where, "kind", true);
  if (!kind.ok()) return kind.status();
  auto k = ParseProvenanceKind(*kind);
  if (!k) return Error(Child(where, "kind"), "expected \"measured\", \"modelled\" or \"declared\", got \"" + *kind + "\"");
  p.kind = *k;
  for (auto [key, field] : {std::pair{"by", &p.by}, std::pair{"method", &p.method},
                            std::pair{"source", &p.source}}) {
    auto s = Str(j, where, key, false);
    if (!s.ok()) return s.status();
    *field = *s;
  }
  return p;
}

Status Loader::LoadCriteria(const json& doc, Grid& grid) {
  auto it = doc.find("criteria");
  if (it == doc.end() || !it->is_array() || it->empty())
    return Error("/criteria", "expected a non-empty array of criteria");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& j = (*it)[i];
    const std::string where = Child("/criteria", i);
    if (!j.is_object()) return Error(where, "expected an object");
    AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"id", "label", "area", "unit", "direction", "scale",
                                                 "phase", "description", "rubric", "veto", "provenance"}));
    Criterion c;
    auto id = Str(j, where, "id", true);
    if (!id.ok()) return id.status();
    c.id = *id;
    auto label = Str(j, where, "label", false);
    if (!label.ok()) return label.status();
    c.label = *label;
    auto scale = Str(j, where, "scale", false, "ratio");
    if (!scale.ok()) return scale.status();
    auto sc = ParseScale(*scale);
    if (!sc) return Error(Child(where, "scale"), "expected \"ratio\", \"interval\" or \"ordinal\", got \"" + *scale + "\"");
    c.scale = *sc;
    const RubricCriterion* rubric = nullptr;
    if (c.scale == Scale::kOrdinal) {
      auto r = Str(j, where, "rubric", false, c.id);
      if (!r.ok()) return r.status();
      c.rubric = *r;
      rubric = grid.rubric().Find(c.rubric);
      if (!rubric)
        return Error(Child(where, "rubric"), "no rubric criterion \"" + c.rubric + "\" in " +
                                                 grid.rubric().source);
    }
    auto area = Str(j, where, "area", rubric == nullptr, rubric ? rubric->area : "");
    if (!area.ok()) return area.status();
    auto ar = ParseArea(*area);
    if (!ar)
      return Error(Child(where, "area"), "expected one of performance, environment, fairness, "
                                         "explainability, need_rebound, conviviality, responsible_ai; got \"" + *area + "\"");
    c.area = *ar;
    if (rubric) {
      if (c.label.empty()) c.label = rubric->label;
      if (j.contains("direction") || j.contains("unit"))
        return Error(where, "an ordinal criterion takes its direction and unit from its rubric; remove them");
    } else {
      auto unit = Str(j, where, "unit", true);
      if (!unit.ok()) return unit.status();
      c.unit = *unit;
      auto dir = Str(j, where, "direction", true);
      if (!dir.ok()) return dir.status();
      auto d = ParseDirection(*dir);
      if (!d) return Error(Child(where, "direction"), "expected \"lower\" or \"higher\" (is better), got \"" + *dir + "\"");
      c.direction = *d;
    }
    auto phase = Str(j, where, "phase", false);
    if (!phase.ok()) return phase.status();
    auto ph = ParsePhase(*phase);
    if (!ph) return Error(Child(where, "phase"), "expected \"development\", \"use\" or \"hardware\", got \"" + *phase + "\"");
    c.phase = *ph;
    auto desc = Str(j, where, "description", false);
    if (!desc.ok()) return desc.status();
    c.description = *desc;
    if (auto v = j.find("veto"); v != j.end()) {
      const std::string vw = Child(where, "veto");
      if (!v->is_object()) return Error(vw, "expected an object {threshold, reason}");
      AIRGRID_RETURN_IF_ERROR(CheckKeys(*v, vw, {"threshold", "reason"}));
      if (!v->contains("threshold")) return Error(Child(vw, "threshold"), "missing; expected a number or a rubric level");
      Veto veto;
      const json& t = (*v)["threshold"];
      if (rubric && t.is_string()) {
        const RubricLevel* level = rubric->FindByName(t.get<std::string>());
        if (!level) return Error(Child(vw, "threshold"), "no level named \"" + t.get<std::string>() + "\" in rubric \"" + rubric->id + "\"");
        veto.threshold = level->level;
      } else {
        auto x = Num(t, Child(vw, "threshold"));
        if (!x.ok()) return x.status();
        veto.threshold = *x;
      }
      auto reason = Str(*v, vw, "reason", false);
      if (!reason.ok()) return reason.status();
      veto.reason = *reason;
      c.veto = veto;
    }
    if (auto p = j.find("provenance"); p != j.end()) {
      auto prov = LoadProvenance(*p, Child(where, "provenance"));
      if (!prov.ok()) return prov.status();
      default_provenance_[c.id] = *prov;
    }
    Status st = grid.AddCriterion(std::move(c));
    if (!st.ok()) return Wrap(where, st);
  }
  return Status::Ok();
}

Result<const json*> Loader::Pull(const json& ref, const std::string& where, std::string* source,
                                 std::string* command_line, std::optional<RecordOrigin>* origin) {
  auto from = Str(ref, where, "from", true);
  if (!from.ok()) return from.status();
  auto pointer = Str(ref, where, "pointer", true);
  if (!pointer.ok()) return pointer.status();
  auto confined = Confined(Child(where, "from"), *from);
  if (!confined.ok()) return confined.status();
  const std::string full = *confined;
  auto cached = result_files_.find(full);
  if (cached == result_files_.end()) {
    auto text = ReadInput(Child(where, "from"), full);
    if (!text.ok()) return text.status();
    auto parsed = ParseJson(*text, full);
    if (!parsed.ok()) return Wrap(Child(where, "from"), parsed.status());
    cached = result_files_.emplace(full, std::move(*parsed)).first;
  }
  json::json_pointer ptr;
  try {
    ptr = json::json_pointer(*pointer);
  } catch (const json::exception&) {
    return Error(Child(where, "pointer"), "\"" + *pointer + "\" is not a JSON pointer (expected \"/key/0/...\")");
  }
  const json& doc = cached->second;
  if (!doc.contains(ptr))
    return Error(Child(where, "pointer"), "\"" + *pointer + "\" not found in " + *from);
  *source = *from + "#" + *pointer;
  if (origin) *origin = TrackRecordOrigin(doc, ptr);
  if (command_line) {
    command_line->clear();
    if (doc.is_object() && doc.contains("command_line") && doc["command_line"].is_string())
      *command_line = doc["command_line"].get<std::string>();
  }
  return &doc.at(ptr);
}

Result<Value> Loader::LoadValue(const json& j, const std::string& where, const Criterion& c,
                                const RubricCriterion* rubric) {
  auto defaults = default_provenance_.find(c.id);
  Provenance prov = defaults != default_provenance_.end() ? defaults->second : Provenance{};
  if (j.is_null()) return Error(where, "null is not a value; write \"not assessed\" or {\"not_assessed\": \"why\"}");
  if (j.is_string()) {
    if (j.get<std::string>() == "not assessed") return Value::NotAssessed("");
    if (rubric) {
      if (const RubricLevel* l = rubric->FindByName(j.get<std::string>()))
        return Value::Level(l->level, "", "", prov);
    }
    return Error(where, "expected a number, a rubric level, an object or \"not assessed\"; got \"" +
                            j.get<std::string>() + "\"");
  }
  if (j.is_number()) {
    if (rubric) return Error(where, "ordinal criterion \"" + c.id + "\": write {\"level\": ..., \"rationale\": ..., \"evidence\": ...}");
    auto x = Num(j, where);
    if (!x.ok()) return x.status();
    return Value::Number(*x, 0, prov);
  }
  if (!j.is_object()) return Error(where, "expected a number, an object or \"not assessed\"");
  AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"value", "uncertainty", "provenance", "level", "levels",
                                               "rationale", "evidence", "not_assessed", "from",
                                               "pointer", "uncertainty_pointer", "multiply", "note"}));
  if (auto na = j.find("not_assessed"); na != j.end()) {
    if (!na->is_string()) return Error(Child(where, "not_assessed"), "expected the reason as a string");
    if (j.size() > 1 && !(j.size() == 2 && j.contains("note")))
      return Error(where, "a not-assessed value takes no other field");
    return Value::NotAssessed(na->get<std::string>());
  }
  if (auto p = j.find("provenance"); p != j.end()) {
    auto loaded = LoadProvenance(*p, Child(where, "provenance"));
    if (!loaded.ok()) return loaded.status();
    prov = *loaded;
  }
  if (rubric) {
    if (j.contains("value") || j.contains("from"))
      return Error(where, "ordinal criterion \"" + c.id + "\" takes \"level\" or \"levels\", not numbers");
    std::vector<int> levels;
    auto level_of = [&](const json& l, const std::string& lw) -> Result<int> {
      if (l.is_string()) {
        const RubricLevel* found = rubric->FindByName(l.get<std::string>());
        if (!found) return Error(lw, "no level named \"" + l.get<std::string>() + "\" in rubric \"" + rubric->id + "\"");
        return found->level;
      }
      if (!l.is_number_integer()) return Error(lw, "expected an integer level or a level name");
      if (!rubric->Find(l.get<int>()))
        return Error(lw, "level " + std::to_string(l.get<int>()) + " is not in rubric \"" + rubric->id +
                             "\" (levels " + std::to_string(rubric->min_level()) + ".." +
                             std::to_string(rubric->max_level()) + ")");
      return l.get<int>();
    };
    if (auto l = j.find("level"); l != j.end()) {
      auto lv = level_of(*l, Child(where, "level"));
      if (!lv.ok()) return lv.status();
      levels.push_back(*lv);
    }
    if (auto ls = j.find("levels"); ls != j.end()) {
      if (!levels.empty()) return Error(where, "give \"level\" or \"levels\", not both");
      if (!ls->is_array() || ls->empty()) return Error(Child(where, "levels"), "expected a non-empty array of levels (one per assessor)");
      for (size_t i = 0; i < ls->size(); ++i) {
        auto lv = level_of((*ls)[i], Child(Child(where, "levels"), i));
        if (!lv.ok()) return lv.status();
        levels.push_back(*lv);
      }
    }
    if (levels.empty()) return Error(where, "ordinal value needs \"level\" or \"levels\"");
    auto rationale = Str(j, where, "rationale", true);
    if (!rationale.ok()) return rationale.status();
    auto evidence = Str(j, where, "evidence", false);
    if (!evidence.ok()) return evidence.status();
    return Value::Levels(std::move(levels), *rationale, *evidence, prov);
  }
  if (j.contains("level") || j.contains("levels"))
    return Error(where, "numeric criterion \"" + c.id + "\" takes \"value\" or \"from\", not levels");
  double multiply = 1;
  if (auto m = j.find("multiply"); m != j.end()) {
    auto x = Num(*m, Child(where, "multiply"));
    if (!x.ok()) return x.status();
    multiply = *x;
  }
  double value = 0, uncertainty = 0;
  if (j.contains("from")) {
    if (j.contains("value")) return Error(where, "give \"value\" or \"from\", not both");
    std::string source, command_line;
    std::optional<RecordOrigin> origin;
    auto pulled = Pull(j, where, &source, &command_line, &origin);
    if (!pulled.ok()) return pulled.status();
    auto x = Num(**pulled, Child(where, "pointer"));
    if (!x.ok()) return Error(Child(where, "pointer"), source + " is not a finite number");
    value = *x * multiply;
    // A figure from a track record is measured only when every channel of the record was.
    const bool record_modelled = origin && origin->kind == "modelled";
    if (j.contains("provenance")) {
      if (record_modelled && prov.kind == ProvenanceKind::kMeasured)
        return Error(Child(Child(where, "provenance"), "kind"),
                     "\"measured\" contradicts its source: " + source + " was modelled (" + origin->parts +
                         "); expected \"modelled\"");
      // A tracker's energy or carbon figure came from a sensor or a model, never from a statement.
      if (origin && prov.kind == ProvenanceKind::kDeclared)
        return Error(Child(Child(where, "provenance"), "kind"),
                     "\"declared\" contradicts its source: " + source + " was " + origin->kind + " by the tracker" +
                         (origin->parts.empty() ? "" : " (" + origin->parts + ")") + "; expected \"" + origin->kind + "\"");
    } else {
      prov.kind = record_modelled ? ProvenanceKind::kModelled : ProvenanceKind::kMeasured;
      if (prov.by.empty()) prov.by = command_line.empty() ? "result file" : command_line;
    }
    if (origin && !origin->parts.empty() && prov.method.find(origin->parts) == std::string::npos)
      prov.method += (prov.method.empty() ? "" : "; ") + std::string("record parts: ") + origin->parts;
    if (prov.source.empty()) prov.source = source;
    if (origin && !j.contains("uncertainty") && !j.contains("uncertainty_pointer"))
      if (auto u = RecordUncertainty(*origin, j["pointer"].get<std::string>())) uncertainty = std::abs(*u * multiply);
    if (j.contains("uncertainty_pointer")) {
      json ref = {{"from", j["from"]}, {"pointer", j["uncertainty_pointer"]}};
      std::string usource;
      auto u = Pull(ref, where, &usource, nullptr);
      if (!u.ok()) return u.status();
      auto ux = Num(**u, Child(where, "uncertainty_pointer"));
      if (!ux.ok()) return Error(Child(where, "uncertainty_pointer"), usource + " is not a finite number");
      if (*ux < 0)
        return Error(Child(where, "uncertainty_pointer"), usource + " is negative; expected an absolute uncertainty >= 0");
      uncertainty = std::abs(*ux * multiply);
    }
  } else if (auto v = j.find("value"); v != j.end()) {
    auto x = Num(*v, Child(where, "value"));
    if (!x.ok()) return x.status();
    value = *x * multiply;
  } else {
    return Error(where, "expected \"value\", \"from\" or \"not_assessed\"");
  }
  if (auto u = j.find("uncertainty"); u != j.end()) {
    if (j.contains("uncertainty_pointer")) return Error(where, "give \"uncertainty\" or \"uncertainty_pointer\", not both");
    auto x = Num(*u, Child(where, "uncertainty"));
    if (!x.ok()) return x.status();
    if (*x < 0) return Error(Child(where, "uncertainty"), "expected a number >= 0 (absolute, in the criterion's unit)");
    uncertainty = *x * std::abs(multiply);
  }
  if (value != 0 && uncertainty > kAbsurdRelativeUncertainty * std::abs(value))
    return Error(Child(where, j.contains("uncertainty_pointer") ? "uncertainty_pointer" : "uncertainty"),
                 "uncertainty " + std::to_string(uncertainty) + " is more than " +
                     std::to_string(static_cast<int>(kAbsurdRelativeUncertainty)) +
                     " times the value; expected an absolute uncertainty in the criterion's unit, or "
                     "{\"not_assessed\": \"why\"} when the value is unknown");
  return Value::Number(value, uncertainty, prov);
}

Status Loader::LoadValues(const json& doc, Grid& grid) {
  auto it = doc.find("values");
  if (it == doc.end()) return Status::Ok();  // everything not assessed: allowed, reported as such
  if (!it->is_object()) return Error("/values", "expected an object {alternative: {criterion: value}}");
  for (auto a = it->begin(); a != it->end(); ++a) {
    const std::string aw = Child("/values", a.key());
    if (!grid.FindAlternative(a.key())) return Error(aw, "unknown alternative \"" + a.key() + "\"");
    if (!a->is_object()) return Error(aw, "expected an object {criterion: value}");
    for (auto c = a->begin(); c != a->end(); ++c) {
      const std::string cw = Child(aw, c.key());
      auto ci = grid.FindCriterion(c.key());
      if (!ci) return Error(cw, "unknown criterion \"" + c.key() + "\"");
      const Criterion& crit = grid.criteria()[*ci];
      const RubricCriterion* rubric = crit.scale == Scale::kOrdinal ? grid.rubric().Find(crit.rubric) : nullptr;
      auto v = LoadValue(*c, cw, crit, rubric);
      if (!v.ok()) return v.status();
      Status st = grid.Set(a.key(), c.key(), std::move(*v));
      if (!st.ok()) return Wrap(cw, st);
    }
  }
  return Status::Ok();
}

Status Loader::LoadSeries(const json& doc, Grid& grid) {
  auto it = doc.find("series");
  if (it == doc.end()) return Status::Ok();
  if (!it->is_array()) return Error("/series", "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& j = (*it)[i];
    const std::string where = Child("/series", i);
    if (!j.is_object()) return Error(where, "expected an object");
    AIRGRID_RETURN_IF_ERROR(CheckKeys(j, where, {"id", "title", "kind", "unit", "note", "log_scale",
                                                 "categories", "data"}));
    Series s;
    auto id = Str(j, where, "id", true);
    if (!id.ok()) return id.status();
    s.id = *id;
    auto title = Str(j, where, "title", false, s.id);
    if (!title.ok()) return title.status();
    s.title = *title;
    auto kind = Str(j, where, "kind", true);
    if (!kind.ok()) return kind.status();
    if (*kind == "groups") s.kind = Series::Kind::kGroups;
    else if (*kind == "samples") s.kind = Series::Kind::kSamples;
    else if (*kind == "phases") s.kind = Series::Kind::kPhases;
    else return Error(Child(where, "kind"), "expected \"groups\", \"samples\" or \"phases\", got \"" + *kind + "\"");
    auto unit = Str(j, where, "unit", true);
    if (!unit.ok()) return unit.status();
    s.unit = *unit;
    auto note = Str(j, where, "note", false);
    if (!note.ok()) return note.status();
    s.note = *note;
    if (auto l = j.find("log_scale"); l != j.end()) {
      if (!l->is_boolean()) return Error(Child(where, "log_scale"), "expected true or false");
      s.log_scale = l->get<bool>();
    }
    if (auto cats = j.find("categories"); cats != j.end()) {
      if (!cats->is_array()) return Error(Child(where, "categories"), "expected an array of strings");
      for (size_t k = 0; k < cats->size(); ++k) {
        if (!(*cats)[k].is_string()) return Error(Child(Child(where, "categories"), k), "expected a string");
        s.categories.push_back((*cats)[k].get<std::string>());
      }
    }
    auto data = j.find("data");
    if (data == j.end() || !data->is_object())
      return Error(Child(where, "data"), "expected an object {alternative: [numbers] or {from, pointer}}");
    for (auto d = data->begin(); d != data->end(); ++d) {
      const std::string dw = Child(Child(where, "data"), d.key());
      const json* arr = &*d;
      if (d->is_object()) {
        AIRGRID_RETURN_IF_ERROR(CheckKeys(*d, dw, {"from", "pointer"}));
        std::string source;
        auto pulled = Pull(*d, dw, &source, nullptr);
        if (!pulled.ok()) return pulled.status();
        arr = *pulled;
      }
      if (!arr->is_array()) return Error(dw, "expected an array of numbers");
      Series::Data sd;
      sd.alternative = d.key();
      for (size_t k = 0; k < arr->size(); ++k) {
        if ((*arr)[k].is_null() && s.kind != Series::Kind::kSamples) {  // not assessed
          sd.values.push_back(std::nan(""));
          continue;
        }
        auto x = Num((*arr)[k], Child(dw, k));
        if (!x.ok()) return x.status();
        sd.values.push_back(*x);
      }
      s.data.push_back(std::move(sd));
    }
    Status st = grid.AddSeries(std::move(s));
    if (!st.ok()) return Wrap(where, st);
  }
  return Status::Ok();
}

Status Loader::LoadReport(const json& doc, const Grid& grid, ReportOptions& options) {
  auto it = doc.find("report");
  if (it == doc.end()) return Status::Ok();
  const std::string where = "/report";
  if (!it->is_object()) return Error(where, "expected an object");
  AIRGRID_RETURN_IF_ERROR(CheckKeys(*it, where, {"pareto", "uncertainty_ties", "radar_bounds"}));
  if (auto p = it->find("pareto"); p != it->end()) {
    if (!p->is_array() || p->size() != 2 || !(*p)[0].is_string() || !(*p)[1].is_string())
      return Error(Child(where, "pareto"), "expected two criterion ids [\"x\", \"y\"]");
    options.pareto_axes = {(*p)[0].get<std::string>(), (*p)[1].get<std::string>()};
  }
  if (auto u = it->find("uncertainty_ties"); u != it->end()) {
    if (!u->is_boolean()) return Error(Child(where, "uncertainty_ties"), "expected true or false");
    options.analysis.uncertainty_ties = u->get<bool>();
  }
  if (auto rb = it->find("radar_bounds"); rb != it->end()) {
    const std::string rw = Child(where, "radar_bounds");
    if (!rb->is_object()) return Error(rw, "expected an object {criterion: [lo, hi]}");
    for (auto b = rb->begin(); b != rb->end(); ++b) {
      const std::string bw = Child(rw, b.key());
      if (!grid.FindCriterion(b.key())) return Error(bw, "unknown criterion \"" + b.key() + "\"");
      if (!b->is_array() || b->size() != 2 || !(*b)[0].is_number() || !(*b)[1].is_number() ||
          !((*b)[0].get<double>() < (*b)[1].get<double>()))
        return Error(bw, "expected [lo, hi] with lo < hi");
      options.radar_bounds.push_back({b.key(), Bounds{(*b)[0].get<double>(), (*b)[1].get<double>()}});
    }
  }
  return Status::Ok();
}

Status Loader::LoadAggregation(const json& doc, ReportOptions& options) {
  auto it = doc.find("aggregation");
  if (it == doc.end()) return Status::Ok();
  const std::string where = "/aggregation";
  if (!it->is_object()) return Error(where, "expected an object {weights, topsis_ideal, sweep_steps}");
  AIRGRID_RETURN_IF_ERROR(CheckKeys(*it, where, {"weights", "topsis_ideal", "sweep_steps"}));
  AggregationSpec spec;
  auto w = it->find("weights");
  if (w == it->end() || !w->is_array() || w->empty())
    return Error(Child(where, "weights"), "expected a non-empty array of {criterion, weight, bounds: [lo, hi]}");
  for (size_t i = 0; i < w->size(); ++i) {
    const json& j = (*w)[i];
    const std::string ww = Child(Child(where, "weights"), i);
    if (!j.is_object()) return Error(ww, "expected {criterion, weight, bounds: [lo, hi]}");
    AIRGRID_RETURN_IF_ERROR(CheckKeys(j, ww, {"criterion", "weight", "bounds"}));
    AggregationSpec::Weight weight;
    auto c = Str(j, ww, "criterion", true);
    if (!c.ok()) return c.status();
    weight.criterion = *c;
    if (!j.contains("weight")) return Error(Child(ww, "weight"), "missing; expected a number >= 0");
    auto x = Num(j["weight"], Child(ww, "weight"));
    if (!x.ok()) return x.status();
    weight.weight = *x;
    auto b = j.find("bounds");
    if (b == j.end() || !b->is_array() || b->size() != 2 || !(*b)[0].is_number() || !(*b)[1].is_number())
      return Error(Child(ww, "bounds"), "expected fixed normalisation bounds [lo, hi] in the criterion's unit");
    weight.bounds = Bounds{(*b)[0].get<double>(), (*b)[1].get<double>()};
    spec.weights.push_back(weight);
  }
  if (auto t = it->find("topsis_ideal"); t != it->end()) {
    if (*t == "bounds") spec.topsis_ideal = AggregationSpec::TopsisIdeal::kBounds;
    else if (*t == "alternatives") spec.topsis_ideal = AggregationSpec::TopsisIdeal::kAlternatives;
    else return Error(Child(where, "topsis_ideal"), "expected \"bounds\" or \"alternatives\"");
  }
  if (auto s = it->find("sweep_steps"); s != it->end()) {
    if (!s->is_number_integer()) return Error(Child(where, "sweep_steps"), "expected an integer in 1..1000");
    spec.sweep_steps = s->get<int>();
  }
  options.aggregation = spec;
  return Status::Ok();
}

}  // namespace

Result<GridFile> ParseGridFile(const std::string& text, const std::string& path,
                               const GridLoadOptions& options) {
  StepScope step("loading the grid file", path);
  auto doc = ParseJson(text, path);
  if (!doc.ok()) return doc.status();
  Loader loader(path, options);
  return loader.Load(*doc);
}

Result<GridFile> LoadGridFile(const std::string& path, const GridLoadOptions& options) {
  auto text = ReadFile(path, kMaxGridInputBytes);
  if (!text.ok()) return text.status();
  return ParseGridFile(*text, path, options);
}

}  // namespace airgrid::grid
