// The Lublin–Feitelson (2003) model, following the reference generator m_lublin99.c
// (constants and algorithm as published with the model; see docs/methodology.md).
#include "airgrid/workload/lublin.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "airgrid/base/provenance.h"
#include "workload/lublin_random.h"

namespace airgrid::workload {
namespace {

constexpr int kInteractive = 0;
constexpr int kBatch = 1;

constexpr double kTooMuchTime = 12;         // log runtime above this (e^12 s ~ 1.9 days): redraw
constexpr double kTooMuchArriveTime = 13;   // log inter-arrival above this (~5 days): redraw
constexpr int kBuckets = 48;                // half hours in a day
constexpr double kSecondsInBucket = 86400.0 / kBuckets;
constexpr int kCyclicDayStart = 11;         // the arrival-cycle fit starts at bucket 11

// Parameters of one job type.
struct TypeParams {
  double serial_prob, pow2_prob;
  double ulow, umed, uhi, uprob;            // two-stage uniform over log2(size)
  double a1, b1, a2, b2, pa, pb;            // hyper-gamma over log(runtime); p = pa*size + pb
  double aarr, barr, anum, bnum, arar;      // Gamma inter-arrival (rush hours) and daily cycle
  double too_much_arrive_time;              // log inter-arrival above this is redrawn
};

// Reference values for a 128-processor machine (UHI = 7); see ScaleToMachine.
constexpr TypeParams kBatchParams = {0.2927, 0.6686, 1.2,    5,      7,      0.875,
                                     6.57,   0.823,  639.1,  0.0156, -0.003, 0.6986,
                                     6.0415, 0.8531, 6.1271, 5.2740, 1.0519, kTooMuchArriveTime};
constexpr TypeParams kInteractiveParams = {0.1541, 0.625,  1,      3,      5.5,     0.705,
                                           3.8351, 0.6605, 7.073,  0.6856, -0.0118, 0.9156,
                                           6.5510, 0.6621, 8.9186, 3.6680, 0.9797, kTooMuchArriveTime};
// Typeless: the "whole sample" parameters, ARAR applied as m_lublin99.c does in that mode
// (aarr = AARR * ARAR), the published caps. SC'17's lublin_256.swf is this mode's output for
// 256 processors and srand48 seed 1487089399, record for record (lublin_test.cc).
constexpr TypeParams kTypelessParams = {0.244,   0.576,  0.8,    4.5,    7,       0.86,
                                        4.2,     0.94,   312,    0.03,   -0.0054, 0.78,
                                        10.2303, 0.4871, 8.1737, 3.9631, 1.0225, kTooMuchArriveTime};

// The reference sets UHI = log2(machine size) (7 for its 128 nodes) and UMED a fixed distance
// below it; interactive jobs top out 1.5 below the batch maximum. Keep those distances.
TypeParams ScaleToMachine(TypeParams p, int32_t procs) {
  const double shift = std::log2(static_cast<double>(procs)) - 7;
  p.uhi += shift;
  p.umed += shift;
  return p;
}

// Arrival process of one job type: points per half-hour bucket of the day, and a cursor.
struct ArrivalState {
  double weights[kBuckets] = {};
  int bucket = 0;
  double points = 0;
  double reminder = 0;
  double time_from_begin = 0;
  bool active = true;
};

void InitWeights(const TypeParams& p, ArrivalState& s) {
  double mean = 0;
  for (int i = kCyclicDayStart; i < kBuckets + kCyclicDayStart; ++i) {
    const int idx = (i - 1) % kBuckets;
    s.weights[idx] = GammaCdf(i + 0.5, p.anum, p.bnum) - GammaCdf(i - 0.5, p.anum, p.bnum);
    mean += s.weights[idx];
  }
  mean /= kBuckets;
  for (double& w : s.weights) w /= mean;
}

// Draws the next inter-arrival time: exp(Gamma) seconds become "points"; buckets are paid for
// with their weight (busy hours are cheap, so arrivals are dense there) until the points run
// out; the fraction of the last bucket carries over to the next call (the reference keeps
// `points` and `reminder` in static variables).
void AdvanceArrival(const TypeParams& p, LublinRandom& rng, ArrivalState& s) {
  double gam = 0;
  do {  // `!(<=)`: a NaN or infinite draw (a uniform of exactly 0) is redrawn too
    gam = rng.Gamma(p.aarr * p.arar, p.barr);
  } while (!(gam <= p.too_much_arrive_time));
  s.points += std::exp(gam) / kSecondsInBucket;
  double next = 0;
  while (s.points > s.weights[s.bucket]) {
    s.points -= s.weights[s.bucket];
    s.bucket = (s.bucket + 1) % kBuckets;
    next += kSecondsInBucket;
  }
  const double new_reminder = s.points / s.weights[s.bucket];
  next += kSecondsInBucket * (new_reminder - s.reminder);
  s.reminder = new_reminder;
  // The reference keeps the clock in an `unsigned long`: every step truncates to whole seconds.
  s.time_from_begin = std::floor(s.time_from_begin + next);
}

int32_t DrawSize(const TypeParams& p, int32_t procs, LublinRandom& rng) {
  const double u = rng.Uniform();
  if (u <= p.serial_prob) return 1;
  double par = rng.TwoStageUniform(p.ulow, p.umed, p.uhi, p.uprob);
  if (u <= p.serial_prob + p.pow2_prob) par = std::floor(par + 0.5);  // power of two
  const auto size = static_cast<int64_t>(std::pow(2.0, par) + 0.5);
  const auto max_size = static_cast<int64_t>(std::pow(2.0, p.uhi) + 0.5);
  return static_cast<int32_t>(std::clamp<int64_t>(size, 1, std::min<int64_t>(max_size, procs)));
}

int64_t DrawRuntime(const TypeParams& p, int32_t size, LublinRandom& rng) {
  const double prob = std::clamp(p.pa * size + p.pb, 0.0, 1.0);
  double hg = 0;
  do {
    hg = rng.HyperGamma(p.a1, p.b1, p.a2, p.b2, prob);
  } while (!(hg <= kTooMuchTime));
  return static_cast<int64_t>(std::exp(hg));
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Describe(const char* type, const TypeParams& p) {
  return std::string(type) + ": SERIAL_PROB=" + Num(p.serial_prob) + " POW2_PROB=" + Num(p.pow2_prob) +
         " ULOW=" + Num(p.ulow) + " UMED=" + Num(p.umed) + " UHI=" + Num(p.uhi) +
         " UPROB=" + Num(p.uprob) + " A1=" + Num(p.a1) + " B1=" + Num(p.b1) + " A2=" + Num(p.a2) +
         " B2=" + Num(p.b2) + " PA=" + Num(p.pa) + " PB=" + Num(p.pb) + " AARR=" + Num(p.aarr) +
         " BARR=" + Num(p.barr) + " ANUM=" + Num(p.anum) + " BNUM=" + Num(p.bnum) +
         " ARAR=" + Num(p.arar) + " TOO_MUCH_ARRIVE_TIME=" + Num(p.too_much_arrive_time);
}

void FillHeader(const LublinOptions& o, const TypeParams params[2], Workload& w) {
  auto& f = w.header.fields;
  const std::string n = std::to_string(o.jobs);
  const std::string m = std::to_string(o.procs);
  f = {{"Version", "2.2"},
       {"Computer", "Lublin-Feitelson 2003 workload model (m_lublin99), airgrid " +
                        std::string(Version())},
       {"Note", "model=lublin mix=" + std::string(MixName(o.mix)) + " seed=" +
                    std::to_string(o.seed) + " jobs=" + n + " procs=" + m +
                    " start_hour=" + std::to_string(o.start_hour)},
       {"Note", "queue (field 15) = job type: 0 interactive, 1 batch; runtimes are exact, "
                "no user estimates (fields 8, 9 = -1)"}};
  if (o.mix != LublinOptions::Mix::kBatch) {
    f.emplace_back("Note", Describe(o.mix == LublinOptions::Mix::kTypeless ? "typeless" : "interactive",
                                    params[kInteractive]));
  }
  if (o.mix == LublinOptions::Mix::kBatch || o.mix == LublinOptions::Mix::kCombined) {
    f.emplace_back("Note", Describe("batch", params[kBatch]));
  }
  f.emplace_back("MaxJobs", n);
  f.emplace_back("MaxRecords", n);
  f.emplace_back("MaxNodes", m);
  f.emplace_back("MaxProcs", m);
  w.header.max_nodes = o.procs;
  w.header.max_procs = o.procs;
}

Status Validate(const LublinOptions& o) {
  if (o.procs < 1) return Status::InvalidInput("lublin: --procs must be >= 1, got " + std::to_string(o.procs));
  if (o.jobs < 1 || o.jobs > 1'000'000'000) {
    return Status::InvalidInput("lublin: --jobs must be in [1, 1e9], got " + std::to_string(o.jobs));
  }
  if (o.start_hour < 0 || o.start_hour > 23) {
    return Status::InvalidInput("lublin: start hour must be in [0, 23], got " +
                                std::to_string(o.start_hour));
  }
  if (o.seed > 0xFFFFFFFFu) {  // two seeds would otherwise silently give the same workload
    return Status::InvalidInput("lublin: seed " + std::to_string(o.seed) +
                                " is out of range: expected 0 to 4294967295 (the generator is "
                                "seeded as the reference's srand48, which keeps 32 bits)");
  }
  return Status::Ok();
}

}  // namespace

const char* MixName(LublinOptions::Mix mix) {
  switch (mix) {
    case LublinOptions::Mix::kBatch: return "batch";
    case LublinOptions::Mix::kInteractive: return "interactive";
    case LublinOptions::Mix::kCombined: return "combined";
    case LublinOptions::Mix::kTypeless: return "typeless";
  }
  return "?";
}

Result<LublinOptions::Mix> ParseMix(const std::string& name) {
  for (auto m : {LublinOptions::Mix::kBatch, LublinOptions::Mix::kInteractive,
                 LublinOptions::Mix::kCombined, LublinOptions::Mix::kTypeless}) {
    if (name == MixName(m)) return m;
  }
  return Status::InvalidInput("unknown Lublin mix \"" + name +
                              "\": expected batch, interactive, combined or typeless");
}

Result<Workload> GenerateLublin(const LublinOptions& o) {
  AIRGRID_RETURN_IF_ERROR(Validate(o));
  const bool typeless = o.mix == LublinOptions::Mix::kTypeless;
  TypeParams params[2] = {ScaleToMachine(typeless ? kTypelessParams : kInteractiveParams, o.procs),
                          ScaleToMachine(typeless ? kTypelessParams : kBatchParams, o.procs)};
  LublinRandom rng(o.seed);
  ArrivalState arrival[2];
  for (int t : {kInteractive, kBatch}) {
    InitWeights(params[t], arrival[t]);
    arrival[t].bucket = o.start_hour * kBuckets / 24;
  }
  // Both streams draw their first arrival, batch first, whatever the mix (the reference's
  // arrive_init does, then parks the unused type's clock at ULONG_MAX): the uniforms that follow
  // are then the reference's.
  for (int t : {kBatch, kInteractive}) AdvanceArrival(params[t], rng, arrival[t]);
  arrival[kBatch].active = o.mix == LublinOptions::Mix::kBatch || o.mix == LublinOptions::Mix::kCombined;
  arrival[kInteractive].active = o.mix != LublinOptions::Mix::kBatch;

  Workload w;
  w.source = "lublin(mix=" + std::string(MixName(o.mix)) + ", procs=" + std::to_string(o.procs) +
             ", jobs=" + std::to_string(o.jobs) + ", seed=" + std::to_string(o.seed) + ")";
  w.machine_procs = o.procs;
  FillHeader(o, params, w);
  w.jobs.reserve(static_cast<size_t>(o.jobs));
  w.extra.reserve(static_cast<size_t>(o.jobs));
  for (int64_t i = 0; i < o.jobs; ++i) {
    // The type whose next arrival comes first (batch on ties, as the reference's `<`).
    int t = kInteractive;
    if (arrival[kBatch].active &&
        (!arrival[kInteractive].active ||
         arrival[kBatch].time_from_begin < arrival[kInteractive].time_from_begin)) {
      t = kBatch;
    }
    const double at = arrival[t].time_from_begin;
    AdvanceArrival(params[t], rng, arrival[t]);
    Job j;
    j.id = i + 1;
    j.submit = std::max<int64_t>(0, static_cast<int64_t>(at));
    j.alloc_procs = DrawSize(params[t], o.procs, rng);
    j.runtime = DrawRuntime(params[t], j.alloc_procs, rng);
    SwfExtra x;
    x.status = 1;
    x.queue = t;
    j.procs = j.alloc_procs;
    j.estimate = j.runtime;
    w.jobs.push_back(j);
    w.extra.push_back(x);
  }
  return w;
}

}  // namespace airgrid::workload
