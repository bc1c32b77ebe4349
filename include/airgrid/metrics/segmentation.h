// Binary segmentation overlap: Dice = 2|T∩P| / (|T|+|P|), IoU = |T∩P| / |T∪P|; a pixel is
// foreground when its value is non-zero. Dice equals sklearn's f1_score(average='binary') and IoU
// its jaccard_score on the flattened masks.
//
// Empty masks: when truth and prediction are both empty, both ratios are 0/0. The convention is an
// explicit option: kOne (default: two empty masks agree perfectly — the usual choice in medical
// imaging challenges; sklearn's zero_division=1), kZero (sklearn's default zero_division), or kNaN
// (exclude from averages). The report says when it applied.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

enum class EmptyMask { kOne, kZero, kNaN };
Result<EmptyMask> ParseEmptyMask(const std::string& s);  // one|zero|nan

struct SegmentationReport {
  double dice = 0, iou = 0;
  long tp = 0, fp = 0, fn = 0, tn = 0;
  bool both_empty = false;  // the empty-mask convention decided the values
};

Result<SegmentationReport> Segmentation(std::span<const uint8_t> truth,
                                        std::span<const uint8_t> pred,
                                        EmptyMask empty = EmptyMask::kOne);

}  // namespace airgrid::metrics
