// Issue 11: every user string of a grid file (title, description, labels, descriptions, units,
// rationales, evidence, provenance, not-assessed and veto reasons, notes, setup, series) reaches
// the HTML report escaped: no tag, attribute or entity of the input survives as markup.
#include <iostream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "airgrid/grid/grid_file.h"
#include "airgrid/grid/report.h"

namespace airgrid::grid {
namespace {

// Every string the grid file can carry, each with markup and a bare ampersand.
const char* kHostile = "<script>alert(1)</script> & \\\"q\\\" 'a' <img src=x onerror=alert(2)>";

std::string HostileGrid() {
  const std::string h = kHostile;
  return R"({"title": "T )" + h + R"(", "description": "D )" + h + R"(",
    "alternatives": [{"id": "a", "label": "A )" + h + R"(", "description": "AD )" + h + R"("},
                     {"id": "b", "label": "B )" + h + R"("}],
    "criteria": [
      {"id": "x", "label": "X )" + h + R"(", "description": "XD )" + h + R"(", "area": "performance",
       "unit": "s )" + h + R"(", "direction": "lower", "veto": {"threshold": 5, "reason": "VR )" + h + R"("}},
      {"id": "y", "label": "Y )" + h + R"(", "area": "environment", "unit": "kWh", "direction": "lower"},
      {"id": "need", "scale": "ordinal"}],
    "values": {
      "a": {"x": {"value": 1, "uncertainty": 0.1, "provenance": {"kind": "modelled", "by": "BY )" + h + R"(",
                                                               "method": "M )" + h + R"(", "source": "S )" + h + R"("}},
            "y": {"not_assessed": "NA )" + h + R"("},
            "need": {"level": 2, "rationale": "R )" + h + R"(", "evidence": "E )" + h + R"("}},
      "b": {"x": 9, "y": 2, "need": {"level": 3, "rationale": "R2 )" + h + R"("}}},
    "series": [{"id": "s", "title": "ST )" + h + R"(", "kind": "groups", "unit": "u )" + h + R"(",
                "note": "N )" + h + R"(", "categories": ["C )" + h + R"(", "c2"],
                "data": {"a": [1, 2], "b": [2, null]}}],
    "setup": [{"label": "L )" + h + R"(", "value": "V )" + h + R"("}]})";
}

TEST(RenderHtml, EscapesEveryUserString) {
  auto f = ParseGridFile(HostileGrid(), "/nonexistent/hostile.grid.json");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto report = BuildReport(std::move(f->grid), std::move(f->options));
  ASSERT_TRUE(report.ok()) << report.status().message();
  const std::string html = RenderHtml(*report);
  // The strings are there, escaped...
  for (const char* tag : {"T ", "D ", "A ", "B ", "X ", "XD ", "VR ", "BY ", "M ", "NA ", "R ", "E ",
                          "ST ", "N ", "C ", "L ", "V "}) {
    EXPECT_NE(html.find(std::string(tag) + "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "), std::string::npos)
        << tag;
  }
  // ...and none of their markup is: no script element, no injected attribute or element.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  // Every '&' starts an entity (a bare "& " is user text that escaped escaping).
  const std::regex entity("^&(amp|lt|gt|quot|#39|#[0-9]+|[a-z]+);");
  for (size_t p = html.find('&'); p != std::string::npos; p = html.find('&', p + 1))
    ASSERT_TRUE(std::regex_search(html.substr(p, 12), entity)) << html.substr(p > 40 ? p - 40 : 0, 80);
}

TEST(RenderMarkdown, EscapesEveryUserString) {
  auto f = ParseGridFile(HostileGrid(), "/nonexistent/hostile.grid.json");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto report = BuildReport(std::move(f->grid), std::move(f->options));
  ASSERT_TRUE(report.ok()) << report.status().message();
  const std::string md = RenderMarkdown(*report);
  for (const char* tag : {"T ", "D ", "A ", "B ", "X ", "VR ", "NA ", "R ", "E ", "L ", "V "})
    EXPECT_NE(md.find(std::string(tag) + "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "), std::string::npos) << tag;
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  // The report's own emphasis stays markup: the best value is bold, not "\*\*".
  EXPECT_NE(md.find("| **1.00 ± 0.10** |"), std::string::npos);
  EXPECT_EQ(md.find("\\*\\*"), std::string::npos);
  if (::testing::Test::HasFailure()) std::cerr << md;
}

}  // namespace
}  // namespace airgrid::grid
