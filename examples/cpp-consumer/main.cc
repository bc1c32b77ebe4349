// Uses two installed airgrid libraries: a metric and the tracker with its CodeCarbon CSV header.
#include <cstdio>
#include <string>
#include <vector>

#include "airgrid/measure/tracker.h"
#include "airgrid/metrics/classification.h"

int main() {
  const std::vector<std::string> truth = {"0", "1", "1", "0"}, pred = {"0", "1", "0", "0"};
  auto report = airgrid::metrics::Classification(truth, pred);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().message().c_str());
    return 1;
  }
  airgrid::measure::TrackerOptions options;
  options.interval_s = 0;
  auto tracker = airgrid::measure::Tracker::ForThisProcess(options);
  if (!tracker->Start().ok()) return 1;
  auto record = tracker->Stop();
  if (!record.ok()) return 1;
  std::printf("accuracy %.2f, tracked %.3f s (%s attribution), CSV columns from CodeCarbon %s\n", report->accuracy,
              record->duration_s, record->attribution.c_str(), airgrid::measure::kCodeCarbonVersion);
  return 0;
}
