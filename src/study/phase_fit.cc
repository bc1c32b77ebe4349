#include "study/phase_fit.h"

#include <fmt/format.h>

#include "airgrid/base/provenance.h"
#include "airgrid/learn/formula_search.h"

namespace airgrid::study {

using nlohmann::json;

Result<FitOutput> RunFitPhase(StudyContext& ctx, const FitInput& in) {
  const StudyOptions& o = ctx.options;
  ctx.log << fmt::format("fit: fitting the 576 forms to {} rows, then simulating the best {} shapes...\n",
                         in.rows.size(), o.validate_top);
  ctx.log.flush();
  learn::SearchOptions so;
  so.threads = o.threads;
  auto search = learn::SearchFormulas(in.rows, so);
  if (!search.ok()) return search.status();
  learn::ValidationOptions vo;
  vo.protocol.kind = sched::ProtocolOptions::Kind::kSc17;
  vo.threads = o.threads;
  auto sel = learn::SelectBySimulation(*search, in.train, o.validate_top, {}, vo);
  if (!sel.ok()) return sel.status();
  const auto& shapes = search->Shapes();
  FitOutput fit{sel->chosen_policy(), sel->chosen_form().ToReadable(), sel->chosen_form().form.FreeCount(),
                sel->chosen_form().form.Name()};

  json fit_json = {{"rows", search->rows}, {"constant_median_mae", search->constant_median_mae},
                   {"seconds", search->seconds}, {"shapes", json::array()}, {"validation", json::array()},
                   {"chosen", {{"readable", fit.readable}, {"policy", fit.policy}}}};
  for (size_t i = 0; i < shapes.size() && i < 20; ++i)
    fit_json["shapes"].push_back({{"rank", shapes[i]->shape_rank}, {"form", shapes[i]->ToReadable()},
                                  {"mae", shapes[i]->mae}, {"policy", "expr:" + shapes[i]->ToExpr()}});
  for (const auto& val : sel->results)
    fit_json["validation"].push_back({{"form", val.label}, {"policy", val.policy},
                                      {"avg_bsld", val.avg_bsld}, {"rank", val.rank}, {"windows", val.windows}});
  fit_json.update(ProvenanceJson(ctx.command_line));
  ctx.log << fmt::format("fit: 576 forms in {:.2f} s; best by MAE: {} (MAE {:.4g}); chosen by simulation on the training workload: {}\n",
                         search->seconds, shapes[0]->ToReadable(), shapes[0]->mae, fit.readable);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("fit.json", fit_json.dump(2) + "\n"));
  return fit;
}

}  // namespace airgrid::study
