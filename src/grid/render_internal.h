// Helpers shared by the renderers (text, Markdown, JSON, HTML). Internal to src/grid.
#pragma once

#include <string>
#include <vector>

#include "airgrid/grid/report.h"

namespace airgrid::grid::internal {

// "↓ lower" / "↑ higher" style arrow for a direction.
const char* Arrow(Direction d);
// "s", "1" -> "" (dimensionless shown without unit), "level".
std::string UnitSuffix(const std::string& unit);
// Criteria in display order: grouped by area (enum order), grid order within an area.
std::vector<size_t> DisplayOrder(const Grid& grid);
// Alternative labels joined with ", "; "(none)" when empty.
std::string JoinLabels(const Grid& grid, const std::vector<size_t>& alternatives);
// Pairs "A dominates B" as text lines.
std::vector<std::string> DominanceLines(const Report& report);
// One line per weighted criterion: where along its share the winner changes.
std::vector<std::string> SweepSummary(const Report& report, bool topsis);
// True when alternative `a` gets the "best" mark on criterion `c`: rank 1 and not everything
// tied (ties are ties: tied best values share the mark; nobody gets it when all tie).
bool IsBest(const Analysis& an, size_t c, size_t a);
// Strings joined with ", ".
std::string Join(const std::vector<std::string>& items);
// Display width of UTF-8 text (code points; our symbols are all single-width).
size_t DisplayWidth(const std::string& s);

}  // namespace airgrid::grid::internal
