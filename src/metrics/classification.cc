#include "airgrid/metrics/classification.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>

namespace airgrid::metrics {
namespace {

bool ParseNumber(const std::string& s, double* out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto [p, ec] = std::from_chars(b, e, *out);
  return ec == std::errc() && p == e && !s.empty();
}

bool AllNumeric(std::span<const std::string> a, std::span<const std::string> b) {
  double v;
  for (const auto& s : a) if (!ParseNumber(s, &v)) return false;
  for (const auto& s : b) if (!ParseNumber(s, &v)) return false;
  return true;
}

double ZeroDivisionValue(ZeroDivision z) { return z == ZeroDivision::kOne ? 1.0 : 0.0; }

// num/den, or the zero_division value when den == 0 (flagging it).
double Divide(double num, double den, ZeroDivision z, bool* ill_defined) {
  if (den == 0) {
    *ill_defined = true;
    return ZeroDivisionValue(z);
  }
  return num / den;
}

double FScore(double p, double r) { return (p + r) == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

Result<Average> ParseAverage(const std::string& s) {
  if (s == "binary") return Average::kBinary;
  if (s == "micro") return Average::kMicro;
  if (s == "macro") return Average::kMacro;
  if (s == "weighted") return Average::kWeighted;
  return Status::InvalidInput("average '" + s + "': expected binary, micro, macro or weighted");
}

Result<ZeroDivision> ParseZeroDivision(const std::string& s) {
  if (s == "warn") return ZeroDivision::kWarn;
  if (s == "0") return ZeroDivision::kZero;
  if (s == "1") return ZeroDivision::kOne;
  return Status::InvalidInput("zero_division '" + s + "': expected warn, 0 or 1");
}

std::vector<std::string> SortedLabels(std::span<const std::string> a,
                                      std::span<const std::string> b) {
  std::vector<std::string> all(a.begin(), a.end());
  all.insert(all.end(), b.begin(), b.end());
  if (AllNumeric(a, b)) {
    std::map<double, std::string> by_value;  // first spelling of each value wins
    for (const auto& s : all) {
      double v;
      ParseNumber(s, &v);
      by_value.emplace(v, s);
    }
    std::vector<std::string> out;
    for (auto& [v, s] : by_value) out.push_back(s);
    return out;
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

Result<ClassificationReport> Classification(std::span<const std::string> truth,
                                            std::span<const std::string> pred,
                                            const ClassificationOptions& opt) {
  if (truth.size() != pred.size())
    return Status::InvalidInput("truth has " + std::to_string(truth.size()) +
                                " labels but prediction has " + std::to_string(pred.size()));
  if (truth.empty()) return Status::InvalidInput("no labels to compare");

  ClassificationReport rep;
  rep.n = static_cast<long>(truth.size());
  rep.labels = SortedLabels(truth, pred);
  const bool numeric = AllNumeric(truth, pred);
  auto index_of = [&](const std::string& s) -> size_t {
    if (numeric) {
      double v, w;
      ParseNumber(s, &v);
      for (size_t i = 0; i < rep.labels.size(); ++i) {
        ParseNumber(rep.labels[i], &w);
        if (v == w) return i;
      }
    }
    return static_cast<size_t>(
        std::lower_bound(rep.labels.begin(), rep.labels.end(), s) - rep.labels.begin());
  };
  const size_t k = rep.labels.size();
  rep.confusion.assign(k, std::vector<long>(k, 0));
  long correct = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    size_t t = index_of(truth[i]), p = index_of(pred[i]);
    ++rep.confusion[t][p];
    if (t == p) ++correct;
  }
  rep.accuracy = static_cast<double>(correct) / static_cast<double>(rep.n);

  std::vector<double> tp(k), pred_sum(k), true_sum(k);
  for (size_t a = 0; a < k; ++a) {
    tp[a] = static_cast<double>(rep.confusion[a][a]);
    for (size_t b = 0; b < k; ++b) {
      true_sum[a] += static_cast<double>(rep.confusion[a][b]);
      pred_sum[a] += static_cast<double>(rep.confusion[b][a]);
    }
    rep.support.push_back(static_cast<long>(true_sum[a]));
  }
  bool ill = false;
  for (size_t a = 0; a < k; ++a) {
    double p = Divide(tp[a], pred_sum[a], opt.zero_division, &ill);
    double r = Divide(tp[a], true_sum[a], opt.zero_division, &ill);
    rep.class_precision.push_back(p);
    rep.class_recall.push_back(r);
    rep.class_f1.push_back(FScore(p, r));
  }

  switch (opt.average) {
    case Average::kBinary: {
      if (k > 2)
        return Status::InvalidInput("average=binary but there are " + std::to_string(k) +
                                    " labels; choose micro, macro or weighted");
      double pl;
      bool found = false;
      size_t pos = 0;
      for (size_t a = 0; a < k; ++a) {
        double v;
        bool same = numeric && ParseNumber(opt.pos_label, &pl) && ParseNumber(rep.labels[a], &v)
                        ? v == pl
                        : rep.labels[a] == opt.pos_label;
        if (same) { found = true; pos = a; }
      }
      if (!found && k == 2)
        return Status::InvalidInput("pos_label '" + opt.pos_label + "' is not a valid label: " +
                                    rep.labels[0] + ", " + rep.labels[1]);
      if (!found) {
        // sklearn scores an absent positive label as a class with no sample at all.
        bool ill_b = false;
        rep.precision = Divide(0, 0, opt.zero_division, &ill_b);
        rep.recall = Divide(0, 0, opt.zero_division, &ill_b);
        rep.f1 = FScore(rep.precision, rep.recall);
        ill = true;
        break;
      }
      rep.precision = rep.class_precision[pos];
      rep.recall = rep.class_recall[pos];
      rep.f1 = rep.class_f1[pos];
      break;
    }
    case Average::kMicro: {
      const double t = std::accumulate(tp.begin(), tp.end(), 0.0);
      const double ps = std::accumulate(pred_sum.begin(), pred_sum.end(), 0.0);
      const double ts = std::accumulate(true_sum.begin(), true_sum.end(), 0.0);
      rep.precision = Divide(t, ps, opt.zero_division, &ill);
      rep.recall = Divide(t, ts, opt.zero_division, &ill);
      rep.f1 = FScore(rep.precision, rep.recall);
      break;
    }
    case Average::kMacro: {
      const double n = static_cast<double>(k);
      rep.precision = std::accumulate(rep.class_precision.begin(), rep.class_precision.end(), 0.0) / n;
      rep.recall = std::accumulate(rep.class_recall.begin(), rep.class_recall.end(), 0.0) / n;
      rep.f1 = std::accumulate(rep.class_f1.begin(), rep.class_f1.end(), 0.0) / n;
      break;
    }
    case Average::kWeighted: {
      const double w = std::accumulate(true_sum.begin(), true_sum.end(), 0.0);
      for (size_t a = 0; a < k; ++a) {
        rep.precision += rep.class_precision[a] * true_sum[a] / w;
        rep.recall += rep.class_recall[a] * true_sum[a] / w;
        rep.f1 += rep.class_f1[a] * true_sum[a] / w;
      }
      break;
    }
  }
  rep.ill_defined = ill;
  return rep;
}

Result<double> RocAuc(std::span<const std::string> truth, std::span<const double> scores) {
  if (truth.size() != scores.size())
    return Status::InvalidInput("truth has " + std::to_string(truth.size()) +
                                " labels but there are " + std::to_string(scores.size()) + " scores");
  std::span<const std::string> none;
  std::vector<std::string> labels = SortedLabels(truth, none);
  if (labels.size() != 2)
    return Status::InvalidInput(labels.size() < 2
                                    ? "only one class present in truth: ROC AUC is not defined"
                                    : "ROC AUC is implemented for binary truth only; found " +
                                          std::to_string(labels.size()) + " labels");
  // Mann–Whitney U: sort by score, average ranks over ties.
  const size_t n = truth.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  const bool numeric = AllNumeric(truth, none);
  auto is_pos = [&](const std::string& s) {
    if (numeric) {
      double a, b;
      ParseNumber(s, &a);
      ParseNumber(labels[1], &b);
      return a == b;
    }
    return s == labels[1];
  };
  double rank_sum_pos = 0, n_pos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double avg_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t t = i; t <= j; ++t)
      if (is_pos(truth[order[t]])) { rank_sum_pos += avg_rank; n_pos += 1; }
    i = j + 1;
  }
  const double n_neg = static_cast<double>(n) - n_pos;
  return (rank_sum_pos - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg);
}

}  // namespace airgrid::metrics
