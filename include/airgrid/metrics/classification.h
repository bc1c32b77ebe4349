// Classification metrics with scikit-learn 1.2.1 conventions.
//
// Labels are strings. If every label (truth and prediction) parses as a number they are ordered
// numerically, else by bytes — the order numpy.unique gives, which fixes the rows/columns of the
// confusion matrix and the label list of macro/weighted averages (the union of both columns).
//
// precision/recall/F1 follow sklearn.metrics.precision_recall_fscore_support:
//  - average=binary: only for ≤ 2 labels; scores of `pos_label` (default "1"); a pos_label absent
//    while two other labels exist is an error, as in sklearn;
//  - micro: from the summed tp / predicted / true counts; macro: unweighted mean over labels;
//    weighted: mean weighted by each label's true count (support);
//  - zero_division: a 0/0 precision or recall becomes 0 ("warn" and "0") or 1 ("1"); F1 is then
//    2PR/(P+R) from those values, and 0 when P+R = 0; `ill_defined` records that it happened
//    (sklearn's warning). With weighted averaging and no true sample at all, sklearn's special
//    case applies (see classification.cc).
// ROC AUC: binary only; the positive class is the larger of the two labels of `truth` (sklearn);
// one class only in truth → InvalidInput ("ROC AUC is not defined"), as sklearn raises.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

enum class Average { kBinary, kMicro, kMacro, kWeighted };
enum class ZeroDivision { kWarn, kZero, kOne };

Result<Average> ParseAverage(const std::string& s);            // binary|micro|macro|weighted
Result<ZeroDivision> ParseZeroDivision(const std::string& s);  // warn|0|1

struct ClassificationOptions {
  Average average = Average::kBinary;
  ZeroDivision zero_division = ZeroDivision::kWarn;
  std::string pos_label = "1";
};

struct ClassificationReport {
  std::vector<std::string> labels;             // sorted union of truth and prediction labels
  std::vector<std::vector<long>> confusion;    // [true label][predicted label]
  double accuracy = 0;
  double precision = 0, recall = 0, f1 = 0;    // for options.average
  std::vector<double> class_precision, class_recall, class_f1;  // per label (zero_division applied)
  std::vector<long> support;                   // true count per label
  bool ill_defined = false;                    // some 0/0 was replaced by zero_division
  long n = 0;
};

Result<ClassificationReport> Classification(std::span<const std::string> truth,
                                            std::span<const std::string> pred,
                                            const ClassificationOptions& options = {});

// Area under the ROC curve of `scores` (higher = more positive) for binary `truth`; ties in
// scores count one half (trapezoids over the ROC curve).
Result<double> RocAuc(std::span<const std::string> truth, std::span<const double> scores);

// Labels sorted as numpy.unique would sort them (numeric if all numeric, else bytewise).
std::vector<std::string> SortedLabels(std::span<const std::string> a, std::span<const std::string> b);

}  // namespace airgrid::metrics
