// `airgrid grid FILE`: reads a grid file, analyses it (Pareto set, dominance, ranks, vetoes,
// optional aggregation) and prints the terminal table; writes HTML / Markdown / JSON reports.
#include <cstdio>
#include <string>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/base/text_escape.h"
#include "airgrid/grid/grid_file.h"
#include "airgrid/grid/report.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct Options {
  std::string file;
  std::string html, md, json;
  std::string pareto;
  bool quiet = false;
  bool exact_ties = false;
  grid::GridLoadOptions load;
};

// Splits "X,Y" into two ids.
std::vector<std::string> ParsePareto(const std::string& text) {
  const size_t comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos || comma == 0 ||
      comma + 1 == text.size())
    throw InputError("--pareto: expected two criterion ids X,Y, got \"" + text + "\"");
  return {text.substr(0, comma), text.substr(comma + 1)};
}

int Run(const Options& o) {
  // The grid file first (a quick read): the files it names are inputs too, which no output may
  // overwrite.
  auto loaded = grid::LoadGridFile(o.file, o.load);
  if (!loaded.ok()) {
    std::fprintf(stderr, "airgrid: error: %s\n", loaded.status().message().c_str());
    return loaded.status().ExitCode();
  }
  RunOutputs outputs;
  outputs.Input("grid file", o.file);
  for (const std::string& in : loaded->inputs) outputs.Input("file read by the grid file", in);
  outputs.Output("--html", o.html).Output("--md", o.md).Output("--json", o.json);
  outputs.Prepare();
  grid::ReportOptions options = std::move(loaded->options);
  if (!o.pareto.empty()) options.pareto_axes = ParsePareto(o.pareto);
  if (o.exact_ties) options.analysis.uncertainty_ties = false;
  options.provenance = ProvenanceJson(CommandLine());
  options.provenance["grid_file"] = o.file;
  auto report = grid::BuildReport(std::move(loaded->grid), std::move(options));
  ThrowIfError(report.status(), o.file);
  // Render everything first so that a failure leaves no output file behind.
  const std::string html = o.html.empty() ? "" : grid::RenderHtml(*report);
  const std::string md = o.md.empty() ? "" : grid::RenderMarkdown(*report);
  const std::string json = o.json.empty() ? "" : JsonText(grid::RenderJson(*report));
  if (!o.html.empty()) outputs.Put(o.html, html);
  if (!o.md.empty()) outputs.Put(o.md, md);
  if (!o.json.empty()) outputs.Put(o.json, json);
  outputs.Commit();
  // Labels come from the grid file: no escape sequence of theirs reaches the terminal.
  if (!o.quiet) std::fputs(StripControl(grid::RenderText(*report)).c_str(), stdout);
  return 0;
}

Runner Setup(CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("file", o->file, "Grid file (JSON; see docs/formats.md)")->required()->check(CLI::ExistingFile);
  app->add_option("-o,--output,--html", o->html, "Write the self-contained HTML report here");
  app->add_option("--md", o->md, "Write the Markdown report here");
  app->add_option("--json", o->json, "Write the analysed grid as JSON here ('-': stdout, alone)");
  app->add_option("--pareto", o->pareto, "Criteria of the Pareto scatter, as X,Y (criterion ids)");
  app->add_flag("--exact-ties", o->exact_ties,
                "Compare point values only (by default differences within the summed uncertainties are ties)");
  app->add_option("--allow-outside", o->load.allow_outside,
                  "Folder outside the grid file's own that its \"from\"/\"rubric\" paths may read");
  app->add_flag("-q,--quiet", o->quiet, "Do not print the table on stdout");
  app->footer("Example: airgrid grid examples/image-classifiers.grid.json -o report.html --md report.md");
  return [o] { return Run(*o); };
}

const Registration kReg{"grid", "Analyse a multi-criteria grid file and render it (text, Markdown, JSON, HTML)", &Setup};

}  // namespace
}  // namespace airgrid::cli
