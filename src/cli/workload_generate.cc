// `airgrid workload generate`: writes a synthetic workload (Lublin–Feitelson 2003) as SWF.
#include <cstdio>
#include <memory>
#include <string>

#include "airgrid/workload/lublin.h"
#include "airgrid/workload/summary.h"
#include "airgrid/workload/swf.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {
namespace {

struct GenerateArgs {
  std::string model = "lublin";
  workload::LublinOptions lublin;
  std::string mix = "combined";
  std::string output;
};

int RunGenerate(GenerateArgs a) {
  CheckOutputPath("-o", a.output);
  a.lublin.mix = ValueOrThrow(workload::ParseMix(a.mix));
  const workload::Workload w = ValueOrThrow(workload::GenerateLublin(a.lublin));
  ThrowIfError(workload::WriteSwf(w, a.output), "-o");
  const workload::WorkloadSummary s = workload::Summarize(w);
  std::printf("wrote %s: %lld jobs, %d processors, %s; span %s days, offered load %s, %s%% serial\n",
              a.output.c_str(), static_cast<long long>(s.jobs), w.machine_procs, w.source.c_str(),
              Num(s.span_s / 86400, 4).c_str(), Num(s.offered_load, 3).c_str(),
              Num(100 * s.serial_share, 3).c_str());
  return 0;
}

Runner Setup(CLI::App* app) {
  auto a = std::make_shared<GenerateArgs>();
  app->add_option("--model", a->model, "workload model")
      ->check(CLI::IsMember({"lublin"}))
      ->capture_default_str();
  app->add_option("--procs", a->lublin.procs, "machine size (processors)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--jobs", a->lublin.jobs, "number of jobs")->check(CLI::Range(int64_t{1}, int64_t{1000000000}))->capture_default_str();
  app->add_option("--seed", a->lublin.seed, "random seed (same seed, same file)")->capture_default_str();
  app->add_option("--mix", a->mix,
                  "job types: batch, interactive, combined (both, as m_lublin99 does), or "
                  "typeless (the whole-sample parameters; SC'17's lublin_256.swf)")
      ->check(CLI::IsMember({"batch", "interactive", "combined", "typeless"}))
      ->capture_default_str();
  app->add_option("--start-hour", a->lublin.start_hour, "hour of the day at time 0")
      ->check(CLI::Range(0, 23))
      ->capture_default_str();
  app->add_option("-o,--output", a->output, "output SWF file (.gz compresses); written atomically")
      ->required();
  app->footer("Example: airgrid workload generate --procs 256 --jobs 10000 --seed 1 -o lublin.swf");
  return [a] { return RunGenerate(*a); };
}

const Registration kReg{"workload generate",
                        "Generate a synthetic SWF workload (Lublin-Feitelson 2003 model)", &Setup};

}  // namespace
}  // namespace airgrid::cli
