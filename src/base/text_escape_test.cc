#include "airgrid/base/text_escape.h"

#include <gtest/gtest.h>

namespace airgrid {
namespace {

// Regression (issue 11): report.md carried user markup unescaped.
TEST(TextEscape, MarkdownAndHtmlSignificantCharactersAreEscaped) {
  EXPECT_EQ(EscapeMarkdown("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(EscapeMarkdown("a|b *c* [x](y) `z`"), "a\\|b \\*c\\* \\[x\\](y) \\`z\\`");
  EXPECT_EQ(EscapeMarkdown("two\nlines & \x1b[31mred"), "two lines &amp; \\[31mred");
  EXPECT_EQ(EscapeMarkdown("ViT-B/16 (ours) #1!"), "ViT-B/16 (ours) #1!");
  EXPECT_EQ(EscapeMarkdown("ViT\xc3\xa9"), "ViT\xc3\xa9");  // UTF-8 letters stay
}

// Regression: the terminal output printed escape sequences from input strings raw.
TEST(TextEscape, ControlCharactersNeverReachTheTerminal) {
  EXPECT_EQ(StripControl("ok\x1b[2Jcleared\r\a"), "ok?[2Jcleared??");
  EXPECT_EQ(StripControl("tab\tnewline\n"), "tab\tnewline\n");
  EXPECT_EQ(StripControl("c1:\xc2\x9b" "31m"), "c1:?31m");
  EXPECT_EQ(StripControl("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(EscapeHtml, EveryMarkupCharacterBecomesAnEntity) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("caf\xc3\xa9"), "caf\xc3\xa9");
}

}  // namespace
}  // namespace airgrid
