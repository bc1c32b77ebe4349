// The one PNG decoder: non-interlaced images of every colour type and bit depth of the PNG
// specification (greyscale 1/2/4/8/16-bit, RGB, grey+alpha, RGBA 8/16-bit, palette 1..8-bit),
// decoded with zlib into unfiltered samples. mask_io reads masks with it; tests read
// screenshots with it. Sizes are checked against the header before any allocation: at most
// 2^28 pixels (16384 x 16384), and no more pixels than the compressed data can hold.
// Errors are InvalidInput naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

struct PngImage {
  uint32_t width = 0, height = 0;
  int depth = 0;     // bits per sample
  int colour = 0;    // PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA
  int channels = 0;  // samples per pixel (1 for a palette index)
  size_t row_bytes = 0;        // samples of one row, packed
  // height x (1 + row_bytes): each row's filter-type byte, then its samples with the filter
  // undone (decoded in place: one buffer the size of the inflated data).
  std::vector<uint8_t> rows;

  // Sample `channel` of pixel (x, y): 0..2^depth-1 (a palette index for colour type 3).
  unsigned Sample(uint32_t x, uint32_t y, int channel) const;
  // Channels that carry colour (alpha left out).
  int ColourChannels() const { return colour == 4 || colour == 6 ? channels - 1 : channels; }
};

// `bytes` is the whole file; `name` is used in messages.
Result<PngImage> DecodePng(const std::string& bytes, const std::string& name);

}  // namespace airgrid::metrics
