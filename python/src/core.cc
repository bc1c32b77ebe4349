// airgrid._core: the C++ library behind the Python package (python/airgrid/). Thin: every
// function converts Python values, calls the library and turns a Status into an exception whose
// message is the library's (the CLI prints the same text): InvalidInput/NotFound → ValueError,
// anything else → RuntimeError. Records cross as JSON text, parsed on the Python side.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "airgrid/grid/grid_file.h"
#include "airgrid/grid/report.h"
#include "airgrid/measure/supervisor.h"
#include "airgrid/measure/tracker.h"
#include "airgrid/metrics/classification.h"
#include "airgrid/metrics/group_frame.h"
#include "airgrid/metrics/regression.h"
#include "airgrid/metrics/segmentation.h"

namespace py = pybind11;

namespace airgrid::python {
namespace {

[[noreturn]] void Raise(const Status& st) {
  if (st.ExitCode() == 2) throw py::value_error(st.message());
  throw std::runtime_error(st.message());
}

template <typename T>
T Take(Result<T> r) {
  if (!r.ok()) Raise(r.status());
  return std::move(r).value();
}

// One Python Tracker: this process (its CPU time, its resident memory) on this machine.
class PyTracker {
 public:
  PyTracker(double interval_s, const std::string& attribution, const std::string& country, double carbon_intensity,
            double pue) {
    measure::CarbonOptions c;
    c.country = country;
    c.carbon_intensity = carbon_intensity;
    c.pue = pue;
    measure::TrackerOptions o;
    if (!(interval_s >= 0)) throw py::value_error("interval_s: expected seconds >= 0, got " + std::to_string(interval_s));
    o.interval_s = interval_s;
    o.attribution = Take(measure::ParseAttribution(attribution, "attribution"));
    o.carbon = Take(measure::CarbonFromOptions(c));
    tracker_ = measure::Tracker::ForThisProcess(o);
  }
  void Start() {
    if (tracker_->running()) throw std::runtime_error("Tracker.start: already started");
    if (Status st = tracker_->Start(); !st.ok()) Raise(st);
  }
  bool running() const { return tracker_->running(); }
  std::string Stop() {
    if (!tracker_->running()) throw std::runtime_error("Tracker.stop: the tracker was not started (call start() first)");
    // Phases still open end with the run.
    py::gil_scoped_release release;
    auto r = tracker_->Stop();
    if (!r.ok()) Raise(r.status());
    open_.clear();
    return r->ToJson().dump();
  }
  int Begin(const std::string& name) {
    if (!tracker_->running()) throw std::runtime_error("Tracker.phase('" + name + "'): the tracker was not started");
    open_[next_] = tracker_->Begin(name);
    return next_++;
  }
  std::string End(int token) {
    auto it = open_.find(token);
    if (it == open_.end()) throw std::runtime_error("Tracker: phase already ended or unknown");
    std::string json = tracker_->End(it->second).ToJson().dump();
    open_.erase(it);
    return json;
  }

 private:
  std::unique_ptr<measure::Tracker> tracker_;
  std::map<int, measure::PhaseMark> open_;
  int next_ = 0;
};

py::dict ClassificationDict(const metrics::ClassificationReport& r) {
  py::dict d;
  d["labels"] = r.labels;
  d["confusion"] = r.confusion;
  d["accuracy"] = r.accuracy;
  d["precision"] = r.precision;
  d["recall"] = r.recall;
  d["f1"] = r.f1;
  d["class_precision"] = r.class_precision;
  d["class_recall"] = r.class_recall;
  d["class_f1"] = r.class_f1;
  d["support"] = r.support;
  d["ill_defined"] = r.ill_defined;
  d["n"] = r.n;
  return d;
}

metrics::ClassificationOptions Options(const std::string& average, const std::string& pos_label,
                                       const std::string& zero_division) {
  metrics::ClassificationOptions o;
  o.average = Take(metrics::ParseAverage(average));
  o.zero_division = Take(metrics::ParseZeroDivision(zero_division));
  o.pos_label = pos_label;
  return o;
}

py::dict Classify(const std::vector<std::string>& truth, const std::vector<std::string>& pred,
                  const std::string& average, const std::string& pos_label, const std::string& zero_division) {
  return ClassificationDict(Take(metrics::Classification(truth, pred, Options(average, pos_label, zero_division))));
}

py::dict Regress(const std::vector<double>& truth, const std::vector<double>& pred) {
  auto r = Take(metrics::Regression(truth, pred));
  py::dict d;
  d["mae"] = r.mae;
  d["rmse"] = r.rmse;
  d["r2"] = r.r2;
  d["n"] = r.n;
  return d;
}

py::dict Segment(const std::vector<uint8_t>& truth, const std::vector<uint8_t>& pred, const std::string& empty) {
  auto r = Take(metrics::Segmentation(truth, pred, Take(metrics::ParseEmptyMask(empty))));
  py::dict d;
  d["dice"] = r.dice;
  d["iou"] = r.iou;
  d["tp"] = r.tp;
  d["fp"] = r.fp;
  d["fn"] = r.fn;
  d["tn"] = r.tn;
  d["both_empty"] = r.both_empty;
  return d;
}

// A classification metric per group (Fairlearn's MetricFrame): accuracy, precision, recall, f1
// or selection_rate (share of predictions equal to pos_label).
py::dict ByGroup(const std::string& metric, const std::vector<std::string>& truth, const std::vector<std::string>& pred,
                 const std::vector<std::string>& groups, const std::string& average, const std::string& pos_label,
                 const std::string& zero_division) {
  if (truth.size() != pred.size() || truth.size() != groups.size())
    throw py::value_error("sensitive_features: expected one group per sample (" + std::to_string(truth.size()) +
                          "), got " + std::to_string(groups.size()));
  if (metric != "accuracy" && metric != "precision" && metric != "recall" && metric != "f1" && metric != "selection_rate")
    throw py::value_error("metric: expected accuracy, precision, recall, f1 or selection_rate, got '" + metric + "'");
  const metrics::ClassificationOptions o = Options(average, pos_label, zero_division);
  auto score = [&](std::span<const size_t> idx) -> Result<double> {
    std::vector<std::string> t, p;
    for (size_t i : idx) {
      t.push_back(truth[i]);
      p.push_back(pred[i]);
    }
    if (metric == "selection_rate") {
      double hits = 0;
      for (const std::string& x : p) hits += x == pos_label;
      return p.empty() ? 0.0 : hits / static_cast<double>(p.size());
    }
    auto r = metrics::Classification(t, p, o);
    if (!r.ok()) return r.status();
    if (metric == "accuracy") return r->accuracy;
    if (metric == "precision") return r->precision;
    if (metric == "recall") return r->recall;
    return r->f1;
  };
  auto f = Take(metrics::ByGroup(groups, score));
  py::dict d;
  d["groups"] = f.groups;
  d["counts"] = f.counts;
  d["by_group"] = f.by_group;
  d["overall"] = f.overall;
  d["difference"] = f.difference;
  d["ratio"] = f.ratio;
  return d;
}

// Renders a grid file's text exactly as `airgrid grid` does (`path` names it in messages and
// anchors relative paths); `provenance` (JSON object text) is copied into JSON and HTML.
std::string RenderGrid(const std::string& text, const std::string& path, const std::string& format,
                       const std::string& provenance) {
  if (format != "html" && format != "markdown" && format != "json" && format != "text")
    throw py::value_error("format: expected html, markdown, json or text, got '" + format + "'");
  grid::GridFile file = Take(grid::ParseGridFile(text, path));
  file.options.provenance = nlohmann::json::parse(provenance);
  auto report = grid::BuildReport(std::move(file.grid), std::move(file.options));
  if (!report.ok()) throw py::value_error(path + ": " + report.status().message());
  if (format == "html") return grid::RenderHtml(*report);
  if (format == "markdown") return grid::RenderMarkdown(*report);
  if (format == "json") return grid::RenderJson(*report).dump(2) + "\n";
  return grid::RenderText(*report);
}

}  // namespace
}  // namespace airgrid::python

PYBIND11_MODULE(_core, m) {
  using namespace airgrid::python;
  m.doc() = "airgrid's C++ library (measure, metrics, grid); use the `airgrid` package instead.";
  m.attr("codecarbon_version") = airgrid::measure::kCodeCarbonVersion;
  m.attr("__version__") = AIRGRID_VERSION;
  py::class_<PyTracker>(m, "Tracker")
      .def(py::init<double, const std::string&, const std::string&, double, double>(), py::arg("interval_s"),
           py::arg("attribution"), py::arg("country"), py::arg("carbon_intensity"), py::arg("pue"))
      .def("start", &PyTracker::Start)
      .def("stop", &PyTracker::Stop)
      .def("begin", &PyTracker::Begin)
      .def("end", &PyTracker::End)
      .def_property_readonly("running", &PyTracker::running);
  m.def("classification", &Classify);
  m.def("regression", &Regress);
  m.def("segmentation", &Segment);
  m.def("by_group", &ByGroup);
  m.def("render_grid", &RenderGrid);
}
