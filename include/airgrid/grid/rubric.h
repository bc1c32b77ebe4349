// Rubrics for the criteria that cannot be measured (need, rebound, acceptability, conviviality,
// low-tech, ...): for each such criterion, a small ordered set of anchored levels, each with a
// short name and a description precise enough that two assessors reading the same evidence pick
// the same level.
//
// Contract.
// - Levels of a rubric criterion are integers listed in increasing order, consecutive (e.g.
//   0..4); `direction` says whether a higher level is better. Levels are ordinal: the distance
//   between two levels means nothing, so they are compared and their median taken, never
//   averaged (grid.h, analysis.h).
// - The built-in rubric is data/rubric.json, compiled into the program; a grid file may name its
//   own rubric file, whose criteria extend or replace the built-in ones by id.
// - Parse errors name the source and the JSON path ("rubric.json: /criteria/2/levels/1/name:
//   expected a non-empty string").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::grid {

struct RubricLevel {
  int level = 0;
  std::string name;    // "essential"
  std::string anchor;  // what must hold for this level
};

struct RubricCriterion {
  std::string id;     // "need"
  std::string label;  // "Need"
  std::string area;   // area name as in grid.h ("need_rebound")
  bool higher_is_better = true;
  std::string question;  // the question the assessor answers
  std::vector<RubricLevel> levels;

  int min_level() const { return levels.front().level; }
  int max_level() const { return levels.back().level; }
  // The level with this number or this name, if any.
  const RubricLevel* Find(int level) const;
  const RubricLevel* FindByName(const std::string& name) const;
};

struct Rubric {
  std::string source;  // "built-in data/rubric.json" or the file path
  std::string version;
  std::vector<RubricCriterion> criteria;

  const RubricCriterion* Find(const std::string& id) const;
  // Adds or replaces criteria of `other` by id.
  void Merge(const Rubric& other);
};

// Parses a rubric document; `source` names it in error messages.
Result<Rubric> ParseRubric(const std::string& json_text, const std::string& source);
// The rubric shipped with airgrid (data/rubric.json, embedded at build time).
const Rubric& BuiltinRubric();
// Its JSON text, as shipped.
const std::string& BuiltinRubricJson();

}  // namespace airgrid::grid
