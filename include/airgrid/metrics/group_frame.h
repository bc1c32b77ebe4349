// A metric computed per group of samples (like Fairlearn's MetricFrame): the value for every
// group, the overall value, the largest difference between groups (max − min) and the smallest
// ratio (min / max; 1 when every group has the same value, including all zero).
// Groups are ordered by their label (bytewise).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

struct GroupFrame {
  std::vector<std::string> groups;
  std::vector<long> counts;
  std::vector<double> by_group;
  double overall = 0;
  double difference = 0;  // max − min over groups
  double ratio = 0;       // min / max over groups
};

// `metric` receives the indices of the samples it must score (all samples for `overall`).
using IndexedMetric = std::function<Result<double>(std::span<const size_t> indices)>;

Result<GroupFrame> ByGroup(std::span<const std::string> groups, const IndexedMetric& metric);

}  // namespace airgrid::metrics
