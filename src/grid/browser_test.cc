// The browser test: renders the shipped example grid to HTML, opens it in headless Chromium with
// no network, and checks that it renders: the screenshot is not blank, the DOM after load holds one
// radar polygon per alternative, and the console stays silent (no errors, no blocked loads).
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
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

namespace airgrid::grid {
namespace {

namespace fs = std::filesystem;
constexpr const char* kChromium = "/usr/bin/chromium";

struct Image {
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;  // 0xRRGGBB
};

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

int Paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Decodes an 8-bit RGB or RGBA non-interlaced PNG (what Chromium writes). Empty image on failure.
Image DecodePng(const std::string& data, std::string* error) {
  Image img;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  if (data.size() < 8 || std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0) {
    *error = "not a PNG";
    return img;
  }
  std::string idat;
  int depth = 0, colour = 0, interlace = 0;
  for (size_t off = 8; off + 12 <= data.size();) {
    const uint32_t len = BigEndian32(p + off);
    const std::string type(data, off + 4, 4);
    if (off + 12 + len > data.size()) break;
    const unsigned char* body = p + off + 8;
    if (type == "IHDR") {
      img.width = static_cast<int>(BigEndian32(body));
      img.height = static_cast<int>(BigEndian32(body + 4));
      depth = body[8];
      colour = body[9];
      interlace = body[12];
    } else if (type == "IDAT") {
      idat.append(reinterpret_cast<const char*>(body), len);
    }
    off += 12 + len;
  }
  if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0) {
    *error = "unsupported PNG layout (depth " + std::to_string(depth) + ", colour type " + std::to_string(colour) + ")";
    return {};
  }
  const int bpp = colour == 6 ? 4 : 3;
  const size_t stride = static_cast<size_t>(img.width) * bpp;
  std::vector<unsigned char> raw((stride + 1) * static_cast<size_t>(img.height));
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_len != raw.size()) {
    *error = "zlib could not inflate the image data";
    return {};
  }
  std::vector<unsigned char> prev(stride, 0), cur(stride);
  img.pixels.reserve(static_cast<size_t>(img.width) * img.height);
  for (int y = 0; y < img.height; ++y) {
    const unsigned char* line = raw.data() + static_cast<size_t>(y) * (stride + 1);
    const int filter = line[0];
    for (size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<size_t>(bpp) ? cur[i - bpp] : 0, b = prev[i],
                c = i >= static_cast<size_t>(bpp) ? prev[i - bpp] : 0;
      int pred = 0;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: pred = Paeth(a, b, c); break;
        default: *error = "bad PNG filter"; return {};
      }
      cur[i] = static_cast<unsigned char>(line[1 + i] + pred);
    }
    for (int x = 0; x < img.width; ++x) {
      const unsigned char* px = cur.data() + static_cast<size_t>(x) * bpp;
      img.pixels.push_back((uint32_t{px[0]} << 16) | (uint32_t{px[1]} << 8) | px[2]);
    }
    std::swap(prev, cur);
  }
  return img;
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
    auto r = BuildReport(std::move(f->grid), std::move(f->options));
    ASSERT_TRUE(r.ok()) << r.status().message();
    html_ = dir_ / "report.html";
    ASSERT_TRUE(WriteFileAtomic(html_.string(), RenderHtml(*r)).ok());
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
  fs::path dir_, html_;
  size_t alternatives_ = 0;
};

TEST_F(BrowserTest, DomHasOneRadarPolygonPerAlternativeAndNoConsoleMessages) {
  std::string dom, log;
  const int rc = RunChromium("--dump-dom", "file://" + html_.string(), dir_, &dom, &log);
  ASSERT_EQ(rc, 0) << log;
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped; chromium said:\n" << log;
  size_t polygons = 0;
  for (size_t p = dom.find("class=\"radar-series\""); p != std::string::npos; p = dom.find("class=\"radar-series\"", p + 1))
    ++polygons;
  EXPECT_EQ(polygons, alternatives_);
  EXPECT_NE(dom.find("id=\"pareto\""), std::string::npos);
  const auto console = ConsoleLines(log);
  EXPECT_TRUE(console.empty()) << "console messages:\n" << console.front();
}

TEST_F(BrowserTest, ScreenshotIsNotBlank) {
  const fs::path png = dir_ / "shot.png";
  std::string out, log;
  const int rc = RunChromium("--hide-scrollbars --window-size=1280,2000 --screenshot=" + png.string(),
                             "file://" + html_.string(), dir_, &out, &log);
  ASSERT_EQ(rc, 0) << log;
  auto data = ReadFile(png.string());
  ASSERT_TRUE(data.ok()) << "no screenshot written; chromium said:\n" << log;
  std::string error;
  Image img = DecodePng(*data, &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(img.width, 1280);
  ASSERT_EQ(img.height, 2000);
  size_t non_white = 0;
  std::set<uint32_t> colours;
  for (uint32_t px : img.pixels) {
    if (px != 0xFFFFFF) ++non_white;
    if (colours.size() < 4096) colours.insert(px);
  }
  const double coverage = static_cast<double>(non_white) / static_cast<double>(img.pixels.size());
  // Text, table rules and charts: a rendered report inks a few per cent of the page at least,
  // in many colours (antialiased text plus the palette); a blank or error page does not.
  EXPECT_GT(coverage, 0.02) << "non-white fraction " << coverage;
  EXPECT_GT(colours.size(), 50u);
  // The palette's blue (#0072B2), drawn by the radar and the scatter, must appear.
  EXPECT_GT(std::count(img.pixels.begin(), img.pixels.end(), 0x0072B2u), 0);
  const auto console = ConsoleLines(log);
  EXPECT_TRUE(console.empty()) << "console messages:\n" << console.front();
}

}  // namespace
}  // namespace airgrid::grid
