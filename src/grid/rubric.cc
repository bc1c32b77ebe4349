#include "airgrid/grid/rubric.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace airgrid::grid {
namespace internal {
extern const char kBuiltinRubricJson[];
}  // namespace internal

namespace {

using nlohmann::json;

Status Error(const std::string& source, const std::string& path, const std::string& what) {
  return Status::InvalidInput(source + ": " + path + ": " + what);
}

Result<std::string> String(const json& j, const std::string& key, const std::string& source,
                           const std::string& path, bool required) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) return Error(source, path + "/" + key, "missing; expected a non-empty string");
    return std::string();
  }
  if (!it->is_string() || (required && it->get<std::string>().empty()))
    return Error(source, path + "/" + key, "expected a non-empty string");
  return it->get<std::string>();
}

Result<RubricLevel> ParseLevel(const json& j, const std::string& source, const std::string& path) {
  if (!j.is_object()) return Error(source, path, "expected an object {level, name, anchor}");
  RubricLevel level;
  auto it = j.find("level");
  if (it == j.end() || !it->is_number_integer())
    return Error(source, path + "/level", "expected an integer level");
  level.level = it->get<int>();
  auto name = String(j, "name", source, path, true);
  if (!name.ok()) return name.status();
  auto anchor = String(j, "anchor", source, path, true);
  if (!anchor.ok()) return anchor.status();
  level.name = *name;
  level.anchor = *anchor;
  return level;
}

Result<RubricCriterion> ParseCriterion(const json& j, const std::string& source,
                                       const std::string& path) {
  if (!j.is_object()) return Error(source, path, "expected an object");
  RubricCriterion c;
  for (auto [key, field] : {std::pair{"id", &c.id}, std::pair{"label", &c.label},
                            std::pair{"area", &c.area}, std::pair{"question", &c.question}}) {
    auto s = String(j, key, source, path, std::string(key) != "question");
    if (!s.ok()) return s.status();
    *field = *s;
  }
  auto dir = String(j, "direction", source, path, true);
  if (!dir.ok()) return dir.status();
  if (*dir != "higher" && *dir != "lower")
    return Error(source, path + "/direction", "expected \"higher\" or \"lower\", got \"" + *dir + "\"");
  c.higher_is_better = *dir == "higher";
  auto levels = j.find("levels");
  if (levels == j.end() || !levels->is_array() || levels->size() < 2)
    return Error(source, path + "/levels", "expected an array of at least 2 levels");
  for (size_t i = 0; i < levels->size(); ++i) {
    const std::string lp = path + "/levels/" + std::to_string(i);
    auto level = ParseLevel((*levels)[i], source, lp);
    if (!level.ok()) return level.status();
    if (i > 0 && level->level != c.levels.back().level + 1)
      return Error(source, lp + "/level", "expected " + std::to_string(c.levels.back().level + 1) +
                                              " (levels are consecutive, in increasing order)");
    if (c.FindByName(level->name))
      return Error(source, lp + "/name", "duplicate level name \"" + level->name + "\"");
    c.levels.push_back(std::move(*level));
  }
  return c;
}

}  // namespace

const RubricLevel* RubricCriterion::Find(int level) const {
  for (const RubricLevel& l : levels)
    if (l.level == level) return &l;
  return nullptr;
}

const RubricLevel* RubricCriterion::FindByName(const std::string& name) const {
  for (const RubricLevel& l : levels)
    if (l.name == name) return &l;
  return nullptr;
}

const RubricCriterion* Rubric::Find(const std::string& id) const {
  for (const RubricCriterion& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

void Rubric::Merge(const Rubric& other) {
  for (const RubricCriterion& c : other.criteria) {
    bool replaced = false;
    for (RubricCriterion& mine : criteria) {
      if (mine.id == c.id) {
        mine = c;
        replaced = true;
      }
    }
    if (!replaced) criteria.push_back(c);
  }
  source += " + " + other.source;
}

Result<Rubric> ParseRubric(const std::string& json_text, const std::string& source) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidInput(source + ": not valid JSON");
  if (!doc.is_object()) return Error(source, "/", "expected an object with \"criteria\"");
  Rubric rubric;
  rubric.source = source;
  auto version = String(doc, "version", source, "", false);
  if (!version.ok()) return version.status();
  rubric.version = *version;
  auto criteria = doc.find("criteria");
  if (criteria == doc.end() || !criteria->is_array())
    return Error(source, "/criteria", "expected an array of rubric criteria");
  for (size_t i = 0; i < criteria->size(); ++i) {
    const std::string path = "/criteria/" + std::to_string(i);
    auto c = ParseCriterion((*criteria)[i], source, path);
    if (!c.ok()) return c.status();
    if (rubric.Find(c->id)) return Error(source, path + "/id", "duplicate id \"" + c->id + "\"");
    rubric.criteria.push_back(std::move(*c));
  }
  return rubric;
}

const std::string& BuiltinRubricJson() {
  static const std::string text(internal::kBuiltinRubricJson);
  return text;
}

const Rubric& BuiltinRubric() {
  static const Rubric rubric = [] {
    auto r = ParseRubric(BuiltinRubricJson(), "built-in data/rubric.json");
    // A shipped rubric that does not parse is a defect of this build: say so and exit 1 in
    // every build type (an assert would vanish in Release and leave an empty rubric).
    if (!r.ok()) {
      std::fprintf(stderr, "airgrid: internal error: built-in table does not parse: %s\n", r.status().message().c_str());
      std::exit(1);
    }
    return std::move(r).value();
  }();
  return rubric;
}

}  // namespace airgrid::grid
