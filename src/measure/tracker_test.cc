#include <gtest/gtest.h>

#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "airgrid/base/csv.h"
#include "airgrid/measure/tracker.h"
#include "measure/builtin_tables.h"
#include "airgrid/measure/sources.h"
#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

using testing::FakeClock;

// Channels whose cumulative joules the test sets directly.
class FakeSource : public EnergySource {
 public:
  explicit FakeSource(std::vector<Channel> ch) : channels_(std::move(ch)), joules(channels_.size(), 0.0) {}
  std::string name() const override { return "fake"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* out) override {
    ++samples;
    *out = joules;
    return fail ? Status::Unavailable("fake: energy_uj read failed (EIO)") : Status::Ok();
  }
  std::vector<std::pair<std::string, double>> constants() const override { return {{"fake_constant", 7}}; }
  std::vector<Channel> channels_;
  std::vector<double> joules;
  int samples = 0;
  bool fail = false;
};

class FakeCpu : public CpuProbe {
 public:
  Result<double> TrackedCpuSeconds() override { return tracked; }
  Result<ProcStat> MachineCpuSeconds() override {
    if (stat_unreadable) return Status::Unavailable("/fake/proc/stat: cannot be read");
    return ProcStat{busy, busy * 2};
  }
  double TrackedMemoryBytes() override { return memory; }
  double MachineMemoryBytes() override { return mem_total; }
  double tracked = 0, busy = 0;
  bool stat_unreadable = false;
  double memory = -1, mem_total = 0;  // unknown unless a test sets them
};

struct Rig {
  FakeClock clock;
  FakeSource* src = nullptr;
  FakeCpu* cpu = nullptr;
  std::unique_ptr<Tracker> tracker;

  explicit Rig(CarbonSettings carbon = {}, double interval = 0, std::vector<Channel> channels = {
                   {Component::kCpu, "package-0", "measured:powercap"},
                   {Component::kDram, "dram-0", "measured:powercap"},
                   {Component::kGpu, "gpu-0 (X)", "measured:nvml-energy"}},
               FallbackFactory fallback = nullptr, Attribution mode = Attribution::kProcess) {
    auto s = std::make_unique<FakeSource>(std::move(channels));
    auto c = std::make_unique<FakeCpu>();
    src = s.get();
    cpu = c.get();
    std::vector<std::unique_ptr<EnergySource>> v;
    v.push_back(std::move(s));
    TrackerOptions o;
    o.interval_s = interval;
    o.fallback = std::move(fallback);
    o.carbon = std::move(carbon);
    o.clock = &clock;
    o.attribution = mode;
    tracker = std::make_unique<Tracker>(std::move(v), std::vector<SourceNote>{{"fake", true, "test"}}, std::move(c), o);
  }
  Rig(CarbonSettings carbon, double interval, Attribution mode)
      : Rig(std::move(carbon), interval,
            {{Component::kCpu, "package-0", "measured:powercap"},
             {Component::kDram, "dram-0", "measured:powercap"},
             {Component::kGpu, "gpu-0 (X)", "measured:nvml-energy"}},
            nullptr, mode) {}
  // Advances by `dt` seconds during which the machine used the given joules and CPU seconds.
  void Run(double dt, double cpu_j, double dram_j, double gpu_j, double tracked_s, double busy_s) {
    clock.t += dt;
    src->joules[0] += cpu_j;
    src->joules[1] += dram_j;
    src->joules[2] += gpu_j;
    cpu->tracked += tracked_s;
    cpu->busy += busy_s;
  }
};

TEST(Tracker, AttributesByCpuShareAndGpuInFull) {
  CarbonSettings carbon;
  carbon.factor = *CarbonTable::Builtin().Lookup("FRA");
  carbon.pue = 1.5;
  carbon.embodied = {EmbodiedItem{"dev", 365.25 * 86400 / 1000.0, 1, "lca"}};  // 1 g per second of full use
  Rig rig(carbon);
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(10, 1000, 200, 3000, 5, 20);  // share 25%
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->phase, "total");
  EXPECT_DOUBLE_EQ(r->duration_s, 10);
  EXPECT_DOUBLE_EQ(r->share, 0.25);
  EXPECT_DOUBLE_EQ(r->cpu_energy_j, 250);
  EXPECT_DOUBLE_EQ(r->ram_energy_j, 50);
  EXPECT_DOUBLE_EQ(r->gpu_energy_j, 3000);
  EXPECT_DOUBLE_EQ(r->energy_j, 3300);
  EXPECT_DOUBLE_EQ(r->machine_energy_j, 4200);
  EXPECT_DOUBLE_EQ(r->Watts(r->cpu_energy_j), 25);
  const double g = carbon.factor.g_per_kwh;
  EXPECT_NEAR(r->emissions_kg, 3300 / 3.6e6 * 1.5 * g / 1000, 1e-15);
  EXPECT_NEAR(r->emissions_rate_kg_s, r->emissions_kg / 10, 1e-18);
  EXPECT_NEAR(r->embodied_kg, 10 * 0.25 / 1000.0, 1e-12);
  EXPECT_EQ(rig.tracker->ledger().size(), 1u);
  // Every figure carries its method; constants include the sources' and the carbon ones.
  for (const ComponentEnergy& c : r->components) EXPECT_FALSE(c.channel.method.empty());
  nlohmann::json j = r->ToJson();
  EXPECT_EQ(j["energy"]["cpu_method"], "measured:powercap");
  EXPECT_EQ(j["energy"]["gpu_method"], "measured:nvml-energy");
  EXPECT_EQ(j["carbon"]["region"], "FRA");
  EXPECT_EQ(j["carbon"]["pue"], 1.5);
  EXPECT_EQ(j["constants"]["fake_constant"], 7);
  EXPECT_EQ(j["components"].size(), 3u);
  EXPECT_EQ(j["sources"][0]["detail"], "test");
  EXPECT_NE(r->Summary().find("PUE 1.50"), std::string::npos) << r->Summary();
}

TEST(Tracker, PhasesNestAndOverlap) {
  Rig rig;
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(1, 100, 0, 0, 1, 1);
  {
    ScopedPhase fit(*rig.tracker, "fit");
    rig.Run(2, 200, 0, 0, 2, 2);
    {
      ScopedPhase inner(*rig.tracker, "inner");
      rig.Run(3, 300, 0, 0, 3, 3);
      EXPECT_DOUBLE_EQ(inner.Finish().cpu_energy_j, 300);
    }
    rig.Run(4, 400, 0, 0, 4, 4);
  }
  auto total = rig.tracker->Stop();
  ASSERT_TRUE(total.ok());
  const auto& ledger = rig.tracker->ledger();
  ASSERT_EQ(ledger.size(), 3u);
  EXPECT_EQ(ledger[0].phase, "inner");
  EXPECT_EQ(ledger[1].phase, "fit");
  EXPECT_DOUBLE_EQ(ledger[1].cpu_energy_j, 900);
  EXPECT_DOUBLE_EQ(ledger[1].duration_s, 9);
  EXPECT_DOUBLE_EQ(total->cpu_energy_j, 1000);
  EXPECT_FALSE(rig.tracker->Stop().ok());  // not running any more
}

TEST(Tracker, NextTilesPhasesWithoutGaps) {
  Rig rig;
  PhaseMark m = rig.tracker->Begin("a");
  rig.Run(1, 10, 0, 0, 1, 1);
  EnergyRecord a = rig.tracker->Next(&m, "b");
  rig.Run(2, 20, 0, 0, 1, 1);
  EnergyRecord b = rig.tracker->End(m);
  EXPECT_EQ(a.phase, "a");
  EXPECT_EQ(b.phase, "b");
  EXPECT_DOUBLE_EQ(a.duration_s + b.duration_s, 3);
  EXPECT_DOUBLE_EQ(a.cpu_energy_j + b.cpu_energy_j, 30);
  EXPECT_EQ(a.end_utc, b.start_utc);
}

TEST(Tracker, DefaultCarbonIsTheStatedWorldAverage) {
  Rig rig;
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(1, 3.6e6, 0, 0, 1, 1);  // 1 kWh
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->carbon.method, "world-default");
  EXPECT_DOUBLE_EQ(r->intensity_g_per_kwh, 480);
  EXPECT_DOUBLE_EQ(r->emissions_kg, 0.48);
  EXPECT_EQ(r->pue, 1.0);
}

TEST(Tracker, HourlySeriesWeightsEnergy) {
  CarbonSettings carbon;
  carbon.factor = CarbonTable::Builtin().World();
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto series = IntensitySeries::Parse(std::to_string(now - 600) + ",100\n", "series.csv");
  ASSERT_TRUE(series.ok());
  carbon.series = *series;
  carbon.series_origin = "series.csv";
  Rig rig(carbon);
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(1, 3.6e6, 0, 0, 1, 1);
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->carbon.method, "hourly-series");
  EXPECT_DOUBLE_EQ(r->intensity_g_per_kwh, 100);
  EXPECT_DOUBLE_EQ(r->emissions_kg, 0.1);
}

TEST(Tracker, SamplingThreadSamplesAndStopsPromptly) {
  Rig rig({}, 0.01);
  const int before = rig.src->samples;
  ASSERT_TRUE(rig.tracker->Start().ok());
  for (int i = 0; i < 200 && rig.src->samples < before + 4; ++i) usleep(5000);
  ASSERT_TRUE(rig.tracker->Stop().ok());
  EXPECT_GE(rig.src->samples, before + 4);
}

// CodeCarbon 3.3.0's EmissionsData fields, typed in from codecarbon/output_methods/emissions_data.py.
const char* const kCodeCarbon330 =
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
    "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,"
    "region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,"
    "gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"
    "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue\n";

// Regression (issue 10): an unreadable /proc/stat gave a machine busy time of 0, so the share
// became 1 and was presented as measured. Now: a note naming the file, the CPU times unknown
// (null in JSON), the whole machine charged as an upper bound with +/- 100 %.
TEST(Tracker, UnreadableCpuTimesAreANoteAndAnUpperBoundNeverZero) {
  Rig rig;
  ASSERT_TRUE(rig.tracker->Start().ok());
  auto ok = rig.tracker->Begin("readable");
  rig.Run(10, 1000, 0, 0, 5, 20);  // share 25 %
  auto r1 = rig.tracker->End(ok);
  EXPECT_TRUE(r1.cpu_times_known);
  EXPECT_DOUBLE_EQ(r1.share, 0.25);
  rig.cpu->stat_unreadable = true;
  auto bad = rig.tracker->Begin("unreadable");
  rig.Run(10, 1000, 0, 0, 5, 20);
  auto r2 = rig.tracker->End(bad);
  EXPECT_FALSE(r2.cpu_times_known);
  EXPECT_DOUBLE_EQ(r2.share, 1.0);
  EXPECT_DOUBLE_EQ(r2.share_relative_uncertainty, 1.0);
  EXPECT_DOUBLE_EQ(r2.cpu_energy_j, 1000);
  EXPECT_NEAR(r2.energy_uncertainty_j, 1000, 0.01);  // the share's +/- 100 % dominates
  const nlohmann::json j = r2.ToJson();
  EXPECT_TRUE(j["attribution"]["tracked_cpu_s"].is_null());
  EXPECT_TRUE(j["attribution"]["machine_busy_cpu_s"].is_null());
  size_t cpu_notes = 0;
  for (const SourceNote& n : r2.notes) {
    if (n.source != "cpu-time") continue;
    ++cpu_notes;
    EXPECT_NE(n.detail.find("/fake/proc/stat: cannot be read"), std::string::npos) << n.detail;
  }
  EXPECT_EQ(cpu_notes, 1u);  // two unreadable snapshots, one note
  EXPECT_NE(r2.Summary().find("not measured"), std::string::npos) << r2.Summary();
}

TEST(Tracker, CsvIsCodeCarbonsSchemaWithPueInEnergies) {
  EXPECT_EQ(CsvHeader(), kCodeCarbon330);
  CarbonSettings carbon;
  carbon.factor = *CarbonTable::Builtin().Lookup("FRA");
  carbon.pue = 1.5;
  Rig rig(carbon);
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(1, 10, 0, 0, 1, 1);
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  CsvRunInfo info;
  info.project_name = "proj,with comma";
  info.run_id = "run-1";
  const std::string row = CsvRow(*r, info);
  ASSERT_EQ(row.back(), '\n');
  auto table = ParseCsv(CsvHeader() + row, "codecarbon.csv", /*has_header=*/true);
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->header.size(), 38u);
  ASSERT_EQ(table->rows.size(), 1u);
  auto field = [&](const char* col) { return table->rows[0][*table->Column(col)]; };
  EXPECT_EQ(field("project_name"), "proj,with comma");
  EXPECT_EQ(field("tracking_mode"), "process");
  EXPECT_EQ(field("cpu_power"), "10");  // power without PUE, as CodeCarbon
  EXPECT_EQ(field("cpu_energy"), fmt::format("{:.9g}", 15 / 3.6e6));  // 10 J x PUE 1.5
  EXPECT_EQ(field("energy_consumed"), fmt::format("{:.9g}", 15 / 3.6e6));
  EXPECT_EQ(field("country_iso_code"), "FRA");
  EXPECT_EQ(field("pue"), "1.5");
  // What airgrid cannot know stays empty rather than invented.
  for (const char* col : {"experiment_id", "water_consumed", "os", "python_version", "codecarbon_version", "on_cloud", "wue"})
    EXPECT_EQ(field(col), "") << col;
  // emissions = energy_consumed (PUE included) x intensity, as in CodeCarbon.
  EXPECT_NEAR(std::stod(field("emissions")), std::stod(field("energy_consumed")) * carbon.factor.g_per_kwh / 1000, 1e-15);
}

TEST(Tracker, CsvHeaderCheckRefusesAnotherSchema) {
  testing::TempTree dir;
  const std::string path = dir.root() + "/emissions.csv";
  EXPECT_TRUE(CheckCsvHeader(path).ok());  // absent
  dir.Write("emissions.csv", kCodeCarbon330);
  EXPECT_TRUE(CheckCsvHeader(path).ok());
  dir.Write("emissions.csv", "timestamp,project_name,run_id,duration\n1,2,3,4\n");
  Status st = CheckCsvHeader(path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.ExitCode(), 2);
  EXPECT_NE(st.message().find("emissions.csv: line 1: header differs from CodeCarbon 3.3.0"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("column 4 is 'duration', expected 'experiment_id'"), std::string::npos) << st.message();
}

TEST(Tracker, ProcessModeChargesMemoryHeldOverTime) {
  Rig rig;
  rig.cpu->mem_total = 16e9;
  rig.cpu->memory = 2e9;  // 1/8 of the machine's memory, constant
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(10, 1000, 400, 0, 0, 20);  // no CPU time at all: a sleeping process
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attribution, "process");
  EXPECT_DOUBLE_EQ(r->share, 0);
  EXPECT_DOUBLE_EQ(r->cpu_energy_j, 0);
  EXPECT_DOUBLE_EQ(r->ram_share, 0.125);
  EXPECT_DOUBLE_EQ(r->ram_energy_j, 50);
  EXPECT_DOUBLE_EQ(r->tracked_memory_gb, 2);
  EXPECT_EQ(r->ToJson()["attribution"]["mode"], "process");
}

TEST(Tracker, ProcessModeWithUnknownMemoryFallsBackToCpuShareAndSaysSo) {
  Rig rig;  // FakeCpu memory -1: unknown
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(10, 1000, 400, 0, 5, 20);
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->ram_share, 0.25);
  EXPECT_NE(r->ram_rule.find("unknown"), std::string::npos);
  EXPECT_LT(r->tracked_memory_gb, 0);
}

TEST(Tracker, MachineModeChargesEverythingIdleIncluded) {
  Rig rig({}, 0, Attribution::kMachine);
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(10, 1000, 400, 300, 0, 20);
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attribution, "machine");
  EXPECT_DOUBLE_EQ(r->energy_j, r->machine_energy_j);
  EXPECT_DOUBLE_EQ(r->cpu_energy_j, 1000);
  EXPECT_DOUBLE_EQ(r->ram_energy_j, 400);
  CsvRunInfo info;
  EXPECT_NE(CsvRow(*r, info).find(",machine,"), std::string::npos);
}

TEST(Tracker, AttributionParsesAndNamesTheOption) {
  EXPECT_EQ(*ParseAttribution("machine", "--attribution"), Attribution::kMachine);
  auto bad = ParseAttribution("socket", "--attribution");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--attribution: expected 'process' or 'machine', got 'socket'");
}

TEST(Tracker, ForThisProcessMeasuresItsOwnWork) {
  TrackerOptions o;
  o.interval_s = 0;
  auto t = Tracker::ForThisProcess(o);
  ASSERT_TRUE(t->Start().ok());
  volatile double x = 0;
  for (int i = 0; i < 20000000; ++i) x = x + i * 1e-9;
  auto r = t->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->tracked_cpu_s, 0.0);
  EXPECT_GT(r->cpu_energy_j, 0.0);
  EXPECT_GT(r->share, 0.0);
  EXPECT_LE(r->share, 1.0);
}

// ---- Provenance and uncertainty (issue 12) ---------------------------------------------------

TEST(TrackerProvenance, AllSensorsMeasuredGivesMeasuredWithResolutionUncertainty) {
  Rig rig;
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.Run(10, 1000, 200, 3000, 5, 20);  // share 25 %
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind(), "measured");
  // GPU: ±5 % of 3000 J = 150 J, in full; CPU: 61 µJ resolution x share and the tick term
  // 250 J x (0.01/5 + 0.01/20) = 0.625 J; DRAM: 50 J x 0.0025 = 0.125 J.
  const double cpu = std::hypot(0.25 / 16384, 250 * 0.0025), dram = std::hypot(0.25 / 16384, 50 * 0.0025);
  EXPECT_NEAR(r->share_relative_uncertainty, 0.0025, 1e-12);
  EXPECT_NEAR(r->energy_uncertainty_j, std::sqrt(cpu * cpu + dram * dram + 150.0 * 150.0), 1e-9);
  EXPECT_NEAR(r->emissions_uncertainty_kg / r->emissions_kg, r->energy_uncertainty_j / r->energy_j, 1e-12);
  EXPECT_EQ(r->ToJson()["energy"]["kind"], "measured");
}

TEST(TrackerProvenance, ModelledChannelsGiveModelledWithTheModelBand) {
  Rig rig({}, 0, {{Component::kCpu, "machine", "modelled:tdp-load-curve"}, {Component::kRam, "machine", "modelled:ram-w-per-gb"}});
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.clock.t += 10;
  rig.src->joules = {1000, 100};
  rig.cpu->tracked = rig.cpu->busy = 10;  // share 1, tick term 0.002
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind(), "modelled");
  const double cpu = std::hypot(400.0, 1000 * 0.002), ram = std::hypot(50.0, 100 * 0.002);
  EXPECT_NEAR(r->energy_uncertainty_j, std::hypot(cpu, ram), 1e-9);
  EXPECT_GT(r->emissions_uncertainty_kg, 0);
}

TEST(TrackerProvenance, IntensityUncertaintyCombinesWithTheEnergysInQuadrature) {
  CarbonSettings carbon;
  carbon.factor = {400, "user", 0, "--carbon-intensity", "user-value", 100};  // ±25 %
  Rig rig(carbon, 0, {{Component::kCpu, "machine", "modelled:tdp-load-curve"}});
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.clock.t += 10;
  rig.src->joules = {1000};
  rig.cpu->tracked = rig.cpu->busy = 10;
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  const double re = r->energy_uncertainty_j / r->energy_j;  // ±40 % ⊕ the tick term
  EXPECT_NEAR(r->emissions_uncertainty_kg / r->emissions_kg, std::hypot(re, 0.25), 1e-12);
  const auto j = r->ToJson();
  EXPECT_EQ(j["carbon"]["intensity_uncertainty_g_per_kwh"], 100.0);
  EXPECT_NE(j["carbon"]["intensity_uncertainty_note"].get<std::string>().find("quadrature"), std::string::npos);
}

TEST(TrackerProvenance, MixedSensorsAndModelGiveModelledWithPartsListed) {
  Rig rig({}, 0, {{Component::kCpu, "package-0", "measured:powercap"}, {Component::kRam, "machine", "modelled:ram-w-per-gb"}});
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.clock.t += 1;
  rig.src->joules = {10, 1};
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind(), "modelled");
  EXPECT_NE(r->parts().find("cpu package-0 measured:powercap"), std::string::npos) << r->parts();
  EXPECT_NE(r->parts().find("ram machine modelled:ram-w-per-gb"), std::string::npos) << r->parts();
}

TEST(TrackerProvenance, ReadErrorIsANoteAndTheModelTakesOverNeverZero) {
  std::vector<Component> asked;
  FakeSource* model = nullptr;
  auto fallback = [&](const std::vector<Component>& c) -> Result<std::unique_ptr<EnergySource>> {
    asked = c;
    auto m = std::make_unique<FakeSource>(std::vector<Channel>{{Component::kCpu, "machine", "modelled:tdp-load-curve"}});
    model = m.get();
    return std::unique_ptr<EnergySource>(std::move(m));
  };
  Rig rig({}, 0, {{Component::kCpu, "package-0", "measured:powercap"}}, fallback);
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.clock.t += 5;
  rig.src->joules = {500};
  rig.cpu->tracked = rig.cpu->busy = 10;
  rig.tracker->SampleNow();  // good read: 500 J measured
  rig.src->fail = true;
  rig.src->joules = {0};  // what a broken sensor would report
  rig.tracker->SampleNow();  // read error: the model takes over from here
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], Component::kCpu);
  rig.clock.t += 5;
  model->joules = {300};
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->cpu_energy_j, 800);  // 500 measured before + 300 modelled after
  EXPECT_EQ(r->kind(), "modelled");
  bool noted = false;
  for (const SourceNote& n : r->notes) noted |= n.detail.find("read error") != std::string::npos &&
                                                n.detail.find("EIO") != std::string::npos &&
                                                n.detail.find("modelled:tdp-load-curve") != std::string::npos;
  EXPECT_TRUE(noted) << r->Summary();
  EXPECT_GT(r->energy_uncertainty_j, 0.4 * 300 - 1e-9);
}

TEST(TrackerProvenance, ReadErrorWithoutModelExtrapolatesTheMeanPower) {
  Rig rig({}, 0, {{Component::kGpu, "gpu-0", "measured:nvml-energy"}});
  ASSERT_TRUE(rig.tracker->Start().ok());
  rig.clock.t += 10;
  rig.src->joules = {1000};  // 100 W
  rig.tracker->SampleNow();
  rig.src->fail = true;
  rig.tracker->SampleNow();
  rig.clock.t += 10;
  auto r = rig.tracker->Stop();
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->gpu_energy_j, 2000, 1e-9);
  EXPECT_EQ(r->kind(), "modelled");
  EXPECT_NE(r->parts().find("modelled:mean-power-extrapolation"), std::string::npos) << r->parts();
}

TEST(BuiltinTables, AFailedParseIsAHardErrorInEveryBuildType) {
  EXPECT_EXIT(RequireBuiltin(ParseCpuTdpTable("model,tdp_w\nX,-1\n", "builtin data/cpu_tdp.csv")),
              ::testing::ExitedWithCode(1), "built-in table does not parse: builtin data/cpu_tdp.csv");
  EXPECT_GT(CarbonTable::Builtin().size(), 10u);
  EXPECT_FALSE(BuiltinCpuTdpTable().empty());
}

}  // namespace
}  // namespace airgrid::measure
