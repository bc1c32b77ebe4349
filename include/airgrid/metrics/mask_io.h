// Reading binary segmentation masks: PGM (P2 text or P5 binary, maxval up to 65535), PNG
// (non-interlaced; greyscale 1/2/4/8/16-bit, RGB, grey+alpha, RGBA 8/16-bit, palette; decoded
// with zlib), or CSV (a matrix of numbers, no header). A pixel is foreground when it is non-zero
// (for colour images: when any colour channel is non-zero; alpha is ignored; for palette images:
// when its palette index is non-zero). The format is chosen by content (magic bytes), not name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid::metrics {

struct Mask {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // row-major, 1 = foreground, 0 = background
};

Result<Mask> ReadMask(const std::string& path);
Result<Mask> ParseMask(const std::string& bytes, const std::string& name);

}  // namespace airgrid::metrics
