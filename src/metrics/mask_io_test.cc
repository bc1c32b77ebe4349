#include "airgrid/metrics/mask_io.h"

#include <gtest/gtest.h>

#include "metrics/png_test_util.h"

namespace airgrid::metrics {
namespace {

using testing::Be32;
using testing::Chunk;
using testing::MakePng;

TEST(MaskIo, AsciiAndBinaryPgm) {
  auto a = ParseMask("P2\n# comment\n3 2\n255\n0 255 0\n1 0 0\n", "a.pgm");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->width, 3);
  EXPECT_EQ(a->pixels, (std::vector<uint8_t>{0, 1, 0, 1, 0, 0}));
  auto b = ParseMask(std::string("P5 2 1 255\n\x00\x07", 14), "b.pgm");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->pixels, (std::vector<uint8_t>{0, 1}));
  EXPECT_FALSE(ParseMask("P5 4 4 255\n\x01", "short.pgm").ok());
}

TEST(MaskIo, PngGreyWithFiltersAndOneBit) {
  // 8-bit grey 2×2: row 0 filter None [0, 9]; row 1 filter Up [+0, −9] → [0, 0].
  std::string rows = std::string("\x00\x00\x09", 3) + std::string("\x02\x00\xf7", 3);
  auto m = ParseMask(MakePng(2, 2, 8, 0, rows), "g.png");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->pixels, (std::vector<uint8_t>{0, 1, 0, 0}));
  // 1-bit grey 3×1: bits 101 → [1, 0, 1].
  auto one = ParseMask(MakePng(3, 1, 1, 0, std::string("\x00\xa0", 2)), "b.png");
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->pixels, (std::vector<uint8_t>{1, 0, 1}));
  // RGBA: alpha alone does not make a pixel foreground.
  auto rgba = ParseMask(MakePng(2, 1, 8, 6, std::string("\x00\x00\x00\x00\xff\x00\x10\x00\xff", 9)), "c.png");
  ASSERT_TRUE(rgba.ok()) << rgba.status().message();
  EXPECT_EQ(rgba->pixels, (std::vector<uint8_t>{0, 1}));
}

TEST(MaskIo, CorruptPngAndCsv) {
  std::string png = MakePng(2, 2, 8, 0, std::string(6, '\0'));
  EXPECT_FALSE(ParseMask(png.substr(0, png.size() - 20), "t.png").ok());
  auto c = ParseMask("0,1\n1,1\n", "m.csv");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pixels, (std::vector<uint8_t>{0, 1, 1, 1}));
  auto bad = ParseMask("0,x\n", "m.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("m.csv:1"), std::string::npos);
}


// Regression (issue 11): a 20-byte PGM claimed 65536 x 65536 and allocated 4.1 GB; a 45-byte PNG
// allocated 4 GB. Both must be refused from the header, before any allocation.
TEST(MaskIo, DeclaredSizeBeyondTheFileOrTheCapIsRefused) {
  for (const std::string& pgm : {std::string("P5 65536 65536 255\n\0\0", 22), std::string("P2 60000 60000 1\n0 1\n")}) {
    auto m = ParseMask(pgm, "bomb.pgm");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().message().rfind("bomb.pgm: PGM header", 0), 0u) << m.status().message();
  }
  std::string ihdr = Be32(65536) + Be32(65536) + std::string("\x08\x00\x00\x00\x00", 5);
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", "x") + Chunk("IEND", "");
  auto m = ParseMask(png, "bomb.png");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("limit"), std::string::npos) << m.status().message();
  ihdr = Be32(16000) + Be32(16000) + std::string("\x08\x00\x00\x00\x00", 5);
  png = std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", "x") + Chunk("IEND", "");
  m = ParseMask(png, "bomb.png");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("compressed bytes cannot hold"), std::string::npos) << m.status().message();
}

}  // namespace
}  // namespace airgrid::metrics
