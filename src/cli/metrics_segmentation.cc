// `airgrid metrics segmentation`: Dice and IoU of binary masks (PGM, PNG or CSV), one pair or
// several (mean over images), with an explicit empty-mask convention.
#include <cmath>
#include <cstdio>

#include "airgrid/base/provenance.h"
#include "airgrid/metrics/mask_io.h"
#include "airgrid/metrics/segmentation.h"
#include "airgrid/metrics/summary.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct Options {
  std::vector<std::string> truth, pred;
  std::string empty = "one", json_path;
};

Runner Setup(CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("--truth", o->truth, "true mask(s): PGM, PNG or CSV; repeat for several images")->required();
  app->add_option("--pred", o->pred, "predicted mask(s), in the same order as --truth")->required();
  app->add_option("--empty", o->empty, "Dice/IoU when both masks are empty: one, zero or nan")->capture_default_str();
  AddJsonOutputOption(app, &o->json_path, "write the result as JSON to this file ('-': stdout, alone)");
  app->footer("Example: airgrid metrics segmentation --truth mask1.png --pred out1.png --truth mask2.pgm --pred out2.pgm");
  return [o]() {
    CheckOutputPath("-o/--output", o->json_path);
    if (o->truth.size() != o->pred.size())
      throw InputError(std::to_string(o->truth.size()) + " --truth masks but " +
                       std::to_string(o->pred.size()) + " --pred masks");
    const metrics::EmptyMask empty = ValueOrThrow(metrics::ParseEmptyMask(o->empty));
    RunOutputs outputs;
    for (const std::string& f : o->truth) outputs.Input("--truth", f);
    for (const std::string& f : o->pred) outputs.Input("--pred", f);
    outputs.Output("-o/--output", o->json_path).Prepare();
    nlohmann::json images = nlohmann::json::array();
    std::vector<double> dice, iou;
    for (size_t i = 0; i < o->truth.size(); ++i) {
      auto t = ValueOrThrow(metrics::ReadMask(o->truth[i]));
      auto p = ValueOrThrow(metrics::ReadMask(o->pred[i]));
      if (t.width != p.width || t.height != p.height)
        throw InputError(o->pred[i] + " is " + std::to_string(p.width) + "x" + std::to_string(p.height) +
                         " but " + o->truth[i] + " is " + std::to_string(t.width) + "x" +
                         std::to_string(t.height));
      auto r = ValueOrThrow(metrics::Segmentation(t.pixels, p.pixels, empty));
      if (!std::isnan(r.dice)) { dice.push_back(r.dice); iou.push_back(r.iou); }
      images.push_back({{"truth", o->truth[i]}, {"pred", o->pred[i]}, {"dice", r.dice}, {"iou", r.iou},
                        {"tp", r.tp}, {"fp", r.fp}, {"fn", r.fn}, {"tn", r.tn}, {"both_empty", r.both_empty}});
      std::printf("%s vs %s: Dice %s, IoU %s%s\n", o->truth[i].c_str(), o->pred[i].c_str(),
                  Num(r.dice).c_str(), Num(r.iou).c_str(),
                  r.both_empty ? " (both empty: --empty convention)" : "");
    }
    nlohmann::json out = ProvenanceJson(CommandLine());
    out["task"] = "segmentation";
    out["empty_mask_convention"] = o->empty;
    out["images"] = images;
    out["metrics"] = {{"mean_dice", metrics::Mean(dice)}, {"mean_iou", metrics::Mean(iou)},
                      {"images_averaged", dice.size()}};
    if (o->truth.size() > 1)
      std::printf("mean over %zu images: Dice %s, IoU %s\n", dice.size(),
                  Num(metrics::Mean(dice)).c_str(), Num(metrics::Mean(iou)).c_str());
    if (!o->json_path.empty()) outputs.Put(o->json_path, JsonText(out));
    outputs.Commit();
    return 0;
  };
}

const Registration kReg{"metrics segmentation", "Dice and IoU of binary masks (PGM, PNG, CSV)", &Setup};

}  // namespace
}  // namespace airgrid::cli
