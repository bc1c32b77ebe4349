// The resilience grid: alternatives (AI methods, scheduling policies...) judged on typed criteria.
//
// Contract.
// - A Criterion says what is measured and how to read it: id, label, area (performance,
//   environment, fairness, explainability/accessibility, need/rebound, conviviality/low-tech,
//   responsible AI), unit, direction (lower or higher is better), scale (ratio, interval,
//   ordinal) and, for energy/CO2eq figures, the life-cycle phase (development, use, hardware).
//   Ordinal criteria name a rubric (rubric.h) whose anchored levels are the only valid values.
// - A Value is either assessed (a number with an absolute uncertainty in the criterion's unit,
//   or a rubric level with rationale and evidence text) or "not assessed" (with the reason).
//   "Not assessed" is its own state and never reads as 0: it is shown as "not assessed", it
//   never makes an alternative dominate or be dominated (analysis.h), it gives no rank and no
//   aggregate score. Every value carries its provenance: measured / modelled / declared, by
//   which tool or person, with which method.
// - Ordinal values may list several assessors' levels; the value used is their median (for an
//   even count, the worse of the two middle levels: we never invent a level between anchors).
//   Level numbers are never averaged, summed or weighted.
// - Series are data attached to the grid for the report: per-group values (fairness bars),
//   samples (CDFs, e.g. per-user bounded slowdown) and per-phase stacks (energy by life-cycle
//   phase). They are shown, never used in the analysis.
// - Grid validates as it is built: ids unique and non-empty, values match the criterion's scale
//   and rubric, series refer to known alternatives. Errors are Status::InvalidInput naming the
//   alternative, criterion or series.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/rubric.h"

namespace airgrid::grid {

enum class Area {
  kPerformance,
  kEnvironment,
  kFairness,
  kExplainability,  // explainability and accessibility
  kNeedRebound,     // need and rebound effects
  kConviviality,    // conviviality and low-tech
  kResponsibleAi,
};
enum class Direction { kLowerIsBetter, kHigherIsBetter };
enum class Scale { kRatio, kInterval, kOrdinal };
enum class Phase { kNone, kDevelopment, kUse, kHardware };
enum class ProvenanceKind { kMeasured, kModelled, kDeclared };

// Names used in files and reports ("performance", "lower", "ratio", "use", "measured"...).
const char* ToString(Area a);
const char* ToString(Direction d);
const char* ToString(Scale s);
const char* ToString(Phase p);
const char* ToString(ProvenanceKind k);
// Human label of an area ("Explainability & accessibility").
const char* AreaLabel(Area a);
std::optional<Area> ParseArea(const std::string& s);
std::optional<Direction> ParseDirection(const std::string& s);  // "lower" | "higher"
std::optional<Scale> ParseScale(const std::string& s);
std::optional<Phase> ParsePhase(const std::string& s);          // "", "development", "use", "hardware"
std::optional<ProvenanceKind> ParseProvenanceKind(const std::string& s);

// A veto excludes an alternative whatever its other scores when its value on this criterion is
// strictly worse than `threshold` (greater for lower-is-better, smaller for higher-is-better;
// for ordinal criteria the threshold is a level). Point values are compared, not intervals.
struct Veto {
  double threshold = 0;
  std::string reason;  // shown in reports ("exceeds the site's power envelope")
};

struct Criterion {
  std::string id;      // [A-Za-z0-9_.-]+, unique in the grid
  std::string label;   // "Mean bounded slowdown"
  Area area = Area::kPerformance;
  std::string unit;    // "s", "kWh", "kgCO2eq", "1" for dimensionless, "level" for ordinal
  Direction direction = Direction::kLowerIsBetter;
  Scale scale = Scale::kRatio;
  Phase phase = Phase::kNone;
  std::string description;  // what it means, how it was obtained
  std::string rubric;       // ordinal only: id of the rubric criterion (rubric.h)
  std::optional<Veto> veto;
};

struct Provenance {
  ProvenanceKind kind = ProvenanceKind::kDeclared;
  std::string by;      // tool or person: "airgrid simulate 0.1.0", "J. Doe (site admin)"
  std::string method;  // "RAPL package energy over the run", "vendor datasheet TDP x time"
  std::string source;  // optional: file#pointer, URL or citation the value was taken from
};

class Value {
 public:
  enum class State { kNotAssessed, kNumber, kLevel };

  // Default: not assessed, with no reason given.
  Value() = default;
  static Value NotAssessed(std::string reason);
  static Value Number(double value, double uncertainty, Provenance provenance);
  // One assessor's level.
  static Value Level(int level, std::string rationale, std::string evidence, Provenance provenance);
  // Several assessors' levels (non-empty); the combined level is their median (see above).
  static Value Levels(std::vector<int> levels, std::string rationale, std::string evidence,
                      Provenance provenance);

  State state() const { return state_; }
  bool assessed() const { return state_ != State::kNotAssessed; }
  // The number, or the combined level for ordinal values. Asserts assessed().
  double number() const;
  // Absolute uncertainty in the criterion's unit (0 when exact or unknown); 0 for levels.
  double uncertainty() const { return uncertainty_; }
  // Ordinal: the combined level and the individual levels.
  int level() const;
  const std::vector<int>& levels() const { return levels_; }
  const std::string& rationale() const { return rationale_; }
  const std::string& evidence() const { return evidence_; }
  // Not assessed: why.
  const std::string& reason() const { return reason_; }
  const Provenance& provenance() const { return provenance_; }

 private:
  friend class Grid;  // recomputes the combined level with the criterion's direction
  State state_ = State::kNotAssessed;
  double number_ = 0;
  double uncertainty_ = 0;
  std::vector<int> levels_;
  std::string rationale_, evidence_, reason_;
  Provenance provenance_;
};

// Median of ordinal levels as defined above (worse middle level for an even count).
// `higher_is_better` tells which of the two middle levels is worse. Asserts non-empty.
int OrdinalMedian(std::vector<int> levels, bool higher_is_better);

struct Alternative {
  std::string id;     // unique in the grid
  std::string label;  // "SC'17 F1"
  std::string description;
};

// Data attached for the report's charts.
struct Series {
  enum class Kind {
    kGroups,  // one value per category per alternative: grouped bars (fairness per group)
    kSamples, // raw samples per alternative: empirical CDF (e.g. per-user bsld)
    kPhases,  // one value per category per alternative, stacked (energy by life-cycle phase)
  };
  std::string id;
  std::string title;   // "Mean bounded slowdown per user group"
  Kind kind = Kind::kGroups;
  std::string unit;    // unit of the values
  std::string note;    // caption: where the data comes from
  bool log_scale = false;  // kSamples: log10 x axis (slowdowns span decades)
  std::vector<std::string> categories;  // kGroups / kPhases: the group or phase names
  struct Data {
    std::string alternative;     // alternative id
    // kGroups/kPhases: aligned with categories, NaN = not assessed (drawn as "n/a", never as a
    // bar); kSamples: samples (finite).
    std::vector<double> values;
  };
  std::vector<Data> data;
};

class Grid {
 public:
  Grid() = default;
  explicit Grid(Rubric rubric) : rubric_(std::move(rubric)) {}

  std::string title;
  std::string description;
  // The setup that produced the figures, as (label, text) lines shown in the report's Setup
  // block: machine CPU, how energy was obtained (sensor or model, constants), carbon intensity
  // (source, year), PUE, embodied device, workloads, seeds. Shown verbatim, never analysed.
  std::vector<std::pair<std::string, std::string>> setup;

  // Adds a criterion or an alternative; fails on an empty or duplicate id, on an ordinal
  // criterion whose rubric is unknown (its direction and unit "level" come from the rubric),
  // or on a non-ordinal criterion naming a rubric. Values default to not assessed.
  Status AddCriterion(Criterion c);
  Status AddAlternative(Alternative a);
  // Sets one value; fails on unknown ids, a number for an ordinal criterion, a level for a
  // numeric one, a level outside the rubric, a negative or non-finite uncertainty.
  Status Set(const std::string& alternative, const std::string& criterion, Value v);
  // Attaches a chart series; fails on duplicate id, unknown alternatives, misaligned values.
  Status AddSeries(Series s);

  size_t num_criteria() const { return criteria_.size(); }
  size_t num_alternatives() const { return alternatives_.size(); }
  const std::vector<Criterion>& criteria() const { return criteria_; }
  const std::vector<Alternative>& alternatives() const { return alternatives_; }
  const std::vector<Series>& series() const { return series_; }
  const Rubric& rubric() const { return rubric_; }
  const Value& at(size_t alternative, size_t criterion) const;
  std::optional<size_t> FindCriterion(const std::string& id) const;
  std::optional<size_t> FindAlternative(const std::string& id) const;

 private:
  Rubric rubric_;
  std::vector<Criterion> criteria_;
  std::vector<Alternative> alternatives_;
  std::vector<std::vector<Value>> values_;  // [alternative][criterion]
  std::vector<Series> series_;
};

}  // namespace airgrid::grid
