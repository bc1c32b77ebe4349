// OpenAI-ES on the scheduling objective. See policy_es.h for the contract.
//
// Why ES and not PPO (RLScheduler's method): the simulator is exact and fast, an episode's
// objective is all ES needs (no per-decision credit assignment, no value network), the
// population is embarrassingly parallel, and the whole update is a deterministic function of
// (seed, iteration, fitnesses): bit-identical weights on any thread or rank count come for
// free once the fitnesses are assembled in task order.
#include "airgrid/learn/policy_es.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <memory>
#include <numeric>
#include <thread>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/splitmix64.h"
#include "airgrid/sched/job_record.h"
#include "learn/adam.h"
#include "learn/mpi.h"

namespace airgrid::learn {

std::string_view PolicyObjectiveName(PolicyObjective o) {
  switch (o) {
    case PolicyObjective::kBsld: return "bsld";
    case PolicyObjective::kWait: return "wait";
    case PolicyObjective::kUtilisation: return "utilisation";
  }
  return "?";
}

Result<PolicyObjective> ParsePolicyObjective(std::string_view name) {
  if (name == "bsld") return PolicyObjective::kBsld;
  if (name == "wait") return PolicyObjective::kWait;
  if (name == "utilisation" || name == "utilization") return PolicyObjective::kUtilisation;
  return Status::InvalidInput("unknown objective '" + std::string(name) +
                              "': expected bsld, wait or utilisation");
}

std::string_view PolicyInitName(PolicyInit i) { return i == PolicyInit::kSaf ? "saf" : "random"; }

Result<PolicyInit> ParsePolicyInit(std::string_view name) {
  if (name == "random") return PolicyInit::kRandom;
  if (name == "saf") return PolicyInit::kSaf;
  return Status::InvalidInput("init \"" + std::string(name) + "\": expected random or saf");
}

nlohmann::json PolicyEsOptionsJsonBase(const PolicyEsOptions& o);

nlohmann::json PolicyEsOptionsJson(const PolicyEsOptions& o) {
  nlohmann::json j = PolicyEsOptionsJsonBase(o);
  // Only when set: files and checkpoints written before the option keep their options.
  if (o.replace_margin > 0) j["replace_margin"] = o.replace_margin;
  return j;
}

nlohmann::json PolicyEsOptionsJsonBase(const PolicyEsOptions& o) {
  std::vector<std::string> features;
  for (MlpFeature f : o.features) features.emplace_back(MlpFeatureName(f));
  return {{"features", features},
          {"hidden", o.hidden},
          {"activation", ActivationName(o.activation)},
          {"objective", PolicyObjectiveName(o.objective)},
          {"init", PolicyInitName(o.init)},
          {"backfill", sched::BackfillName(o.sim.backfill)},
          {"estimates", sched::EstimatesName(o.sim.estimates)},
          {"decision", sched::DecisionName(o.sim.decision)},
          {"lookahead", o.sim.lookahead},
          {"tau_s", o.tau},
          {"episode_length", o.episode_length},
          {"episodes", o.episodes},
          {"validation_episodes", o.validation_episodes},
          {"validation_fraction", o.validation_fraction},
          {"population", o.population},
          {"iterations", o.iterations},
          {"patience", o.patience},
          {"sigma", o.sigma},
          {"learning_rate", o.learning_rate},
          {"l2", o.l2},
          {"seed", o.seed}};
}

namespace {

// ---- Random numbers: splitmix64 (base/splitmix64.h), the same on every platform ---------

// A stream for (seed, a, b): distinct streams for distinct keys.
uint64_t StreamState(uint64_t seed, uint64_t a, uint64_t b) {
  uint64_t s = seed;
  uint64_t x = SplitMix64(s) ^ (a * 0xD1B54A32D192ED03ull);
  s = x;
  x = SplitMix64(s) ^ (b * 0x8CB92BA72F3D8DD7ull);
  return x;
}

double Uniform01(uint64_t& state) {  // (0, 1)
  return (static_cast<double>(SplitMix64(state) >> 11) + 0.5) * 0x1.0p-53;
}

// Box–Muller with our uniforms (std::normal_distribution differs between libraries).
void FillNormal(uint64_t state, Eigen::VectorXd* v) {
  for (Eigen::Index i = 0; i < v->size(); i += 2) {
    const double u1 = Uniform01(state), u2 = Uniform01(state);
    const double rad = std::sqrt(-2.0 * std::log(u1));
    (*v)[i] = rad * std::cos(2 * M_PI * u2);
    if (i + 1 < v->size()) (*v)[i + 1] = rad * std::sin(2 * M_PI * u2);
  }
}

// Episode starts: `count` windows of `length` jobs inside [begin, end).
std::vector<int64_t> DrawStarts(uint64_t state, int64_t begin, int64_t end, int length,
                                int count) {
  const uint64_t choices = static_cast<uint64_t>(end - begin - length + 1);
  std::vector<int64_t> out;
  for (int i = 0; i < count; ++i)
    out.push_back(begin + static_cast<int64_t>(SplitMix64Below(state, choices)));
  return out;
}

// ---- The network as a policy ---------------------------------------------------------------

class NetPolicy : public sched::Policy {
 public:
  explicit NetPolicy(const MlpModel* model) : model_(model), eval_(model) {}
  std::string Name() const override { return "es-network"; }
  bool TimeDependent() const override { return model_->time_dependent(); }
  bool MachineDependent() const override { return model_->machine_dependent(); }
  void Score(std::span<const sched::JobFeatures> jobs, std::span<double> scores) override {
    eval_.Score(jobs.size(), [&](std::size_t i) -> const sched::JobFeatures& { return jobs[i]; },
                scores.data());
  }

 private:
  const MlpModel* model_;
  MlpEvaluator eval_;
};

// One episode's objective from its records.
double Objective(const std::vector<sched::JobRecord>& recs, PolicyObjective o, double tau,
                 int32_t machine) {
  if (recs.empty()) return 0;
  double sum = 0;
  switch (o) {
    case PolicyObjective::kBsld:
      for (const auto& r : recs) sum += sched::BoundedSlowdown(r, tau);
      return sum / static_cast<double>(recs.size());
    case PolicyObjective::kWait:
      for (const auto& r : recs) sum += static_cast<double>(r.Wait());
      return sum / static_cast<double>(recs.size());
    case PolicyObjective::kUtilisation: {
      int64_t first = recs.front().submit, last = recs.front().end;
      for (const auto& r : recs) {
        first = std::min(first, r.submit);
        last = std::max(last, r.end);
        sum += static_cast<double>(r.end - r.start) * r.procs;
      }
      const double span = static_cast<double>(std::max<int64_t>(1, last - first));
      return sum / (span * machine);
    }
  }
  return 0;
}

// What ES ranks (lower is better): the log keeps one congested episode from drowning the rest.
}  // namespace

bool SignificantlyBetter(const std::vector<double>& now, const std::vector<double>& best,
                         double margin) {
  if (margin <= 0 || best.size() != now.size() || now.size() < 2) return true;
  const double n = static_cast<double>(now.size());
  double mean = 0;
  for (size_t i = 0; i < now.size(); ++i) mean += now[i] - best[i];
  mean /= n;
  double var = 0;
  for (size_t i = 0; i < now.size(); ++i) var += (now[i] - best[i] - mean) * (now[i] - best[i] - mean);
  const double se = std::sqrt(var / (n - 1) / n);
  return mean < -margin * se;
}

namespace {

double Fitness(double objective, PolicyObjective o) {
  switch (o) {
    case PolicyObjective::kBsld: return std::log(std::max(objective, 1.0));
    case PolicyObjective::kWait: return std::log1p(std::max(objective, 0.0));
    case PolicyObjective::kUtilisation: return -objective;
  }
  return objective;
}

// One episode of `o.episode_length` jobs from `first`, from an empty machine.
double Episode(sched::Simulator& sim, sched::Policy& policy, const workload::Workload& w,
               const PolicyEsOptions& o, int64_t first, std::vector<sched::JobRecord>* records) {
  sched::SimInput in;
  in.machine_procs = w.machine_procs;
  in.jobs = std::span<const workload::Job>(w.jobs).subspan(first, o.episode_length);
  in.origin = w.jobs[first].submit;
  records->clear();
  sched::DecisionCost cost;
  Status st = sim.Run(in, policy, records, &cost);
  if (!st.ok()) return std::numeric_limits<double>::infinity();  // jobs validated before
  return Objective(*records, o.objective, o.tau, w.machine_procs);
}

// Per-thread simulation context.
struct Worker {
  explicit Worker(const PolicyEsOptions& o, const MlpModel& shape)
      : sim(o.sim), model(shape), policy(&model) {}
  sched::Simulator sim;
  MlpModel model;
  NetPolicy policy;
  std::vector<sched::JobRecord> records;
  int64_t jobs = 0;

  double Run(const workload::Workload& w, const PolicyEsOptions& o, int64_t first) {
    jobs += o.episode_length;
    return Episode(sim, policy, w, o, first, &records);
  }
};

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Runs tasks 0..n-1 whose index mod ranks is this rank, on `workers` (one thread each), then
// shares every task's `width` results with every rank, in task order.
using Workers = std::vector<std::unique_ptr<Worker>>;

std::vector<double> RunTasks(Communicator& comm, Workers& workers, int n, int width,
                             const std::function<void(Worker&, int, double*)>& task) {
  std::vector<int> mine;
  for (int t = comm.rank(); t < n; t += comm.size()) mine.push_back(t);
  std::vector<double> local(mine.size() * static_cast<size_t>(width));
  std::atomic<size_t> next{0};
  auto loop = [&](Worker& wk) {
    for (size_t i = next++; i < mine.size(); i = next++) task(wk, mine[i], &local[i * width]);
  };
  std::vector<std::thread> threads;
  for (size_t k = 1; k < workers.size(); ++k) threads.emplace_back(loop, std::ref(*workers[k]));
  loop(*workers[0]);
  for (auto& t : threads) t.join();
  if (comm.size() == 1) return local;
  // Rank r's block holds tasks r, r + size, ...: rank 0 reorders, then broadcasts the bits.
  std::vector<double> gathered = comm.GatherToRoot(local);
  std::vector<int64_t> bits;
  if (comm.rank() == 0) {
    std::vector<double> ordered(static_cast<size_t>(n) * width);
    size_t at = 0;
    for (int r = 0; r < comm.size(); ++r)
      for (int t = r; t < n; t += comm.size(), at += width)
        std::copy_n(&gathered[at], width, &ordered[static_cast<size_t>(t) * width]);
    bits.resize(ordered.size());
    std::memcpy(bits.data(), ordered.data(), ordered.size() * sizeof(double));
  }
  comm.Broadcast(&bits);
  std::vector<double> all(bits.size());
  std::memcpy(all.data(), bits.data(), bits.size() * sizeof(double));
  return all;
}

// Centered ranks in [-0.5, 0.5] (ties by index: deterministic).
std::vector<double> CenteredRanks(const std::vector<double>& f) {
  std::vector<int> order(f.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return f[a] < f[b]; });
  std::vector<double> r(f.size());
  const double denom = std::max<double>(1, static_cast<double>(f.size()) - 1);
  for (size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i) / denom - 0.5;
  return r;
}

Status CheckOptions(const workload::Workload& w, const PolicyEsOptions& o, int64_t split) {
  auto bad = [](const std::string& what) { return Status::InvalidInput(what); };
  if (o.episode_length <= 0)
    return bad("episode length " + std::to_string(o.episode_length) + ": expected > 0 jobs");
  if (o.episodes <= 0 || o.validation_episodes <= 0)
    return bad("episodes " + std::to_string(o.episodes) + ", validation episodes " +
               std::to_string(o.validation_episodes) + ": expected > 0");
  if (o.population <= 0 || o.population % 2 != 0)
    return bad("population " + std::to_string(o.population) +
               ": expected an even number > 0 (antithetic pairs)");
  if (o.iterations <= 0 || o.patience <= 0)
    return bad("iterations and patience: expected > 0");
  if (!(o.sigma > 0) || !(o.learning_rate > 0) || !(o.l2 >= 0))
    return bad("sigma and learning rate: expected > 0, l2 >= 0");
  if (!(o.validation_fraction > 0 && o.validation_fraction < 1))
    return bad("validation fraction: expected in (0, 1)");
  const int64_t n = static_cast<int64_t>(w.jobs.size());
  if (split < o.episode_length || n - split < o.episode_length) {
    return bad(w.source + ": " + std::to_string(n) + " jobs give a training pool of " +
               std::to_string(split) + " and a validation pool of " + std::to_string(n - split) +
               " jobs; expected at least one episode (" + std::to_string(o.episode_length) +
               " jobs) in each");
  }
  if (o.init == PolicyInit::kSaf) {
    bool has_p = false, has_q = false;
    for (MlpFeature f : o.features) has_p |= f == MlpFeature::kLog10P, has_q |= f == MlpFeature::kLog10Q;
    if (o.hidden.size() != 1 || o.activation != Activation::kTanh || !has_p || !has_q)
      return bad("init saf: expected one tanh hidden layer and the inputs log10p and log10q");
  }
  if (o.sim.decision == sched::SimOptions::Decision::kCommit &&
      o.sim.backfill == sched::Backfill::kConservative)
    return bad("decision mode commit: expected backfill none or easy");
  return sched::ValidateJobs(w.jobs, w.machine_procs);
}

// Standardisation: static features from the training pool; decision-time ones by declared
// constants (their range is known: log10 of a wait in seconds, shares in [0, 1]).
void Standardise(const workload::Workload& w, int64_t split, const PolicyEsOptions& o,
                 MlpModel* m) {
  for (size_t i = 0; i < o.features.size(); ++i) {
    const MlpFeature f = o.features[i];
    double mean = 0.5, sd = 0.5;
    if (f == MlpFeature::kLog10Wait || f == MlpFeature::kLog10R) {
      mean = 3.0;
      sd = 1.5;
    } else if (!MlpFeatureIsDynamic(f)) {
      double s = 0, s2 = 0;
      for (int64_t k = 0; k < split; ++k) {
        const workload::Job& j = w.jobs[k];
        const double p = o.sim.estimates == sched::Estimates::kActual ? j.runtime : j.estimate;
        const double v = MlpFeatureValue(f, p, j.procs, 0);
        s += v;
        s2 += v * v;
      }
      mean = s / static_cast<double>(split);
      sd = std::sqrt(std::max(1e-12, s2 / static_cast<double>(split) - mean * mean));
    }
    m->feature_mean()[static_cast<Eigen::Index>(i)] = mean;
    m->feature_std()[static_cast<Eigen::Index>(i)] = sd;
  }
}

int FeatureIndex(const MlpModel& m, MlpFeature f) {
  for (size_t i = 0; i < m.features().size(); ++i)
    if (m.features()[i] == f) return static_cast<int>(i);
  return -1;
}

}  // namespace

// The first hidden unit orders jobs as smallest area first and the output reads it alone
// (contract). The other hidden units keep their random weights but start unread, so the
// search can bring them in.
Status StartAtSmallestAreaFirst(MlpModel* m) {
  const int ip = FeatureIndex(*m, MlpFeature::kLog10P), iq = FeatureIndex(*m, MlpFeature::kLog10Q);
  if (ip < 0 || iq < 0 || m->layers().size() != 2 || m->hidden_activation() != Activation::kTanh)
    return Status::InvalidInput("init saf: expected one tanh hidden layer and the inputs log10p and log10q");
  const double sp = m->feature_std()[ip], sq = m->feature_std()[iq];
  const double c = 0.5 / (sp + sq);  // pre-activation within about ±0.5 std: tanh near-linear
  auto W0 = m->weight(0);
  W0.row(0).setZero();
  W0(0, ip) = c * sp;  // inputs are standardised: c·sp·x_p = c·(log10(1+p) − mean)
  W0(0, iq) = c * sq;
  m->bias(0)[0] = 0;
  auto W1 = m->weight(1);
  W1.setZero();
  W1(0, 0) = 1;
  m->bias(1).setZero();
  return Status::Ok();
}

namespace {

// Glorot-uniform weights, zero biases.
void Initialise(uint64_t seed, MlpModel* m) {
  uint64_t state = StreamState(seed, 0xA11CE, 0);
  for (size_t l = 0; l < m->layers().size(); ++l) {
    const auto& L = m->layers()[l];
    const double limit = std::sqrt(6.0 / (L.in + L.out));
    auto W = m->weight(l);
    for (Eigen::Index c = 0; c < W.cols(); ++c)
      for (Eigen::Index r = 0; r < W.rows(); ++r) W(r, c) = limit * (2 * Uniform01(state) - 1);
  }
}

// ---- Checkpoint ----------------------------------------------------------------------------

struct State {
  int iteration = 0;  // completed
  Eigen::VectorXd theta, best_theta;
  double best_validation = std::numeric_limits<double>::infinity();
  std::vector<double> best_fitness;  // per validation episode (replace_margin > 0)
  int best_iteration = 0, since_best = 0;
  long adam_steps = 0;
  Eigen::VectorXd m, v;
  std::vector<EsIteration> history;
  bool done = false;
  bool early_stopped = false;
};

std::vector<double> Vec(const Eigen::VectorXd& v) { return {v.begin(), v.end()}; }
Eigen::VectorXd Eig(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

nlohmann::json HistoryJson(const std::vector<EsIteration>& h) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : h)
    a.push_back({x.iteration, x.train, x.validation, x.best_validation, x.wall_s, x.cpu_s});
  return a;
}

Status SaveCheckpoint(const std::string& path, const nlohmann::json& options, const State& s) {
  nlohmann::json j = {{"format", "airgrid-policy-es-checkpoint"},
                      {"format_version", 1},
                      {"options", options},
                      {"iteration", s.iteration},
                      {"theta", Vec(s.theta)},
                      {"best_theta", Vec(s.best_theta)},
                      {"best_validation", s.best_validation},
                      {"best_iteration", s.best_iteration},
                      {"since_best", s.since_best},
                      {"best_fitness", s.best_fitness},
                      {"adam_steps", s.adam_steps},
                      {"adam_m", Vec(s.m)},
                      {"adam_v", Vec(s.v)},
                      {"done", s.done},
                      {"early_stopped", s.early_stopped},
                      {"history", HistoryJson(s.history)}};
  return WriteFileAtomic(path, j.dump() + "\n");
}

// NotFound when there is no checkpoint; InvalidInput when it is damaged or from other options.
Result<State> LoadEsCheckpoint(const std::string& path, const nlohmann::json& options,
                               Eigen::Index params) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return Status::NotFound(path);
  State s;
  try {
    nlohmann::json j = nlohmann::json::parse(*text);
    if (j.at("format") != "airgrid-policy-es-checkpoint" || j.at("format_version") != 1)
      return Status::InvalidInput(path + ": expected an airgrid policy-es checkpoint, version 1");
    const nlohmann::json& saved = j.at("options");
    std::string differ;
    for (auto it = options.begin(); it != options.end(); ++it) {
      if (!saved.contains(it.key()) || saved[it.key()] != it.value())
        differ += (differ.empty() ? "" : ", ") + it.key() + " (checkpoint " +
                  (saved.contains(it.key()) ? saved[it.key()].dump() : "missing") + ", now " +
                  it.value().dump() + ")";
    }
    if (!differ.empty())
      return Status::InvalidInput(path + ": checkpoint written with other options: " + differ +
                                  "; expected the same options, or a new --checkpoint file");
    s.iteration = j.at("iteration");
    s.theta = Eig(j.at("theta").get<std::vector<double>>());
    s.best_theta = Eig(j.at("best_theta").get<std::vector<double>>());
    s.best_validation = j.at("best_validation").is_number() ? j.at("best_validation").get<double>()
                                                             : std::numeric_limits<double>::infinity();
    s.best_iteration = j.at("best_iteration");
    s.since_best = j.at("since_best");
    if (j.contains("best_fitness")) s.best_fitness = j.at("best_fitness").get<std::vector<double>>();
    s.adam_steps = j.at("adam_steps");
    s.m = Eig(j.at("adam_m").get<std::vector<double>>());
    s.v = Eig(j.at("adam_v").get<std::vector<double>>());
    s.done = j.at("done");
    s.early_stopped = j.at("early_stopped");
    for (const auto& x : j.at("history"))
      s.history.push_back({x[0], x[1], x[2], x[3], x[4], x[5]});
  } catch (const std::exception& e) {
    return Status::InvalidInput(path + ": damaged checkpoint (" + e.what() + ")");
  }
  if (s.theta.size() != params || s.best_theta.size() != params || s.m.size() != params ||
      s.v.size() != params)
    return Status::InvalidInput(path + ": checkpoint has " + std::to_string(s.theta.size()) +
                                " parameters, expected " + std::to_string(params));
  return s;
}

}  // namespace

std::vector<int64_t> ValidationStarts(const workload::Workload& w, const PolicyEsOptions& o) {
  const int64_t n = static_cast<int64_t>(w.jobs.size());
  const int64_t split = static_cast<int64_t>(std::floor(n * (1.0 - o.validation_fraction)));
  if (n - split < o.episode_length || o.episode_length <= 0) return {};
  return DrawStarts(StreamState(o.seed, 0x7A11D, 0), split, n, o.episode_length,
                    o.validation_episodes);
}

double PolicyEpisodeObjective(const workload::Workload& w, sched::Policy& policy,
                              const PolicyEsOptions& o, const std::vector<int64_t>& starts) {
  sched::Simulator sim(o.sim);
  std::vector<sched::JobRecord> records;
  double sum = 0;
  for (int64_t s : starts) sum += Episode(sim, policy, w, o, s, &records);
  return starts.empty() ? 0 : sum / static_cast<double>(starts.size());
}

int PolicyEsRank(bool use_mpi) { return use_mpi ? World().rank() : 0; }

double EpisodeObjective(const workload::Workload& w, const MlpModel& model,
                        const PolicyEsOptions& o, const std::vector<int64_t>& starts) {
  Worker wk(o, model);
  double sum = 0;
  for (int64_t s : starts) sum += wk.Run(w, o, s);
  return starts.empty() ? 0 : sum / static_cast<double>(starts.size());
}

Result<PolicyEsResult> TrainPolicyEs(const workload::Workload& w, const PolicyEsOptions& o,
                                     const EsProgressFn& progress) {
  const int64_t n = static_cast<int64_t>(w.jobs.size());
  const int64_t split = static_cast<int64_t>(std::floor(n * (1.0 - o.validation_fraction)));
  AIRGRID_RETURN_IF_ERROR(CheckOptions(w, o, split));
  Communicator& comm = o.use_mpi ? World() : SingleProcess();
  const nlohmann::json options = PolicyEsOptionsJson(o);

  MlpModel shape(o.features, o.hidden, o.activation);
  Standardise(w, split, o, &shape);
  Initialise(o.seed, &shape);
  if (o.init == PolicyInit::kSaf) AIRGRID_RETURN_IF_ERROR(StartAtSmallestAreaFirst(&shape));
  const Eigen::Index d = shape.params().size();

  State s;
  s.theta = shape.params();
  s.best_theta = s.theta;
  s.m = s.v = Eigen::VectorXd::Zero(d);
  int resumed_from = 0;
  if (o.resume && !o.checkpoint_path.empty()) {
    Result<State> loaded = LoadEsCheckpoint(o.checkpoint_path, options, d);
    if (loaded.ok()) {
      s = std::move(*loaded);
      resumed_from = s.iteration;
    } else if (loaded.status().code() != Status::Code::kNotFound) {
      return loaded.status();
    }
  }
  Adam adam(d, o.learning_rate);
  adam.Restore(s.adam_steps, s.m, s.v);

  const std::vector<int64_t> validation = ValidationStarts(w, o);
  Workers workers;
  for (int t = 0; t < std::max(1, o.threads); ++t) workers.push_back(std::make_unique<Worker>(o, shape));

  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = CpuSeconds();
  const double wall_before = s.history.empty() ? 0 : s.history.back().wall_s;
  const double cpu_before = s.history.empty() ? 0 : s.history.back().cpu_s;
  const int pairs = o.population / 2;
  Eigen::VectorXd eps(d);
  int ran = 0;
  while (!s.done && !(o.stop_after > 0 && ran >= o.stop_after)) {
    ++ran;
    const int it = s.iteration;
    const std::vector<int64_t> episodes = DrawStarts(
        StreamState(o.seed, 0xE915, static_cast<uint64_t>(it)), 0, split, o.episode_length,
        o.episodes);
    // Tasks: members 0..P-1 (member 2k = θ + σε_k, 2k+1 = θ − σε_k), each giving E episode
    // objectives; then the validation episodes of θ, one objective each (padded to E).
    const int width = o.episodes;
    const int tasks = o.population + o.validation_episodes;
    std::vector<double> out = RunTasks(comm, workers, tasks, width, [&](Worker& wk, int t, double* r) {
      if (t < o.population) {
        Eigen::VectorXd e(d);
        FillNormal(StreamState(o.seed, static_cast<uint64_t>(it) + 1, static_cast<uint64_t>(t / 2)), &e);
        wk.model.params() = s.theta + (t % 2 == 0 ? o.sigma : -o.sigma) * e;
        for (int k = 0; k < width; ++k) r[k] = wk.Run(w, o, episodes[k]);
      } else {
        wk.model.params() = s.theta;
        r[0] = wk.Run(w, o, validation[t - o.population]);
        for (int k = 1; k < width; ++k) r[k] = 0;
      }
    });
    // Fitness per member, in task order.
    std::vector<double> fitness(o.population);
    double train = 0;
    for (int m = 0; m < o.population; ++m) {
      double f = 0;
      for (int k = 0; k < width; ++k) {
        const double obj = out[static_cast<size_t>(m) * width + k];
        f += Fitness(obj, o.objective);
        train += obj;
      }
      fitness[m] = f / width;
    }
    train /= static_cast<double>(o.population) * width;
    double val = 0;
    for (int v = 0; v < o.validation_episodes; ++v)
      val += out[static_cast<size_t>(o.population + v) * width];
    val /= o.validation_episodes;
    const bool maximise = o.objective == PolicyObjective::kUtilisation;
    std::vector<double> val_fitness(o.validation_episodes);
    for (int v = 0; v < o.validation_episodes; ++v)
      val_fitness[v] = Fitness(out[static_cast<size_t>(o.population + v) * width], o.objective);
    const bool better = maximise ? -val < -s.best_validation || !std::isfinite(s.best_validation)
                                 : val < s.best_validation;
    if (better && SignificantlyBetter(val_fitness, s.best_fitness, o.replace_margin)) {
      s.best_validation = val;
      s.best_fitness = val_fitness;
      s.best_theta = s.theta;
      s.best_iteration = it;
      s.since_best = 0;
    } else {
      ++s.since_best;
    }
    // Gradient of the (minimised) fitness, summed in pair order.
    const std::vector<double> rank = CenteredRanks(fitness);
    Eigen::VectorXd grad = Eigen::VectorXd::Zero(d);
    for (int k = 0; k < pairs; ++k) {
      FillNormal(StreamState(o.seed, static_cast<uint64_t>(it) + 1, static_cast<uint64_t>(k)), &eps);
      grad += (rank[2 * k] - rank[2 * k + 1]) * eps;
    }
    grad /= o.population * o.sigma;
    grad += o.l2 * s.theta;
    adam.Step(s.theta, grad);
    s.adam_steps = adam.steps();
    s.m = adam.first_moment();
    s.v = adam.second_moment();
    s.iteration = it + 1;
    const double wall = wall_before +
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s.history.push_back({it, train, val, s.best_validation, wall, cpu_before + CpuSeconds() - cpu0});
    if (s.since_best >= o.patience) s.done = s.early_stopped = true;
    if (s.iteration >= o.iterations) s.done = true;
    if (comm.rank() == 0) {
      if (progress) progress(s.history.back());
      if (!o.checkpoint_path.empty())
        AIRGRID_RETURN_IF_ERROR(SaveCheckpoint(o.checkpoint_path, options, s));
    }
  }

  PolicyEsResult result;
  result.model = shape;
  result.model.params() = s.best_theta;
  result.history = s.history;
  result.best_iteration = s.best_iteration;
  result.best_validation = s.best_validation;
  result.early_stopped = s.early_stopped;
  result.resumed_from = resumed_from;
  result.finished = s.done;
  for (const auto& wk : workers) result.simulated_jobs += wk->jobs;
  result.ranks = comm.size();
  result.threads = static_cast<int>(workers.size());
  return result;
}

}  // namespace airgrid::learn
