#include "airgrid/metrics/group_frame.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace airgrid::metrics {

Result<GroupFrame> ByGroup(std::span<const std::string> groups, const IndexedMetric& metric) {
  if (groups.empty()) return Status::InvalidInput("no samples to group");
  std::map<std::string, std::vector<size_t>> members;
  for (size_t i = 0; i < groups.size(); ++i) members[groups[i]].push_back(i);

  GroupFrame f;
  std::vector<size_t> all(groups.size());
  std::iota(all.begin(), all.end(), 0);
  auto overall = metric(all);
  if (!overall.ok()) return overall.status();
  f.overall = *overall;
  for (auto& [g, idx] : members) {
    auto v = metric(idx);
    if (!v.ok()) return Status::InvalidInput("group '" + g + "': " + v.status().message());
    f.groups.push_back(g);
    f.counts.push_back(static_cast<long>(idx.size()));
    f.by_group.push_back(*v);
  }
  auto [lo, hi] = std::minmax_element(f.by_group.begin(), f.by_group.end());
  f.difference = *hi - *lo;
  // Fairlearn divides min by max; equal groups (including all zero) are perfectly balanced.
  f.ratio = (*hi == *lo) ? 1.0 : *lo / *hi;
  return f;
}

}  // namespace airgrid::metrics
