// `airgrid workload generate`: writes a synthetic workload (Lublin–Feitelson 2003) as SWF.
#include <cstdio>
#include <memory>
#include <string>

#include "airgrid/workload/estimates.h"
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
  std::string estimates = "none";  // user-estimate model (workload/estimates.h)
  int64_t max_estimate = 0;
};

int RunGenerate(GenerateArgs a) {
  a.lublin.mix = ValueOrThrow(workload::ParseMix(a.mix));
  RunOutputs outputs;
  outputs.Output("-o", a.output).Prepare();
  workload::Workload w = ValueOrThrow(workload::GenerateLublin(a.lublin));
  if (a.estimates == "tsafrir") {
    ThrowIfError(workload::ApplyTsafrirEstimates({a.lublin.seed, a.max_estimate}, &w));
  }
  outputs.Put(a.output, ValueOrThrow(workload::EncodeSwf(w, a.output)));
  outputs.Commit();
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
  app->add_option("--estimates", a->estimates,
                  "user runtime estimates: none (requested time -1, as the model has none) or "
                  "tsafrir (Tsafrir, Etsion & Feitelson 2005 model, seeded by --seed)")
      ->check(CLI::IsMember({"none", "tsafrir"}))
      ->capture_default_str();
  app->add_option("--max-estimate", a->max_estimate,
                  "tsafrir: largest estimate users may give, seconds (default: the longest "
                  "runtime rounded up to an hour)")
      ->check(CLI::Range(int64_t{3600}, int64_t{1} << 40));
  app->add_option("-o,--output", a->output, "output SWF file (.gz compresses); written atomically")
      ->required();
  // Numeric options: range checked at parse time (cli_util.h).
  CheckNumbers(app, {{"--procs", 1, 1e7, NumberRule::kWhole},
                     {"--jobs", 1, 1e9, NumberRule::kWhole},
                     {"--seed", 0, kMaxSeed, NumberRule::kWhole}});
  app->footer("Example: airgrid workload generate --procs 256 --jobs 10000 --seed 1 -o lublin.swf");
  return [a] { return RunGenerate(*a); };
}

const Registration kReg{"workload generate",
                        "Generate a synthetic SWF workload (Lublin-Feitelson 2003 model)", &Setup};

}  // namespace
}  // namespace airgrid::cli
