// The browser test: renders the shipped example grid to HTML, opens it in headless Chromium with
// no network, and checks that it renders: the screenshot is not blank, the DOM after load holds the
// per-area charts, and the console stays silent (no errors, no blocked loads). A second page, the
// same report with a measuring script appended (and the report's no-script policy lifted for it),
// checks in the browser's own layout that no two chart labels overlap, and the DOM that no value
// that is not assessed is drawn as a dot, bar or segment.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "airgrid/base/atomic_file.h"
#include "airgrid/grid/grid_file.h"
#include "airgrid/grid/report.h"
#include "airgrid/metrics/png.h"

namespace airgrid::grid {
namespace {

namespace fs = std::filesystem;
constexpr const char* kChromium = "/usr/bin/chromium";

// 0xRRGGBB of every pixel of an 8-bit RGB or RGBA PNG (what Chromium writes), row by row,
// decoded by the library's one PNG decoder.
Result<std::vector<uint32_t>> RgbPixels(const std::string& data, const std::string& name, metrics::PngImage* img) {
  auto png = metrics::DecodePng(data, name);
  if (!png.ok()) return png.status();
  *img = std::move(png).value();
  if (img->depth != 8 || (img->colour != 2 && img->colour != 6))
    return Status::InvalidInput(name + ": unsupported PNG layout (depth " + std::to_string(img->depth) +
                                ", colour type " + std::to_string(img->colour) + ")");
  std::vector<uint32_t> pixels;
  pixels.reserve(size_t{img->width} * img->height);
  for (uint32_t y = 0; y < img->height; ++y)
    for (uint32_t x = 0; x < img->width; ++x)
      pixels.push_back((img->Sample(x, y, 0) << 16) | (img->Sample(x, y, 1) << 8) | img->Sample(x, y, 2));
  return pixels;
}

// Runs chromium headless on `url` with `mode` flags; returns stdout, fills `log` with stderr.
int RunChromium(const std::string& mode, const std::string& url, const fs::path& dir, std::string* out,
                std::string* log) {
  const fs::path profile = dir / ("profile" + std::to_string(std::rand()));
  const fs::path out_file = dir / "stdout.txt", err_file = dir / "stderr.txt";
  // No network: every host resolves nowhere and the proxy is a closed port.
  const std::string cmd =
      std::string("timeout 90 ") + kChromium +
      " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
      " --disable-sync --no-first-run --disable-default-apps --disable-extensions"
      " --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9"
      " --enable-logging=stderr --v=0 --user-data-dir=" + profile.string() + " " + mode + " '" + url + "' >" +
      out_file.string() + " 2>" + err_file.string();
  const int rc = std::system(cmd.c_str());
  auto o = ReadFile(out_file.string());
  auto e = ReadFile(err_file.string());
  *out = o.ok() ? *o : "";
  *log = e.ok() ? *e : "";
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed; the browser test needs it";
    dir_ = fs::temp_directory_path() / ("airgrid_browser_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto f = LoadGridFile(std::string(AIRGRID_SOURCE_DIR) + "/examples/image-classifiers.grid.json");
    ASSERT_TRUE(f.ok()) << f.status().message();
    alternatives_ = f->grid.num_alternatives();
    // Values that are not assessed, on a criterion and in a series: they must not be drawn.
    ASSERT_TRUE(f->grid.Set("vit_b_16", "top1", Value::NotAssessed("browser test: withheld")).ok());
    Series s{"na_test", "Not-assessed test", Series::Kind::kGroups, "kWh", "", false, {"dev", "use"},
             {{"resnet50", {1, 2}}, {"vit_b_16", {std::nan(""), 3}}}};
    ASSERT_TRUE(f->grid.AddSeries(s).ok());
    for (size_t a = 0; a < f->grid.num_alternatives(); ++a)
      for (size_t c = 0; c < f->grid.num_criteria(); ++c)
        if (!f->grid.at(a, c).assessed())
          not_assessed_.insert("data-alternative=\"" + f->grid.alternatives()[a].id + "\" data-criterion=\"" +
                               f->grid.criteria()[c].id + "\"");
    not_assessed_.insert("data-alternative=\"vit_b_16\" data-category=\"dev\"");
    auto r = BuildReport(std::move(f->grid), std::move(f->options));
    ASSERT_TRUE(r.ok()) << r.status().message();
    html_ = dir_ / "report.html";
    const std::string html = RenderHtml(*r);
    ASSERT_TRUE(WriteFileAtomic(html_.string(), html).ok());
    measured_ = dir_ / "measured.html";
    ASSERT_TRUE(WriteFileAtomic(measured_.string(), WithMeasuringScript(html)).ok());
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  // Console messages of the page, as Chromium logs them ("CONSOLE(12)] ...").
  static std::vector<std::string> ConsoleLines(const std::string& log) {
    std::vector<std::string> lines;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
      if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) lines.push_back(line);
    return lines;
  }
  // The report with its Content-Security-Policy removed and a script that lists every pair of
  // overlapping <text> boxes inside each <svg>, as laid out by Chromium, into <pre id="overlaps">.
  static std::string WithMeasuringScript(std::string html) {
    const size_t csp = html.find("<meta http-equiv=\"Content-Security-Policy\"");
    if (csp != std::string::npos) html.erase(csp, html.find('>', csp) + 1 - csp);
    const std::string script = R"(<script>
(function () {
  const found = [];
  document.querySelectorAll('svg').forEach(function (svg) {
    const boxes = Array.from(svg.querySelectorAll('text')).map(function (t) {
      return {text: t.textContent, r: t.getBoundingClientRect()};
    }).filter(function (b) { return b.r.width > 0 && b.r.height > 0; });
    for (let i = 0; i < boxes.length; ++i)
      for (let j = i + 1; j < boxes.length; ++j) {
        const a = boxes[i].r, b = boxes[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 0.5 && dy > 0.5) found.push((svg.id || 'svg') + ': "' + boxes[i].text + '" overlaps "' + boxes[j].text + '"');
      }
  });
  const pre = document.createElement('pre');
  pre.id = 'overlaps';
  pre.textContent = 'LABELS ' + document.querySelectorAll('svg text').length + ' OVERLAPS ' + found.length + '\n' + found.join('\n');
  document.body.appendChild(pre);
})();
</script>)";
    html.insert(html.rfind("</body>"), script);
    return html;
  }
  fs::path dir_, html_, measured_;
  size_t alternatives_ = 0;
  std::set<std::string> not_assessed_;  // attribute text of the values that must not be drawn
};

size_t CountOf(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

TEST_F(BrowserTest, DomHasAreaChartsAndNoConsoleMessages) {
  std::string dom, log;
  const int rc = RunChromium("--dump-dom", "file://" + html_.string(), dir_, &dom, &log);
  ASSERT_EQ(rc, 0) << log;
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped; chromium said:\n" << log;
  EXPECT_GT(CountOf(dom, "class=\"area-chart\""), 0u);
  EXPECT_GE(CountOf(dom, "class=\"dot\""), alternatives_);
  EXPECT_NE(dom.find("id=\"pareto\""), std::string::npos);
  EXPECT_LT(dom.find("<h2>Findings</h2>"), dom.find("<h2>Setup</h2>"));
  const auto console = ConsoleLines(log);
  EXPECT_TRUE(console.empty()) << "console messages:\n" << console.front();
}

TEST_F(BrowserTest, NoTwoChartLabelsOverlapAndNothingNotAssessedIsDrawn) {
  std::string dom, log;
  const int rc = RunChromium("--dump-dom", "file://" + measured_.string(), dir_, &dom, &log);
  ASSERT_EQ(rc, 0) << log;
  const size_t at = dom.find("<pre id=\"overlaps\">");
  ASSERT_NE(at, std::string::npos) << "the measuring script did not run; chromium said:\n" << log;
  const std::string result = dom.substr(at, dom.find("</pre>", at) - at);
  size_t labels = 0, overlaps = 1;
  ASSERT_EQ(std::sscanf(result.c_str() + result.find("LABELS"), "LABELS %zu OVERLAPS %zu", &labels, &overlaps), 2) << result;
  EXPECT_GT(labels, 20u);  // the check looked at real labels
  EXPECT_EQ(overlaps, 0u) << result;
  // Every drawn value carries data-alternative/data-criterion (or data-category): none of them may
  // be a value that is not assessed.
  size_t drawn = 0;
  for (size_t p = dom.find("data-alternative=\""); p != std::string::npos; p = dom.find("data-alternative=\"", p + 1)) {
    ++drawn;
    const size_t end = dom.find('>', p);
    const std::string attrs = dom.substr(p, end - p);
    for (const std::string& na : not_assessed_) EXPECT_NE(attrs.find(na), 0u) << "drawn although not assessed: " << attrs;
  }
  EXPECT_GT(drawn, 10u);
  EXPECT_GE(not_assessed_.size(), 2u);
}

TEST_F(BrowserTest, ScreenshotIsNotBlank) {
  const fs::path png = dir_ / "shot.png";
  std::string out, log;
  const int rc = RunChromium("--hide-scrollbars --window-size=1280,2000 --screenshot=" + png.string(),
                             "file://" + html_.string(), dir_, &out, &log);
  ASSERT_EQ(rc, 0) << log;
  auto data = ReadFile(png.string());
  ASSERT_TRUE(data.ok()) << "no screenshot written; chromium said:\n" << log;
  metrics::PngImage img;
  auto pixels = RgbPixels(*data, png.string(), &img);
  ASSERT_TRUE(pixels.ok()) << pixels.status().message();
  ASSERT_EQ(img.width, 1280u);
  ASSERT_EQ(img.height, 2000u);
  size_t non_white = 0;
  std::set<uint32_t> colours;
  for (uint32_t px : *pixels) {
    if (px != 0xFFFFFF) ++non_white;
    if (colours.size() < 4096) colours.insert(px);
  }
  const double coverage = static_cast<double>(non_white) / static_cast<double>(pixels->size());
  // Text, table rules and charts: a rendered report inks a few per cent of the page at least,
  // in many colours (antialiased text plus the palette); a blank or error page does not.
  EXPECT_GT(coverage, 0.02) << "non-white fraction " << coverage;
  EXPECT_GT(colours.size(), 50u);
  // The palette's blue (#0072B2), drawn by the radar and the scatter, must appear.
  EXPECT_GT(std::count(pixels->begin(), pixels->end(), 0x0072B2u), 0);
  const auto console = ConsoleLines(log);
  EXPECT_TRUE(console.empty()) << "console messages:\n" << console.front();
}

}  // namespace
}  // namespace airgrid::grid
