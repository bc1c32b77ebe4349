#include "airgrid/metrics/segmentation.h"

#include <limits>

namespace airgrid::metrics {

Result<EmptyMask> ParseEmptyMask(const std::string& s) {
  if (s == "one" || s == "1") return EmptyMask::kOne;
  if (s == "zero" || s == "0") return EmptyMask::kZero;
  if (s == "nan") return EmptyMask::kNaN;
  return Status::InvalidInput("empty-mask convention '" + s + "': expected one, zero or nan");
}

Result<SegmentationReport> Segmentation(std::span<const uint8_t> truth,
                                        std::span<const uint8_t> pred, EmptyMask empty) {
  if (truth.size() != pred.size())
    return Status::InvalidInput("truth mask has " + std::to_string(truth.size()) +
                                " pixels but prediction has " + std::to_string(pred.size()));
  SegmentationReport r;
  for (size_t i = 0; i < truth.size(); ++i) {
    const bool t = truth[i] != 0, p = pred[i] != 0;
    r.tp += t && p;
    r.fp += !t && p;
    r.fn += t && !p;
    r.tn += !t && !p;
  }
  const double tp = static_cast<double>(r.tp), fp = static_cast<double>(r.fp),
               fn = static_cast<double>(r.fn);
  if (r.tp + r.fp + r.fn == 0) {
    r.both_empty = true;
    const double v = empty == EmptyMask::kOne    ? 1.0
                     : empty == EmptyMask::kZero ? 0.0
                                                 : std::numeric_limits<double>::quiet_NaN();
    r.dice = r.iou = v;
    return r;
  }
  r.dice = 2 * tp / (2 * tp + fp + fn);
  r.iou = tp / (tp + fp + fn);
  return r;
}

}  // namespace airgrid::metrics
