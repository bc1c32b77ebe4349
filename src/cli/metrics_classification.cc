// `airgrid metrics classification`: accuracy, precision, recall, F1, confusion matrix and,
// with --scores-column, ROC AUC (scikit-learn 1.2.1 conventions), optionally per group.
#include <cstdio>

#include "airgrid/base/provenance.h"
#include "airgrid/metrics/classification.h"
#include "cli/command.h"
#include "cli/metrics_common.h"

namespace airgrid::cli {
namespace {

struct Options {
  PairedOptions paired;
  std::string average = "binary", zero_division = "warn", pos_label = "1", scores_column;
};

Runner Setup(CLI::App* app) {
  auto o = std::make_shared<Options>();
  AddPairedOptions(app, &o->paired);
  app->add_option("--average", o->average, "binary|micro|macro|weighted (as sklearn's `average`)")
      ->capture_default_str();
  app->add_option("--zero-division", o->zero_division, "value of 0/0 precision or recall: warn (=0, flagged), 0 or 1")
      ->capture_default_str();
  app->add_option("--pos-label", o->pos_label, "positive label for --average binary")->capture_default_str();
  app->add_option("--scores-column", o->scores_column,
                  "column of --pred holding scores of the positive class, for ROC AUC (binary)");
  app->footer("Example: airgrid metrics classification --truth y.csv --pred pred.csv --pred-column label --average macro");
  return [o]() {
    RunOutputs outputs;
    outputs.Input("--truth", o->paired.truth_file).Input("--pred", o->paired.pred_file).Input("--groups", o->paired.groups_file);
    outputs.Output("-o/--output", o->paired.json_path).Prepare();
    metrics::ClassificationOptions opt;
    opt.average = ValueOrThrow(metrics::ParseAverage(o->average));
    opt.zero_division = ValueOrThrow(metrics::ParseZeroDivision(o->zero_division));
    opt.pos_label = o->pos_label;
    Paired p = LoadPaired(o->paired);
    auto rep = ValueOrThrow(metrics::Classification(p.truth.values, p.pred.values, opt));

    nlohmann::json m = {{"accuracy", rep.accuracy}, {"precision", rep.precision},
                        {"recall", rep.recall}, {"f1", rep.f1}, {"average", o->average},
                        {"zero_division", o->zero_division}, {"ill_defined", rep.ill_defined},
                        {"labels", rep.labels}, {"confusion_matrix", rep.confusion},
                        {"per_label", {{"precision", rep.class_precision}, {"recall", rep.class_recall},
                                       {"f1", rep.class_f1}, {"support", rep.support}}},
                        {"n", rep.n}};
    std::printf("n = %ld, labels:", rep.n);
    for (const auto& l : rep.labels) std::printf(" %s", l.c_str());
    std::printf("\naccuracy  = %s\nprecision = %s\nrecall    = %s\nF1        = %s   (average=%s)\n",
                Num(rep.accuracy).c_str(), Num(rep.precision).c_str(), Num(rep.recall).c_str(),
                Num(rep.f1).c_str(), o->average.c_str());
    if (rep.ill_defined)
      std::printf("note: some precision/recall were 0/0 and set by --zero-division=%s\n",
                  o->zero_division.c_str());
    if (!o->scores_column.empty()) {
      Column scores = ReadColumn(o->paired.pred_file, o->scores_column, o->paired.no_header);
      const double auc = ValueOrThrow(metrics::RocAuc(p.truth.values, AsNumbers(scores)));
      m["roc_auc"] = auc;
      std::printf("ROC AUC   = %s\n", Num(auc).c_str());
    }
    nlohmann::json out = ProvenanceJson(CommandLine());
    out["task"] = "classification";
    out["truth"] = Describe(p.truth);
    out["pred"] = Describe(p.pred);
    out["metrics"] = m;
    if (!p.groups.empty()) {
      nlohmann::json frames;
      for (const char* name : {"accuracy", "precision", "recall", "f1"}) {
        auto frame = ValueOrThrow(metrics::ByGroup(p.groups, [&](std::span<const size_t> idx) -> Result<double> {
          std::vector<std::string> t, q;
          for (size_t i : idx) { t.push_back(p.truth.values[i]); q.push_back(p.pred.values[i]); }
          auto r = metrics::Classification(t, q, opt);
          if (!r.ok()) return r.status();
          const std::string n = name;
          return n == "accuracy" ? r->accuracy : n == "precision" ? r->precision
                                               : n == "recall"    ? r->recall : r->f1;
        }));
        frames[name] = FrameJson(frame);
        std::printf("%s by group: difference %s, ratio %s\n", name, Num(frame.difference).c_str(),
                    Num(frame.ratio).c_str());
      }
      out["by_group"] = frames;
    }
    if (!o->paired.json_path.empty()) outputs.Put(o->paired.json_path, JsonText(out));
    outputs.Commit();
    return 0;
  };
}

const Registration kReg{"metrics classification",
                        "accuracy, precision, recall, F1, confusion matrix, ROC AUC (scikit-learn conventions)",
                        &Setup};

}  // namespace
}  // namespace airgrid::cli
