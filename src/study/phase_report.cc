#include "study/phase_report.h"

#include "airgrid/base/provenance.h"

namespace airgrid::study {

using nlohmann::json;

Result<StudyOutputs> RunReportPhase(StudyContext& ctx, const ReportInput& in) {
  std::string html = grid::RenderHtml(in.report);
  const size_t body = html.rfind("</body>");
  html.insert(body == std::string::npos ? html.size() : body, in.extra_html);
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("report.html", html));
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("report.md", grid::RenderMarkdown(in.report) + in.extra_markdown));
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("grid.json", grid::RenderJson(in.report).dump(2) + "\n"));
  json energy = ProvenanceJson(ctx.command_line);
  energy["phases"] = json::array();
  for (const auto& r : ctx.phases.ledger()) energy["phases"].push_back(r.ToJson());
  energy["notes"] = ctx.phases.notes();
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("energy.json", energy.dump(2) + "\n"));
  json study = ProvenanceJson(ctx.command_line);
  study["options"] = StudyOptionsJson(ctx.options);
  study["seconds"] = in.seconds;
  study["files"] = ctx.out.files();
  AIRGRID_RETURN_IF_ERROR(ctx.out.Write("study.json", study.dump(2) + "\n"));

  StudyOutputs out;
  out.out_dir = ctx.out.dir();
  out.files = ctx.out.files();
  out.seconds = in.seconds;
  out.grid_text = grid::RenderText(in.report);
  for (size_t a : in.report.analysis.pareto) out.pareto.push_back(in.report.grid.alternatives()[a].label);
  return out;
}

}  // namespace airgrid::study
