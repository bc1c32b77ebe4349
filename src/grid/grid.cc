#include "airgrid/grid/grid.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <utility>

namespace airgrid::grid {
namespace {

constexpr std::pair<Area, const char*> kAreaNames[] = {
    {Area::kPerformance, "performance"},       {Area::kEnvironment, "environment"},
    {Area::kFairness, "fairness"},             {Area::kExplainability, "explainability"},
    {Area::kNeedRebound, "need_rebound"},      {Area::kConviviality, "conviviality"},
    {Area::kResponsibleAi, "responsible_ai"},
};

template <typename E, size_t N>
std::optional<E> ParseName(const std::pair<E, const char*> (&table)[N], const std::string& s) {
  for (const auto& [e, name] : table)
    if (s == name) return e;
  return std::nullopt;
}

bool ValidId(const std::string& id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

const char* ToString(Area a) {
  for (const auto& [e, name] : kAreaNames)
    if (e == a) return name;
  return "?";
}
const char* AreaLabel(Area a) {
  switch (a) {
    case Area::kPerformance: return "Performance";
    case Area::kEnvironment: return "Environment";
    case Area::kFairness: return "Fairness";
    case Area::kExplainability: return "Explainability & accessibility";
    case Area::kNeedRebound: return "Need & rebound";
    case Area::kConviviality: return "Conviviality & low-tech";
    case Area::kResponsibleAi: return "Responsible AI";
  }
  return "?";
}
const char* ToString(Direction d) { return d == Direction::kLowerIsBetter ? "lower" : "higher"; }
const char* ToString(Scale s) {
  switch (s) {
    case Scale::kRatio: return "ratio";
    case Scale::kInterval: return "interval";
    case Scale::kOrdinal: return "ordinal";
  }
  return "?";
}
const char* ToString(Phase p) {
  switch (p) {
    case Phase::kNone: return "";
    case Phase::kDevelopment: return "development";
    case Phase::kUse: return "use";
    case Phase::kHardware: return "hardware";
  }
  return "?";
}
const char* ToString(ProvenanceKind k) {
  switch (k) {
    case ProvenanceKind::kMeasured: return "measured";
    case ProvenanceKind::kModelled: return "modelled";
    case ProvenanceKind::kDeclared: return "declared";
  }
  return "?";
}

std::optional<Area> ParseArea(const std::string& s) { return ParseName(kAreaNames, s); }
std::optional<Direction> ParseDirection(const std::string& s) {
  if (s == "lower") return Direction::kLowerIsBetter;
  if (s == "higher") return Direction::kHigherIsBetter;
  return std::nullopt;
}
std::optional<Scale> ParseScale(const std::string& s) {
  constexpr std::pair<Scale, const char*> t[] = {
      {Scale::kRatio, "ratio"}, {Scale::kInterval, "interval"}, {Scale::kOrdinal, "ordinal"}};
  return ParseName(t, s);
}
std::optional<Phase> ParsePhase(const std::string& s) {
  constexpr std::pair<Phase, const char*> t[] = {{Phase::kNone, ""},
                                                 {Phase::kDevelopment, "development"},
                                                 {Phase::kUse, "use"},
                                                 {Phase::kHardware, "hardware"}};
  return ParseName(t, s);
}
std::optional<ProvenanceKind> ParseProvenanceKind(const std::string& s) {
  constexpr std::pair<ProvenanceKind, const char*> t[] = {{ProvenanceKind::kMeasured, "measured"},
                                                          {ProvenanceKind::kModelled, "modelled"},
                                                          {ProvenanceKind::kDeclared, "declared"}};
  return ParseName(t, s);
}

int OrdinalMedian(std::vector<int> levels, bool higher_is_better) {
  assert(!levels.empty());
  std::sort(levels.begin(), levels.end());
  const size_t n = levels.size();
  if (n % 2 == 1) return levels[n / 2];
  const int low = levels[n / 2 - 1], high = levels[n / 2];
  return higher_is_better ? low : high;  // the worse of the two middle levels
}

Value Value::NotAssessed(std::string reason) {
  Value v;
  v.reason_ = std::move(reason);
  return v;
}

Value Value::Number(double value, double uncertainty, Provenance provenance) {
  Value v;
  v.state_ = State::kNumber;
  v.number_ = value;
  v.uncertainty_ = uncertainty;
  v.provenance_ = std::move(provenance);
  return v;
}

Value Value::Level(int level, std::string rationale, std::string evidence, Provenance provenance) {
  return Levels({level}, std::move(rationale), std::move(evidence), std::move(provenance));
}

Value Value::Levels(std::vector<int> levels, std::string rationale, std::string evidence,
                    Provenance provenance) {
  assert(!levels.empty());
  Value v;
  v.state_ = State::kLevel;
  v.levels_ = std::move(levels);
  // The combined level depends on the criterion's direction; Grid::Set recomputes it.
  v.number_ = OrdinalMedian(v.levels_, true);
  v.rationale_ = std::move(rationale);
  v.evidence_ = std::move(evidence);
  v.provenance_ = std::move(provenance);
  return v;
}

double Value::number() const {
  assert(assessed());
  return number_;
}

int Value::level() const {
  assert(state_ == State::kLevel);
  return static_cast<int>(number_);
}

Status Grid::AddCriterion(Criterion c) {
  if (!ValidId(c.id))
    return Status::InvalidInput("criterion id \"" + c.id + "\": expected letters, digits, '_', '-' or '.'");
  if (FindCriterion(c.id)) return Status::InvalidInput("criterion \"" + c.id + "\": duplicate id");
  if (c.label.empty()) c.label = c.id;
  if (c.scale == Scale::kOrdinal) {
    if (c.rubric.empty()) c.rubric = c.id;
    const RubricCriterion* r = rubric_.Find(c.rubric);
    if (!r)
      return Status::InvalidInput("criterion \"" + c.id + "\": ordinal criterion needs a rubric; \"" +
                                  c.rubric + "\" is not in " + rubric_.source);
    c.direction = r->higher_is_better ? Direction::kHigherIsBetter : Direction::kLowerIsBetter;
    c.unit = "level";
    if (c.veto && !r->Find(static_cast<int>(c.veto->threshold)))
      return Status::InvalidInput("criterion \"" + c.id + "\": veto threshold is not a level of rubric \"" +
                                  c.rubric + "\"");
  } else if (!c.rubric.empty()) {
    return Status::InvalidInput("criterion \"" + c.id + "\": only ordinal criteria take a rubric");
  }
  if (c.veto && !std::isfinite(c.veto->threshold))
    return Status::InvalidInput("criterion \"" + c.id + "\": veto threshold must be finite");
  criteria_.push_back(std::move(c));
  for (auto& row : values_) row.emplace_back();
  return Status::Ok();
}

Status Grid::AddAlternative(Alternative a) {
  if (!ValidId(a.id))
    return Status::InvalidInput("alternative id \"" + a.id + "\": expected letters, digits, '_', '-' or '.'");
  if (FindAlternative(a.id)) return Status::InvalidInput("alternative \"" + a.id + "\": duplicate id");
  if (a.label.empty()) a.label = a.id;
  alternatives_.push_back(std::move(a));
  values_.emplace_back(criteria_.size());
  return Status::Ok();
}

Status Grid::Set(const std::string& alternative, const std::string& criterion, Value v) {
  auto a = FindAlternative(alternative);
  if (!a) return Status::InvalidInput("unknown alternative \"" + alternative + "\"");
  auto c = FindCriterion(criterion);
  if (!c) return Status::InvalidInput("unknown criterion \"" + criterion + "\"");
  const Criterion& crit = criteria_[*c];
  const std::string where = "value of \"" + alternative + "\" on \"" + criterion + "\": ";
  if (crit.scale == Scale::kOrdinal) {
    if (v.state() == Value::State::kNumber)
      return Status::InvalidInput(where + "ordinal criterion expects a rubric level, got a number");
    if (v.state() == Value::State::kLevel) {
      const RubricCriterion* r = rubric_.Find(crit.rubric);
      for (int level : v.levels())
        if (!r->Find(level))
          return Status::InvalidInput(where + "level " + std::to_string(level) + " is not in rubric \"" +
                                      crit.rubric + "\" (levels " + std::to_string(r->min_level()) +
                                      ".." + std::to_string(r->max_level()) + ")");
      v = Value::Levels(v.levels(), v.rationale(), v.evidence(), v.provenance());
      v.number_ = OrdinalMedian(v.levels_, r->higher_is_better);
    }
  } else {
    if (v.state() == Value::State::kLevel)
      return Status::InvalidInput(where + "numeric criterion expects a number, got a rubric level");
    if (v.state() == Value::State::kNumber) {
      if (!std::isfinite(v.number())) return Status::InvalidInput(where + "expected a finite number");
      if (!std::isfinite(v.uncertainty()) || v.uncertainty() < 0)
        return Status::InvalidInput(where + "uncertainty must be a finite number >= 0");
    }
  }
  values_[*a][*c] = std::move(v);
  return Status::Ok();
}

Status Grid::AddSeries(Series s) {
  if (!ValidId(s.id)) return Status::InvalidInput("series id \"" + s.id + "\": expected letters, digits, '_', '-' or '.'");
  for (const Series& other : series_)
    if (other.id == s.id) return Status::InvalidInput("series \"" + s.id + "\": duplicate id");
  if (s.kind != Series::Kind::kSamples && s.categories.empty())
    return Status::InvalidInput("series \"" + s.id + "\": expected at least one category");
  for (const Series::Data& d : s.data) {
    if (!FindAlternative(d.alternative))
      return Status::InvalidInput("series \"" + s.id + "\": unknown alternative \"" + d.alternative + "\"");
    if (s.kind != Series::Kind::kSamples && d.values.size() != s.categories.size())
      return Status::InvalidInput("series \"" + s.id + "\", alternative \"" + d.alternative + "\": expected " +
                                  std::to_string(s.categories.size()) + " values (one per category), got " +
                                  std::to_string(d.values.size()));
    for (double x : d.values)
      if (std::isinf(x) || (std::isnan(x) && s.kind == Series::Kind::kSamples))
        return Status::InvalidInput("series \"" + s.id + "\", alternative \"" + d.alternative +
                                    "\": values must be finite numbers" +
                                    (s.kind == Series::Kind::kSamples ? "" : " (or null: not assessed)"));
    if (s.kind == Series::Kind::kPhases)
      for (double x : d.values)
        if (x < 0)
          return Status::InvalidInput("series \"" + s.id + "\", alternative \"" + d.alternative +
                                      "\": stacked values must be >= 0");
    if (s.kind == Series::Kind::kSamples && s.log_scale)
      for (double x : d.values)
        if (x <= 0)
          return Status::InvalidInput("series \"" + s.id + "\", alternative \"" + d.alternative +
                                      "\": log-scale samples must be > 0");
  }
  // Data in the grid's alternative order, whatever order the caller (or a JSON object) gave.
  std::stable_sort(s.data.begin(), s.data.end(), [this](const Series::Data& x, const Series::Data& y) {
    return *FindAlternative(x.alternative) < *FindAlternative(y.alternative);
  });
  series_.push_back(std::move(s));
  return Status::Ok();
}

const Value& Grid::at(size_t alternative, size_t criterion) const {
  assert(alternative < alternatives_.size() && criterion < criteria_.size());
  return values_[alternative][criterion];
}

std::optional<size_t> Grid::FindCriterion(const std::string& id) const {
  for (size_t i = 0; i < criteria_.size(); ++i)
    if (criteria_[i].id == id) return i;
  return std::nullopt;
}

std::optional<size_t> Grid::FindAlternative(const std::string& id) const {
  for (size_t i = 0; i < alternatives_.size(); ++i)
    if (alternatives_[i].id == id) return i;
  return std::nullopt;
}

}  // namespace airgrid::grid
