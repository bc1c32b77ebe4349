// Small builders shared by the grid tests. Internal to src/grid tests.
#pragma once

#include <string>
#include <vector>

#include "airgrid/grid/grid.h"

namespace airgrid::grid::testing {

inline Criterion Numeric(const std::string& id, Direction d, Area area = Area::kPerformance) {
  Criterion c;
  c.id = id;
  c.label = id;
  c.area = area;
  c.unit = "s";
  c.direction = d;
  return c;
}

inline Value Num(double x, double u = 0) {
  return Value::Number(x, u, Provenance{ProvenanceKind::kMeasured, "test", "by hand", ""});
}

// A grid with criteria `crits` and alternatives named a0, a1, ...; values[a][c], NaN = not assessed.
inline Grid MakeGrid(const std::vector<Criterion>& crits, const std::vector<std::vector<double>>& values) {
  Grid g;
  for (const Criterion& c : crits) (void)g.AddCriterion(c);
  for (size_t a = 0; a < values.size(); ++a) {
    // Built by appending: "a" + std::to_string(a) trips a false -Wrestrict in g++ 12.
    std::string id(1, 'a'), label(1, 'A');
    id += std::to_string(a);
    label += std::to_string(a);
    (void)g.AddAlternative({id, label, ""});
    for (size_t c = 0; c < crits.size(); ++c)
      if (values[a][c] == values[a][c]) (void)g.Set(id, crits[c].id, Num(values[a][c]));
  }
  return g;
}

}  // namespace airgrid::grid::testing
