#include "airgrid/metrics/png.h"

#include <gtest/gtest.h>

#include "metrics/png_test_util.h"

namespace airgrid::metrics {
namespace {

using testing::MakePng;

// 8-bit RGB 2x2 (what a browser screenshot is, in small): row 0 filter Sub, row 1 filter Paeth.
// Row 0 raw [10 20 30 | 5 5 5]: Sub adds the pixel to the left → (10,20,30), (15,25,35).
// Row 1 raw [1 1 1 | 0 0 0]: Paeth of (a=left, b=up, c=up-left); first pixel a=c=0 → b:
// (11,21,31); second pixel a=(11,21,31), b=(15,25,35), c=(10,20,30): p=a+b-c=(16,26,36),
// |p-a|=5, |p-b|=1, |p-c|=6 → b → (15,25,35).
TEST(Png, DecodesRgbWithSubAndPaethFilters) {
  const std::string rows = std::string("\x01\x0a\x14\x1e\x05\x05\x05", 7) + std::string("\x04\x01\x01\x01\x00\x00\x00", 7);
  auto img = DecodePng(MakePng(2, 2, 8, 2, rows), "s.png");
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_EQ(img->width, 2u);
  EXPECT_EQ(img->channels, 3);
  EXPECT_EQ(img->ColourChannels(), 3);
  const unsigned want[2][2][3] = {{{10, 20, 30}, {15, 25, 35}}, {{11, 21, 31}, {15, 25, 35}}};
  for (uint32_t y = 0; y < 2; ++y)
    for (uint32_t x = 0; x < 2; ++x)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(img->Sample(x, y, c), want[y][x][c]) << x << "," << y << "," << c;
}

TEST(Png, SixteenBitGreyAlphaAndTwoBitPalette) {
  // Grey+alpha 16-bit, one pixel: grey 0x1234, alpha 0xffff; alpha is not a colour channel.
  auto ga = DecodePng(MakePng(1, 1, 16, 4, std::string("\x00\x12\x34\xff\xff", 5)), "ga.png");
  ASSERT_TRUE(ga.ok()) << ga.status().message();
  EXPECT_EQ(ga->Sample(0, 0, 0), 0x1234u);
  EXPECT_EQ(ga->Sample(0, 0, 1), 0xffffu);
  EXPECT_EQ(ga->ColourChannels(), 1);
  // Palette 2-bit, 3 pixels: bits 11 01 10 (00) → indices 3, 1, 2.
  auto pal = DecodePng(MakePng(3, 1, 2, 3, std::string("\x00\xd8", 2)), "p.png");
  ASSERT_TRUE(pal.ok()) << pal.status().message();
  EXPECT_EQ(pal->Sample(0, 0, 0), 3u);
  EXPECT_EQ(pal->Sample(1, 0, 0), 1u);
  EXPECT_EQ(pal->Sample(2, 0, 0), 2u);
}

TEST(Png, ErrorsNameTheFile) {
  auto not_png = DecodePng("P5 1 1 255\n\x01", "x.pgm");
  ASSERT_FALSE(not_png.ok());
  EXPECT_EQ(not_png.status().message(), "x.pgm: not a PNG (no PNG signature)");
  auto bad_filter = DecodePng(MakePng(1, 1, 8, 0, std::string("\x07\x00", 2)), "f.png");
  ASSERT_FALSE(bad_filter.ok());
  EXPECT_EQ(bad_filter.status().message(), "f.png: PNG row 0 has unknown filter 7");
  auto bad_depth = DecodePng(MakePng(1, 1, 4, 2, std::string("\x00\x00", 2)), "d.png");
  ASSERT_FALSE(bad_depth.ok());
  EXPECT_EQ(bad_depth.status().message(), "d.png: PNG bit depth 4 is invalid for colour type 2");
}

}  // namespace
}  // namespace airgrid::metrics
