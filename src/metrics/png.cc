#include "airgrid/metrics/png.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace airgrid::metrics {
namespace {

// Largest image accepted: 2^28 pixels (16384 x 16384), checked before any allocation, so a
// header of a few bytes cannot claim gigabytes (docs/formats.md, "Input limits").
constexpr size_t kMaxPixels = size_t{1} << 28;
// deflate cannot expand more than about 1032:1.
constexpr size_t kMaxDeflateRatio = 1032;

Status Bad(const std::string& name, const std::string& what) {
  return Status::InvalidInput(name + ": " + what);
}

uint32_t Be32(const std::string& s, size_t at) {
  return (uint32_t{static_cast<unsigned char>(s[at])} << 24) |
         (uint32_t{static_cast<unsigned char>(s[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(s[at + 2])} << 8) |
         uint32_t{static_cast<unsigned char>(s[at + 3])};
}

int Paeth(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// The header fields and the concatenated IDAT data.
Status ReadChunks(const std::string& s, const std::string& name, PngImage* img, std::string* idat) {
  size_t pos = 8;
  bool have_header = false;
  while (pos + 12 <= s.size()) {
    const uint32_t len = Be32(s, pos);
    if (len > s.size() - pos - 12) return Bad(name, "PNG chunk runs past the end of the file");
    const std::string type = s.substr(pos + 4, 4);
    const size_t data = pos + 8;
    if (type == "IHDR") {
      if (len < 13) return Bad(name, "PNG IHDR chunk too short");
      img->width = Be32(s, data);
      img->height = Be32(s, data + 4);
      img->depth = static_cast<unsigned char>(s[data + 8]);
      img->colour = static_cast<unsigned char>(s[data + 9]);
      if (s[data + 12] != 0) return Bad(name, "interlaced PNG is not supported; save it non-interlaced");
      have_header = true;
    } else if (type == "IDAT") {
      idat->append(s, data, len);
    } else if (type == "IEND") {
      break;
    }
    pos = data + len + 4;  // skip CRC
  }
  if (!have_header) return Bad(name, "PNG without IHDR chunk");
  return Status::Ok();
}

Status CheckLayout(const std::string& name, PngImage* img) {
  if (img->width == 0 || img->height == 0 || img->width > 65536 || img->height > 65536)
    return Bad(name, "PNG size out of range");
  switch (img->colour) {
    case 0: img->channels = 1; break;  // grey
    case 2: img->channels = 3; break;  // RGB
    case 3: img->channels = 1; break;  // palette index
    case 4: img->channels = 2; break;  // grey + alpha
    case 6: img->channels = 4; break;  // RGBA
    default: return Bad(name, "PNG colour type " + std::to_string(img->colour) + " is invalid");
  }
  const int depth = img->depth;
  if (!(depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16) ||
      (depth < 8 && img->channels != 1) || (img->colour == 3 && depth == 16))
    return Bad(name, "PNG bit depth " + std::to_string(depth) + " is invalid for colour type " +
                         std::to_string(img->colour));
  if (size_t{img->width} * img->height > kMaxPixels)
    return Bad(name, "PNG size " + std::to_string(img->width) + " x " + std::to_string(img->height) +
                         " is above the limit of 268435456 pixels (16384 x 16384)");
  const size_t bits_pp = static_cast<size_t>(img->channels) * static_cast<size_t>(depth);
  img->row_bytes = (static_cast<size_t>(img->width) * bits_pp + 7) / 8;
  return Status::Ok();
}

// Undoes the per-row filters of img->rows in place (row y's filter reads row y - 1, already done).
Status Unfilter(const std::string& name, PngImage* img) {
  const size_t row_bytes = img->row_bytes;
  const size_t bpp = std::max<size_t>(1, static_cast<size_t>(img->channels * img->depth) / 8);
  const std::vector<uint8_t> zero(row_bytes, 0);
  for (uint32_t y = 0; y < img->height; ++y) {
    uint8_t* line = img->rows.data() + size_t{y} * (row_bytes + 1);
    uint8_t* cur = line + 1;
    const uint8_t* prev = y == 0 ? zero.data() : cur - (row_bytes + 1);
    const int filter = line[0];
    for (size_t i = 0; i < row_bytes; ++i) {
      const int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      int pred;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: pred = Paeth(a, b, c); break;
        default:
          return Bad(name, "PNG row " + std::to_string(y) + " has unknown filter " + std::to_string(filter));
      }
      cur[i] = static_cast<uint8_t>(cur[i] + pred);
    }
  }
  return Status::Ok();
}

}  // namespace

unsigned PngImage::Sample(uint32_t x, uint32_t y, int channel) const {
  const uint8_t* row = rows.data() + size_t{y} * (row_bytes + 1) + 1;
  if (depth < 8) {
    const size_t bit = x * static_cast<size_t>(depth);
    return (row[bit / 8] >> (8 - depth - bit % 8)) & ((1u << depth) - 1);
  }
  const size_t bytes = static_cast<size_t>(depth / 8);
  const uint8_t* p = row + (size_t{x} * static_cast<size_t>(channels) + static_cast<size_t>(channel)) * bytes;
  return bytes == 1 ? p[0] : (unsigned{p[0]} << 8) | p[1];
}

Result<PngImage> DecodePng(const std::string& s, const std::string& name) {
  if (s.size() < 8 || std::memcmp(s.data(), "\x89PNG\r\n\x1a\n", 8) != 0)
    return Bad(name, "not a PNG (no PNG signature)");
  PngImage img;
  std::string idat;
  AIRGRID_RETURN_IF_ERROR(ReadChunks(s, name, &img, &idat));
  AIRGRID_RETURN_IF_ERROR(CheckLayout(name, &img));
  if ((img.row_bytes + 1) * img.height > idat.size() * kMaxDeflateRatio + 1024)
    return Bad(name, "PNG image data: " + std::to_string(idat.size()) + " compressed bytes cannot hold " +
                         std::to_string(img.width) + " x " + std::to_string(img.height) + " pixels");
  img.rows.resize((img.row_bytes + 1) * img.height);
  uLongf raw_len = img.rows.size();
  if (uncompress(img.rows.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_len != img.rows.size())
    return Bad(name, "PNG image data is corrupt or truncated");
  AIRGRID_RETURN_IF_ERROR(Unfilter(name, &img));
  return img;
}

}  // namespace airgrid::metrics
