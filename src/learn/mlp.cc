#include "airgrid/learn/mlp.h"

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace airgrid::learn {

namespace {

// Largest model a file may declare (weights and biases), far above any model of this project
// (hundreds of parameters); see docs/formats.md, "Input limits".
constexpr int64_t kMaxMlpParameters = 100000000;

struct FeatureName {
  MlpFeature feature;
  std::string_view name;
};
constexpr FeatureName kFeatureNames[] = {
    {MlpFeature::kLog10P, "log10p"}, {MlpFeature::kLog10Q, "log10q"},
    {MlpFeature::kLog10R, "log10r"}, {MlpFeature::kQ, "q"},
    {MlpFeature::kLog10Area, "log10area"}, {MlpFeature::kLog10Wait, "log10wait"},
    {MlpFeature::kFreeShare, "free"},       {MlpFeature::kFits, "fits"},
};

std::string AcceptedFeatures() {
  std::string s;
  for (const auto& f : kFeatureNames) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s;
}

}  // namespace

bool MlpFeatureIsDynamic(MlpFeature f) {
  return f == MlpFeature::kLog10Wait || MlpFeatureUsesMachine(f);
}

bool MlpFeatureUsesMachine(MlpFeature f) {
  return f == MlpFeature::kFreeShare || f == MlpFeature::kFits;
}

std::string_view MlpFeatureName(MlpFeature f) {
  for (const auto& n : kFeatureNames)
    if (n.feature == f) return n.name;
  return "?";
}

Result<MlpFeature> ParseMlpFeature(std::string_view name) {
  for (const auto& n : kFeatureNames)
    if (n.name == name) return n.feature;
  return Status::InvalidInput("unknown MLP feature '" + std::string(name) +
                              "' (expected one of " + AcceptedFeatures() + ")");
}

Result<std::vector<MlpFeature>> ParseMlpFeatureList(std::string_view list) {
  std::vector<MlpFeature> out;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    Result<MlpFeature> f = ParseMlpFeature(item);
    if (!f.ok()) return f.status();
    if (std::find(out.begin(), out.end(), *f) != out.end())
      return Status::InvalidInput("MLP feature '" + std::string(item) + "' listed twice");
    out.push_back(*f);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (out.empty()) return Status::InvalidInput("empty MLP feature list");
  return out;
}

std::string_view ActivationName(Activation a) {
  switch (a) {
    case Activation::kIdentity: return "identity";
    case Activation::kTanh: return "tanh";
    case Activation::kRelu: return "relu";
  }
  return "?";
}

Result<Activation> ParseActivation(std::string_view name) {
  if (name == "identity") return Activation::kIdentity;
  if (name == "tanh") return Activation::kTanh;
  if (name == "relu") return Activation::kRelu;
  return Status::InvalidInput("unknown activation '" + std::string(name) +
                              "' (expected identity, tanh or relu)");
}

MlpModel::MlpModel(std::vector<MlpFeature> features, const std::vector<int>& hidden,
                   Activation hidden_activation)
    : features_(std::move(features)) {
  const int d = input_size();
  mean_ = Eigen::VectorXd::Zero(d);
  std_ = Eigen::VectorXd::Ones(d);
  std::size_t offset = 0;
  int in = d;
  auto add = [&](int out, Activation a) {
    Layer L{in, out, a, offset, offset + static_cast<std::size_t>(in) * out};
    offset = L.bias_offset + out;
    layers_.push_back(L);
    in = out;
  };
  for (int width : hidden) add(width, hidden_activation);
  add(1, Activation::kIdentity);
  params_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(offset));
}

std::vector<int> MlpModel::hidden() const {
  std::vector<int> h;
  for (std::size_t l = 0; l + 1 < layers_.size(); ++l) h.push_back(layers_[l].out);
  return h;
}

Activation MlpModel::hidden_activation() const {
  return layers_.size() > 1 ? layers_[0].activation : Activation::kIdentity;
}

MlpCost MlpModel::Cost() const {
  MlpCost c;
  c.parameters = params_.size();
  c.model_bytes = static_cast<int64_t>(sizeof(double)) * (params_.size() + 2 * input_size());
  // log10 features cost a transcendental; q, free (a division) and fits (a compare) do not.
  for (MlpFeature f : features_)
    if (f != MlpFeature::kQ && f != MlpFeature::kFreeShare && f != MlpFeature::kFits)
      ++c.transcendentals_per_job;
  c.flops_per_job = 2 * input_size() + c.transcendentals_per_job;
  for (MlpFeature f : features_)
    if (f == MlpFeature::kFreeShare || f == MlpFeature::kFits) ++c.flops_per_job;  // ÷ or <=
  for (const Layer& L : layers_) {
    c.flops_per_job += 2LL * L.in * L.out;
    if (L.activation != Activation::kIdentity) c.flops_per_job += L.out;
    if (L.activation == Activation::kTanh) c.transcendentals_per_job += L.out;
  }
  return c;
}

double MlpModel::ScoreOne(double p, double q, double r) const {
  struct One { double p, q, r; } job{p, q, r};
  MlpEvaluator eval(this);
  double out = 0;
  eval.Score(1, [&](std::size_t) -> const One& { return job; }, &out);
  return out;
}

double MlpModel::ScoreOne(const MlpJob& job) const {
  MlpEvaluator eval(this);
  double out = 0;
  eval.Score(1, [&](std::size_t) -> const MlpJob& { return job; }, &out);
  return out;
}

bool MlpModel::time_dependent() const {
  for (MlpFeature f : features_)
    if (MlpFeatureIsDynamic(f)) return true;
  return false;
}

bool MlpModel::machine_dependent() const {
  for (MlpFeature f : features_)
    if (MlpFeatureUsesMachine(f)) return true;
  return false;
}

void ApplyActivation(Activation a, double* z, std::size_t n) {
  switch (a) {
    case Activation::kIdentity: return;
    case Activation::kTanh:
      for (std::size_t i = 0; i < n; ++i) z[i] = std::tanh(z[i]);
      return;
    case Activation::kRelu:
      for (std::size_t i = 0; i < n; ++i) z[i] = z[i] > 0 ? z[i] : 0.0;
      return;
  }
}

MlpEvaluator::MlpEvaluator(const MlpModel* model) : model_(model) {
  act_.resize(model_->layers().size());
}

void MlpEvaluator::Reserve(std::size_t n) {
  if (n <= capacity_) return;
  capacity_ = std::max(n, 2 * capacity_);
  input_.resize(capacity_ * model_->input_size());
  for (std::size_t l = 0; l < act_.size(); ++l)
    act_[l].resize(capacity_ * model_->layers()[l].out);
}

void MlpEvaluator::Run(std::size_t n, double* out) {
  const auto cols = static_cast<Eigen::Index>(n);
  const double* prev = input_.data();
  for (std::size_t l = 0; l < act_.size(); ++l) {
    const MlpModel::Layer& L = model_->layers()[l];
    Eigen::Map<const Eigen::MatrixXd> a(prev, L.in, cols);
    Eigen::Map<Eigen::MatrixXd> z(act_[l].data(), L.out, cols);
    z.noalias() = model_->weight(l).lazyProduct(a);  // no OpenMP GEMM: thread-independent bits
    z.colwise() += model_->bias(l);
    ApplyActivation(L.activation, z.data(), static_cast<std::size_t>(L.out) * n);
    prev = act_[l].data();
  }
  std::copy(prev, prev + n, out);  // the last layer has one output
}

// ---- JSON ----------------------------------------------------------------------------------

nlohmann::json MlpModelToJson(const MlpModel& model) {
  nlohmann::json j;
  j["format"] = "airgrid-mlp";
  j["format_version"] = model.time_dependent() ? 2 : 1;
  j["output"] = "score; lower runs first";
  nlohmann::json features = nlohmann::json::array();
  for (MlpFeature f : model.features()) features.push_back(MlpFeatureName(f));
  j["features"] = features;
  j["standardisation"] = {
      {"mean", std::vector<double>(model.feature_mean().begin(), model.feature_mean().end())},
      {"std", std::vector<double>(model.feature_std().begin(), model.feature_std().end())}};
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l < model.layers().size(); ++l) {
    const MlpModel::Layer& L = model.layers()[l];
    auto W = model.weight(l);
    nlohmann::json rows = nlohmann::json::array();
    for (int o = 0; o < L.out; ++o) {
      std::vector<double> row(L.in);
      for (int i = 0; i < L.in; ++i) row[i] = W(o, i);
      rows.push_back(row);
    }
    auto b = model.bias(l);
    layers.push_back({{"in", L.in},
                      {"out", L.out},
                      {"activation", ActivationName(L.activation)},
                      {"weight", rows},
                      {"bias", std::vector<double>(b.begin(), b.end())}});
  }
  j["layers"] = layers;
  MlpCost c = model.Cost();
  j["cost"] = {{"parameters", c.parameters},
               {"model_bytes", c.model_bytes},
               {"flops_per_job", c.flops_per_job},
               {"transcendentals_per_job", c.transcendentals_per_job}};
  return j;
}

namespace {

// Reading helpers: each failure names the file and the key.
class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  Status Fail(const std::string& key, const std::string& expected) const {
    return Status::InvalidInput(name_ + ": key '" + key + "': expected " + expected);
  }

  Result<const nlohmann::json*> Get(const nlohmann::json& obj, const std::string& key,
                                    const std::string& path) const {
    if (!obj.is_object() || !obj.contains(key)) return Fail(path, "a value (key missing)");
    return &obj[key];
  }

  Status Numbers(const nlohmann::json& v, const std::string& path, std::size_t n,
                 std::vector<double>* out) const {
    std::string what = std::to_string(n) + " finite numbers";
    if (!v.is_array() || v.size() != n) return Fail(path, "an array of " + what);
    out->clear();
    for (const auto& x : v) {
      if (!x.is_number() || !std::isfinite(x.get<double>())) return Fail(path, "an array of " + what);
      out->push_back(x.get<double>());
    }
    return Status::Ok();
  }

 private:
  const std::string& name_;
};

}  // namespace

Result<MlpModel> MlpModelFromJson(const nlohmann::json& j, const std::string& name) {
  StepScope step("loading the MLP model", name);
  Reader rd(name);
  if (!j.is_object()) return rd.Fail("(top level)", "a JSON object");
  auto format = rd.Get(j, "format", "format");
  if (!format.ok()) return format.status();
  if (**format != "airgrid-mlp") return rd.Fail("format", "\"airgrid-mlp\"");
  auto version = rd.Get(j, "format_version", "format_version");
  if (!version.ok()) return version.status();
  if (**version != 1 && **version != 2)
    return rd.Fail("format_version", "1 or 2 (the MLP model formats this airgrid reads)");

  auto feats = rd.Get(j, "features", "features");
  if (!feats.ok()) return feats.status();
  if (!(*feats)->is_array() || (*feats)->empty())
    return rd.Fail("features", "a non-empty array of feature names");
  std::vector<MlpFeature> features;
  for (std::size_t i = 0; i < (*feats)->size(); ++i) {
    const auto& f = (**feats)[i];
    Result<MlpFeature> parsed = f.is_string() ? ParseMlpFeature(f.get<std::string>())
                                              : Result<MlpFeature>(Status::InvalidInput(""));
    if (!parsed.ok()) {
      return rd.Fail("features[" + std::to_string(i) + "]",
                     "a feature name (" + AcceptedFeatures() + ")");
    }
    features.push_back(*parsed);
  }
  const std::size_t d = features.size();

  auto layers = rd.Get(j, "layers", "layers");
  if (!layers.ok()) return layers.status();
  if (!(*layers)->is_array() || (*layers)->empty())
    return rd.Fail("layers", "a non-empty array of layers");
  std::vector<int> hidden;
  Activation hidden_act = Activation::kIdentity;
  int in = static_cast<int>(d);
  const std::size_t n_layers = (*layers)->size();
  for (std::size_t l = 0; l < n_layers; ++l) {
    const auto& L = (**layers)[l];
    std::string at = "layers[" + std::to_string(l) + "]";
    auto lin = rd.Get(L, "in", at + ".in");
    if (!lin.ok()) return lin.status();
    if (!(*lin)->is_number_integer() || (*lin)->get<int>() != in)
      return rd.Fail(at + ".in", std::to_string(in) + " (the previous layer's width)");
    auto lout = rd.Get(L, "out", at + ".out");
    if (!lout.ok()) return lout.status();
    bool last = l + 1 == n_layers;
    if (!(*lout)->is_number_integer() || (*lout)->get<int>() < 1 ||
        (last && (*lout)->get<int>() != 1))
      return rd.Fail(at + ".out", last ? "1 (the output layer has one unit)" : "an integer >= 1");
    auto lact = rd.Get(L, "activation", at + ".activation");
    if (!lact.ok()) return lact.status();
    Result<Activation> act = (*lact)->is_string() ? ParseActivation((*lact)->get<std::string>())
                                                  : Result<Activation>(Status::InvalidInput(""));
    if (!act.ok()) return rd.Fail(at + ".activation", "identity, tanh or relu");
    if (last && *act != Activation::kIdentity)
      return rd.Fail(at + ".activation", "identity (the output layer is linear)");
    if (!last) {
      if (l > 0 && *act != hidden_act)
        return rd.Fail(at + ".activation", std::string(ActivationName(hidden_act)) +
                                               " (hidden layers share one activation)");
      hidden_act = *act;
      hidden.push_back((*lout)->get<int>());
    }
    in = (*lout)->get<int>();
  }

  // "in"/"out" declare sizes the weight arrays must back: check them against the arrays before
  // allocating, so a few bytes cannot claim gigabytes (docs/formats.md, "Input limits").
  int64_t parameters = 0;
  for (std::size_t l = 0, width = d; l < n_layers; ++l) {
    const auto& L = (**layers)[l];
    const int64_t out = L["out"].get<int64_t>();
    const auto w = L.find("weight");
    const std::string at = "layers[" + std::to_string(l) + "].weight";
    // The declared sizes against the cap first: the message then names the limit.
    parameters += out * static_cast<int64_t>(width) + out;
    if (parameters > kMaxMlpParameters)
      return rd.Fail(at, "at most " + std::to_string(kMaxMlpParameters) +
                             " parameters in all (the limit of a model file); the layers "
                             "declare " + std::to_string(parameters) + " so far");
    if (w == L.end() || !w->is_array() || static_cast<int64_t>(w->size()) != out ||
        !(*w)[0].is_array() || (*w)[0].size() != width)
      return rd.Fail(at, std::to_string(out) + " rows of " + std::to_string(width) + " numbers");
    width = static_cast<std::size_t>(out);
  }
  MlpModel model(features, hidden, hidden_act);
  std::vector<double> v;
  auto stdz = rd.Get(j, "standardisation", "standardisation");
  if (!stdz.ok()) return stdz.status();
  for (const char* key : {"mean", "std"}) {
    std::string path = std::string("standardisation.") + key;
    auto arr = rd.Get(**stdz, key, path);
    if (!arr.ok()) return arr.status();
    AIRGRID_RETURN_IF_ERROR(rd.Numbers(**arr, path, d, &v));
    Eigen::VectorXd& dst = key[0] == 'm' ? model.feature_mean() : model.feature_std();
    for (std::size_t i = 0; i < d; ++i) {
      if (key[0] == 's' && !(v[i] > 0)) return rd.Fail(path, "positive numbers");
      dst[static_cast<Eigen::Index>(i)] = v[i];
    }
  }
  for (std::size_t l = 0; l < n_layers; ++l) {
    const auto& L = (**layers)[l];
    const MlpModel::Layer& shape = model.layers()[l];
    std::string at = "layers[" + std::to_string(l) + "]";
    auto w = rd.Get(L, "weight", at + ".weight");
    if (!w.ok()) return w.status();
    std::string expected = std::to_string(shape.out) + " rows of " + std::to_string(shape.in) +
                           " finite numbers";
    if (!(*w)->is_array() || (*w)->size() != static_cast<std::size_t>(shape.out))
      return rd.Fail(at + ".weight", expected);
    auto W = model.weight(l);
    for (int o = 0; o < shape.out; ++o) {
      if (!rd.Numbers((**w)[o], at + ".weight", shape.in, &v).ok())
        return rd.Fail(at + ".weight", expected);
      for (int i = 0; i < shape.in; ++i) W(o, i) = v[i];
    }
    auto b = rd.Get(L, "bias", at + ".bias");
    if (!b.ok()) return b.status();
    AIRGRID_RETURN_IF_ERROR(rd.Numbers(**b, at + ".bias", shape.out, &v));
    auto B = model.bias(l);
    for (int o = 0; o < shape.out; ++o) B[o] = v[o];
  }
  return model;
}

Result<MlpModel> LoadMlpModel(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidInput(path + ": not valid JSON (byte " + std::to_string(e.byte) +
                                "): expected an airgrid MLP model file");
  } catch (const nlohmann::json::exception&) {  // e.g. a number >= 1.8e308
    return Status::InvalidInput(path + ": a number is out of range (beyond +-1.8e308): expected "
                                       "an airgrid MLP model file");
  }
  return MlpModelFromJson(j, path);
}

}  // namespace airgrid::learn
