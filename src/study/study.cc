#include "airgrid/study/study.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/provenance.h"
#include "airgrid/grid/report.h"
#include "airgrid/learn/campaign.h"
#include "airgrid/learn/formula_search.h"
#include "airgrid/learn/mlp_policy.h"
#include "airgrid/learn/mlp_train.h"
#include "airgrid/learn/scores.h"
#include "airgrid/measure/carbon.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/sched/protocol.h"
#include "airgrid/sched/run_metrics.h"
#include "airgrid/sched/simulator.h"
#include "airgrid/study/grid_input.h"
#include "airgrid/study/study_grid.h"
#include "airgrid/workload/filter.h"
#include "airgrid/workload/lublin.h"
#include "airgrid/workload/swf.h"

namespace airgrid::study {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The three evaluation configurations of the SC'17 paper.
sched::SimOptions Config(size_t i) {
  sched::SimOptions s;
  s.estimates = i == 0 ? sched::Estimates::kActual : sched::Estimates::kRequested;
  s.backfill = i == 2 ? sched::Backfill::kEasy : sched::Backfill::kNone;
  return s;
}

Result<measure::CarbonSettings> Carbon(const StudyOptions& o) {
  measure::CarbonSettings c;
  c.pue = o.pue;
  if (o.pue < 1) return Status::InvalidInput("--pue " + fmt::format("{:g}", o.pue) + ": must be >= 1");
  if (o.carbon_intensity >= 0) {
    c.factor = {o.carbon_intensity, "user", 0, "--carbon-intensity", "user-value"};
  } else if (!o.country.empty()) {
    auto f = measure::CarbonTable::Builtin().Lookup(o.country);
    if (!f.ok()) return Status::InvalidInput("--country: " + f.status().message());
    c.factor = *f;
  } else {
    c.factor = measure::CarbonTable::Builtin().World();
  }
  if (!o.embodied_device.empty()) {
    auto item = measure::FindEmbodied(measure::BuiltinEmbodied(), o.embodied_device);
    if (!item.ok()) return Status::InvalidInput("embodied device: " + item.status().message());
    c.embodied.push_back(*item);
  }
  return c;
}

// Progress on stderr, or nothing.
class Progress {
 public:
  explicit Progress(bool on, const char* unit)
      : display_(on ? std::make_unique<ProgressDisplay>(std::cerr, IsTerminal(stderr), unit) : nullptr) {}
  ProgressSink* sink() { return display_.get(); }

 private:
  std::unique_ptr<ProgressDisplay> display_;
};

struct Workloads {
  workload::Workload train, eval;
  std::string eval_description;
  bool eval_has_users = false;
};

Result<Workloads> MakeWorkloads(const StudyOptions& o, std::ostream& log) {
  Workloads w;
  workload::LublinOptions lo;
  lo.procs = o.procs;
  // The kind of Lublin log F1 was trained on (lublin_256.swf): the model's whole-sample
  // parameters, one job type.
  lo.mix = workload::LublinOptions::Mix::kTypeless;
  lo.jobs = o.train_jobs;
  lo.seed = o.train_seed;
  auto train = workload::GenerateLublin(lo);
  if (!train.ok()) return train.status();
  w.train = std::move(train).value();
  log << fmt::format("workload: training part = Lublin-Feitelson model (typeless), {} procs, {} jobs, seed {}\n",
                     o.procs, o.train_jobs, o.train_seed);
  if (o.trace.empty()) {
    lo.jobs = o.eval_jobs;
    lo.seed = o.eval_seed;
    auto eval = workload::GenerateLublin(lo);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
    w.eval_description = fmt::format("Lublin-Feitelson model (typeless), {} processors, {} jobs, seed {}",
                                     o.procs, o.eval_jobs, o.eval_seed);
  } else {
    workload::SwfReadOptions ro;
    ro.procs = o.trace_procs;
    auto eval = workload::ReadSwf(o.trace, ro);
    if (!eval.ok()) return eval.status();
    w.eval = std::move(eval).value();
    auto rep = workload::ApplyFilter(o.trace_filter, w.eval);
    if (!rep.ok()) return rep.status();
    w.eval_description = fmt::format("{} ({} processors, filter {}: {} of {} jobs kept)", o.trace,
                                     w.eval.machine_procs, o.trace_filter, rep->jobs_kept, rep->jobs_in);
  }
  for (const auto& j : w.eval.jobs)
    if (j.user >= 0) { w.eval_has_users = true; break; }
  log << "workload: evaluation part = " << w.eval_description << "\n";
  return w;
}

json RecordsJson(const std::vector<measure::EnergyRecord>& records) {
  json a = json::array();
  for (const auto& r : records) a.push_back(r.ToJson());
  return a;
}

double CpuSeconds(const std::vector<measure::EnergyRecord>& records) {
  double s = 0;
  for (const auto& r : records) s += r.tracked_cpu_s;
  return s;
}

PolicyResult Candidate(std::string id, std::string label, std::string spec, std::string description,
                       PolicyKind kind) {
  PolicyResult p;
  p.id = std::move(id);
  p.label = std::move(label);
  p.spec = std::move(spec);
  p.description = std::move(description);
  p.kind = kind;
  return p;
}

std::string Kwh(double j) { return fmt::format("{:.3g} kWh", j / 3.6e6); }

}  // namespace

Status ApplyScale(const std::string& scale, StudyOptions* o) {
  if (scale == "small") {
    o->train_jobs = 3000; o->eval_jobs = 6000; o->tuples = 24; o->trials = 400;
    o->validate_top = 3; o->mlp_epochs = 60;
  } else if (scale == "default") {
    // The SC'17 tuple count with 4x its trials: seconds on two cores.
    o->train_jobs = 10000; o->eval_jobs = 40000; o->tuples = 216; o->trials = 20000;
  } else if (scale == "paper") {
    // SC'17's 216 tuples on a 10,000-job Lublin 256 workload, with the 256,000 trials per
    // tuple of its 2023 successors (SC'17 itself used 5,000 or more).
    o->train_jobs = 10000; o->eval_jobs = 40000; o->tuples = 216; o->trials = 256000;
  } else {
    return Status::InvalidInput("--scale '" + scale + "': expected small, default or paper");
  }
  o->scale = scale;
  return Status::Ok();
}

Result<StudyOutputs> RunStudy(const StudyOptions& o, const std::string& command_line, std::ostream& log) {
  const double t0 = Now();
  StudyOutputs out;
  out.out_dir = o.out_dir;
  std::error_code ec;
  fs::create_directories(fs::path(o.out_dir) / "results", ec);
  if (ec) return Status::IoError("cannot create " + o.out_dir + ": " + ec.message());
  auto write = [&](const std::string& rel, const std::string& text) -> Status {
    AIRGRID_RETURN_IF_ERROR(WriteFileAtomic((fs::path(o.out_dir) / rel).string(), text));
    out.files.push_back(rel);
    return Status::Ok();
  };

  auto carbon = Carbon(o);
  if (!carbon.ok()) return carbon.status();
  measure::TrackerOptions topt;
  topt.interval_s = o.tracker_interval_s;
  topt.carbon = *carbon;
  auto tracker = measure::Tracker::ForThisProcess(topt);
  AIRGRID_RETURN_IF_ERROR(tracker->Start());
  for (const auto& n : tracker->notes()) log << "energy: " << n.source << ": " << n.detail << "\n";

  // Phases tile the tracked run: each one ends at the instant the next begins, so the ledger's
  // phases add up to the total (file writing is charged to the phase that produced the file).
  measure::PhaseMark phase = tracker->run_mark();
  phase.name = "workload";
  auto advance = [&](std::string next) {
    measure::EnergyRecord done = tracker->Next(&phase, std::move(next));
    tracker->AddToLedger(done);
    return done;
  };
  auto wl = MakeWorkloads(o, log);
  if (!wl.ok()) return wl.status();
  advance("campaign");

  // --- Development: trial campaign -----------------------------------------------------
  learn::CampaignOptions co;
  co.tuples = o.tuples;
  co.trials = o.trials;
  co.seed = o.seed;
  co.threads = o.threads;
  learn::CampaignResult campaign;
  measure::EnergyRecord campaign_rec;
  {
    Progress progress(o.progress, "trials");
    auto r = learn::RunCampaign(wl->train, co, progress.sink());
    if (!r.ok()) return r.status();
    campaign = std::move(r).value();
  }
  if (!campaign.output_rank) return out;  // MPI worker ranks stop here; rank 0 reports
  campaign_rec = advance("fit");
  log << fmt::format("campaign: {} tuples x {} trials in {:.1f} s ({:.3g} trials/s, {} threads x {} ranks), {}\n",
                     o.tuples, o.trials, campaign.seconds, campaign.trials_per_second,
                     campaign.threads, campaign.ranks, Kwh(campaign_rec.energy_j));
  AIRGRID_RETURN_IF_ERROR(write("scores.csv", learn::FormatScoresCsv(campaign.rows)));

  // --- Development: formula search (576 forms), re-ranked by simulation -----------------
  learn::FormulaSearch search;
  std::string learned_expr, learned_readable;
  int learned_params = 0;
  json fit_json;
  measure::EnergyRecord fit_rec;
  {
    learn::SearchOptions so;
    so.threads = o.threads;
    auto s = learn::SearchFormulas(campaign.rows, so);
    if (!s.ok()) return s.status();
    search = std::move(s).value();
    std::vector<std::pair<std::string, std::string>> candidates;
    auto shapes = search.Shapes();
    for (size_t i = 0; i < shapes.size() && static_cast<int>(i) < o.validate_top; ++i)
      candidates.emplace_back(shapes[i]->ToReadable(), "expr:" + shapes[i]->ToExpr());
    learn::ValidationOptions vo;
    vo.protocol.kind = sched::ProtocolOptions::Kind::kSc17;
    vo.threads = o.threads;
    auto v = learn::ValidateBySimulation(wl->train, candidates, vo);
    if (!v.ok()) return v.status();
    size_t best = 0;
    for (size_t i = 0; i < v->size(); ++i)
      if ((*v)[i].rank == 1) best = i;
    learned_readable = candidates[best].first;
    learned_expr = candidates[best].second;
    learned_params = shapes[best]->form.FreeCount();
    fit_json = {{"rows", search.rows}, {"constant_median_mae", search.constant_median_mae},
                {"seconds", search.seconds}, {"shapes", json::array()}, {"validation", json::array()},
                {"chosen", {{"readable", learned_readable}, {"policy", learned_expr}}}};
    for (size_t i = 0; i < shapes.size() && i < 20; ++i)
      fit_json["shapes"].push_back({{"rank", shapes[i]->shape_rank}, {"form", shapes[i]->ToReadable()},
                                    {"mae", shapes[i]->mae}, {"policy", "expr:" + shapes[i]->ToExpr()}});
    for (const auto& val : *v)
      fit_json["validation"].push_back({{"form", val.label}, {"policy", val.policy},
                                        {"avg_bsld", val.avg_bsld}, {"rank", val.rank}, {"windows", val.windows}});
  }
  fit_rec = advance("training");
  log << fmt::format("fit: 576 forms in {:.2f} s; best by MAE: {} (MAE {:.4g}); chosen by simulation on the training workload: {}; {}\n",
                     search.seconds, search.Shapes()[0]->ToReadable(), search.Shapes()[0]->mae,
                     learned_readable, Kwh(fit_rec.energy_j));
  fit_json.update(ProvenanceJson(command_line));
  AIRGRID_RETURN_IF_ERROR(write("fit.json", fit_json.dump(2) + "\n"));

  // --- Development: MLP training ----------------------------------------------------------
  learn::MlpTrainResult mlp;
  std::vector<learn::MlpReport> compared;
  measure::EnergyRecord train_rec;
  {
    learn::MlpTrainOptions mo;
    mo.hidden = o.mlp_hidden;
    mo.max_epochs = o.mlp_epochs;
    mo.seed = o.seed;
    auto m = learn::TrainMlpBestLoss(campaign.rows, mo, &compared);
    if (!m.ok()) return m.status();
    mlp = std::move(m).value();
  }
  mlp.report.ns_per_job = learn::MeasureScoringNanoseconds(mlp.model, campaign.rows);
  const std::string mlp_path = (fs::path(o.out_dir) / "mlp.json").string();
  AIRGRID_RETURN_IF_ERROR(learn::SaveMlpFile(
      mlp_path, learn::MlpFileJson(mlp.model, mlp.report, compared, command_line, "scores.csv")));
  out.files.push_back("mlp.json");
  train_rec = advance("use:fcfs");  // the first policy evaluated below
  log << fmt::format("training: MLP {} loss, {} parameters, test Kendall tau {:.3f} (F1 {:.3f}), {:.1f} s, {}\n",
                     learn::MlpLossName(mlp.report.options.loss), mlp.report.cost.parameters,
                     mlp.report.test.kendall_tau, mlp.report.f1_test.kendall_tau,
                     mlp.report.train_seconds, Kwh(train_rec.energy_j));

  // --- Use: evaluation of every policy in the three configurations -----------------------
  learn::RegisterMlpPolicy();
  StudyGridInput gi;
  gi.workload = wl->eval_description;
  gi.workload_has_users = wl->eval_has_users;
  gi.decisions_per_day = o.decisions_per_day;
  gi.carbon_g_per_kwh = carbon->factor.g_per_kwh;
  gi.carbon_source = carbon->factor.source + (carbon->factor.year ? fmt::format(", {}", carbon->factor.year) : "") +
                     ", " + carbon->factor.region;
  gi.pue = o.pue;
  gi.tool = std::string("airgrid ") + Version() + " study";
  const double formula_cpu_s = CpuSeconds({campaign_rec, fit_rec});
  const std::string formula_note = fmt::format(
      "CPU time of this study's campaign ({} tuples x {} trials) + formula search", o.tuples, o.trials);
  gi.policies = {
      Candidate("fcfs", "FCFS", "fcfs", "First come, first served: the baseline.", PolicyKind::kRule),
      Candidate("spt", "SPT", "spt", "Shortest (estimated) processing time first.", PolicyKind::kRule),
      Candidate("f1", "F1 (SC'17, published)", "f1",
                "log10(p)*q + 870.96*log10(r), learned by Carastan-Santos & de Camargo (SC'17).",
                PolicyKind::kPublishedFormula),
      Candidate("learned", "Re-learned formula", learned_expr,
                "Best of the 576 forms re-learned by this study's campaign: " + learned_readable,
                PolicyKind::kLearnedFormula),
      Candidate("mlp", "MLP", "mlp:" + mlp_path,
                fmt::format("Multilayer perceptron ({} loss) trained on this study's scores.",
                            learn::MlpLossName(mlp.report.options.loss)),
                PolicyKind::kMlp),
  };
  measure::EnergyRecord total_rec;
  for (auto& p : gi.policies) {
    std::vector<measure::EnergyRecord> use_records;
    double policy_seconds = 0;
    int64_t decisions = 0;
    json results = ProvenanceJson(command_line);
    results["policy"] = p.spec;
    results["workload"] = wl->eval_description;
    results["configurations"] = json::array();
    {
      for (size_t c = 0; c < 3; ++c) {
        auto policy = sched::MakePolicy(p.spec);
        if (!policy.ok()) return policy.status();
        sched::ProtocolOptions po;
        po.kind = sched::ProtocolOptions::Kind::kSc17;
        auto run = sched::RunProtocol(wl->eval, **policy, Config(c), po);
        if (!run.ok()) return run.status();
        p.configs.push_back(sched::ComputeRunMetrics(*run));
        policy_seconds += run->cost.policy_seconds;
        decisions += run->cost.decisions;
        results["configurations"].push_back(sched::ToJson(p.configs.back()));
      }
    }
    AIRGRID_RETURN_IF_ERROR(write("results/" + p.id + ".json", results.dump(2) + "\n"));
    if (&p != &gi.policies.back()) {
      use_records.push_back(advance("use:" + (&p + 1)->id));
    } else {
      measure::EnergyRecord last;
      auto total = tracker->Stop(&phase, &last);
      if (!total.ok()) return total.status();
      tracker->AddToLedger(last);
      total_rec = *total;
      use_records.push_back(last);
    }
    // Energy per decision: the evaluation's attributed energy, charged to the policy in
    // proportion to the CPU time spent inside it.
    const auto& u = use_records.back();
    if (decisions > 0 && u.tracked_cpu_s > 0) {
      p.use_j_per_decision = u.energy_j * std::min(1.0, policy_seconds / u.tracked_cpu_s) / decisions;
      p.use_method = fmt::format(
          "evaluation energy ({:.3g} J over {:.2f} CPU s) x time inside the policy ({:.3g} s) / {} decisions",
          u.energy_j, u.tracked_cpu_s, policy_seconds, decisions);
    }
    switch (p.kind) {
      case PolicyKind::kRule:
        p.model_note = "a rule: no fitted parameter; ordering only";
        break;
      case PolicyKind::kPublishedFormula:
        p.parameters = 1;
        p.model_bytes = 8;
        p.flops_per_job = 5;
        p.reproduce_cpu_s = formula_cpu_s;
        p.reproduce_note = formula_note;
        p.model_note = "one constant (870.96) stored as float64; 2 log10 + 2 multiplications + 1 addition per job";
        break;
      case PolicyKind::kLearnedFormula:
        p.parameters = learned_params;
        p.model_bytes = 8 * learned_params;
        p.flops_per_job = 5;
        p.development = {campaign_rec, fit_rec};
        p.reproduce_cpu_s = formula_cpu_s;
        p.reproduce_note = formula_note;
        p.model_note = "free constants of the fitted form stored as float64; ~5 operations per job (3 basis functions, 2 operators)";
        break;
      case PolicyKind::kMlp:
        p.parameters = mlp.report.cost.parameters;
        p.model_bytes = mlp.report.cost.model_bytes;
        p.flops_per_job = mlp.report.cost.flops_per_job;
        p.development = {campaign_rec, train_rec};
        p.reproduce_cpu_s = CpuSeconds({campaign_rec, train_rec});
        p.reproduce_note = "CPU time of this study's campaign + MLP training";
        p.model_note = "weights + biases + standardisation as float64; dense-layer FLOPs counted from the architecture";
        break;
    }
    log << fmt::format("evaluate {:<24} AVEbsld {:>9.2f} / {:>9.2f} / {:>9.2f} (actual / requested / requested+EASY), {} decisions\n",
                       p.label, p.configs[0].avg_bsld, p.configs[1].avg_bsld, p.configs[2].avg_bsld, decisions);
  }

  const measure::EnergyRecord* total = &total_rec;

  // --- The grid and its report ---------------------------------------------------------
  auto g = BuildStudyGrid(gi);
  if (!g.ok()) return g.status();
  grid::ReportOptions ro;
  ro.pareto_axes = {"perf.avg_bsld_easy", "env.dev_energy"};
  json options_json = {{"scale", o.scale}, {"procs", o.procs}, {"train_jobs", o.train_jobs},
                       {"train_seed", o.train_seed}, {"eval_jobs", o.eval_jobs}, {"eval_seed", o.eval_seed},
                       {"trace", o.trace}, {"trace_filter", o.trace_filter}, {"tuples", o.tuples},
                       {"trials", o.trials}, {"seed", o.seed}, {"threads", o.threads},
                       {"validate_top", o.validate_top}, {"mlp_hidden", o.mlp_hidden},
                       {"mlp_epochs", o.mlp_epochs}, {"decisions_per_day", o.decisions_per_day},
                       {"country", o.country}, {"carbon_intensity", o.carbon_intensity}, {"pue", o.pue},
                       {"embodied_device", o.embodied_device}, {"protocol", "sc17 (15-day windows, 16 state jobs, look-ahead 32)"}};
  ro.provenance = ProvenanceJson(command_line);
  ro.provenance["study_options"] = options_json;
  AIRGRID_RETURN_IF_ERROR(write("grid-input.json", GridInputJson(*g, ro).dump(2) + "\n"));
  auto report = grid::BuildReport(std::move(g).value(), ro);
  if (!report.ok()) return report.status();
  AIRGRID_RETURN_IF_ERROR(write("report.html", grid::RenderHtml(*report)));
  AIRGRID_RETURN_IF_ERROR(write("report.md", grid::RenderMarkdown(*report)));
  AIRGRID_RETURN_IF_ERROR(write("grid.json", grid::RenderJson(*report).dump(2) + "\n"));
  json energy = ProvenanceJson(command_line);
  energy["phases"] = RecordsJson(tracker->ledger());
  energy["notes"] = json::array();
  for (const auto& n : tracker->notes()) energy["notes"].push_back(n.source + ": " + n.detail);
  AIRGRID_RETURN_IF_ERROR(write("energy.json", energy.dump(2) + "\n"));
  out.seconds = Now() - t0;
  json study = ProvenanceJson(command_line);
  study["options"] = options_json;
  study["seconds"] = out.seconds;
  study["files"] = out.files;
  AIRGRID_RETURN_IF_ERROR(write("study.json", study.dump(2) + "\n"));

  out.grid_text = grid::RenderText(*report);
  for (size_t a : report->analysis.pareto) out.pareto.push_back(report->grid.alternatives()[a].label);
  log << fmt::format("total: {:.1f} s, {} attributed ({}), {:.3g} kgCO2eq operational\n", out.seconds,
                     Kwh(total->energy_j), total->components.empty() ? "no channel" : total->components[0].channel.method,
                     total->emissions_kg);
  return out;
}

}  // namespace airgrid::study
