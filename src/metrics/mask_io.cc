#include "airgrid/metrics/mask_io.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"
#include "airgrid/base/csv.h"

namespace airgrid::metrics {
namespace {

Status Bad(const std::string& name, const std::string& what) {
  return Status::InvalidInput(name + ": " + what);
}

// Largest mask accepted: 2^28 pixels (16384 x 16384), checked before any allocation, so a
// header of a few bytes cannot claim gigabytes (docs/formats.md, "Input limits").
constexpr size_t kMaxMaskPixels = size_t{1} << 28;
// deflate cannot expand more than about 1032:1.
constexpr size_t kMaxDeflateRatio = 1032;

// --- PGM ----------------------------------------------------------------------------------
// Reads the next header token, skipping whitespace and '#' comments.
bool NextToken(const std::string& s, size_t* pos, long* value) {
  while (*pos < s.size()) {
    if (s[*pos] == '#') {
      while (*pos < s.size() && s[*pos] != '\n') ++*pos;
    } else if (std::isspace(static_cast<unsigned char>(s[*pos]))) {
      ++*pos;
    } else {
      break;
    }
  }
  size_t start = *pos;
  while (*pos < s.size() && std::isdigit(static_cast<unsigned char>(s[*pos]))) ++*pos;
  if (start == *pos) return false;
  *value = std::strtol(s.substr(start, *pos - start).c_str(), nullptr, 10);
  return true;
}

Result<Mask> ParsePgm(const std::string& s, const std::string& name) {
  const bool binary = s[1] == '5';
  size_t pos = 2;
  long w, h, maxval;
  if (!NextToken(s, &pos, &w) || !NextToken(s, &pos, &h) || !NextToken(s, &pos, &maxval))
    return Bad(name, "PGM header: expected width, height and maxval");
  if (w <= 0 || h <= 0 || w > 65536 || h > 65536 || maxval <= 0 || maxval > 65535)
    return Bad(name, "PGM header: width, height must be in 1..65536 and maxval in 1..65535");
  Mask m{static_cast<int>(w), static_cast<int>(h), {}};
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  if (n > kMaxMaskPixels)
    return Bad(name, "PGM header: " + std::to_string(w) + " x " + std::to_string(h) +
                         " pixels is above the limit of 268435456 (16384 x 16384)");
  // Every pixel needs at least one byte (binary) or two ("0 ", plain): the file must hold them.
  const size_t room = s.size() > pos ? s.size() - pos : 0;
  if (n > (binary ? room : room / 2 + 1))
    return Bad(name, "PGM header declares " + std::to_string(n) + " pixels but the file has " +
                         std::to_string(room) + " bytes of data");
  m.pixels.resize(n);
  if (binary) {
    ++pos;  // exactly one whitespace after maxval
    const size_t bpp = maxval > 255 ? 2 : 1;
    if (s.size() < pos + n * bpp)
      return Bad(name, "PGM data: expected " + std::to_string(n * bpp) + " bytes, found " +
                           std::to_string(s.size() - std::min(s.size(), pos)));
    for (size_t i = 0; i < n; ++i) {
      unsigned v = static_cast<unsigned char>(s[pos + i * bpp]);
      if (bpp == 2) v = (v << 8) | static_cast<unsigned char>(s[pos + i * bpp + 1]);
      m.pixels[i] = v != 0;
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      long v;
      if (!NextToken(s, &pos, &v))
        return Bad(name, "PGM data: expected " + std::to_string(n) + " values, found " +
                             std::to_string(i));
      m.pixels[i] = v != 0;
    }
  }
  return m;
}

// --- PNG ----------------------------------------------------------------------------------
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

Result<Mask> ParsePng(const std::string& s, const std::string& name) {
  size_t pos = 8;
  uint32_t w = 0, h = 0;
  int depth = 0, color = 0;
  std::string idat;
  bool have_header = false;
  while (pos + 12 <= s.size()) {
    const uint32_t len = Be32(s, pos);
    if (len > s.size() - pos - 12) return Bad(name, "PNG chunk runs past the end of the file");
    const std::string type = s.substr(pos + 4, 4);
    const size_t data = pos + 8;
    if (type == "IHDR") {
      if (len < 13) return Bad(name, "PNG IHDR chunk too short");
      w = Be32(s, data);
      h = Be32(s, data + 4);
      depth = static_cast<unsigned char>(s[data + 8]);
      color = static_cast<unsigned char>(s[data + 9]);
      if (s[data + 12] != 0) return Bad(name, "interlaced PNG is not supported; save it non-interlaced");
      have_header = true;
    } else if (type == "IDAT") {
      idat.append(s, data, len);
    } else if (type == "IEND") {
      break;
    }
    pos = data + len + 4;  // skip CRC
  }
  if (!have_header) return Bad(name, "PNG without IHDR chunk");
  if (w == 0 || h == 0 || w > 65536 || h > 65536) return Bad(name, "PNG size out of range");
  int channels;
  switch (color) {
    case 0: channels = 1; break;  // grey
    case 2: channels = 3; break;  // RGB
    case 3: channels = 1; break;  // palette index
    case 4: channels = 2; break;  // grey + alpha
    case 6: channels = 4; break;  // RGBA
    default: return Bad(name, "PNG colour type " + std::to_string(color) + " is invalid");
  }
  if (!(depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16) ||
      (depth < 8 && channels != 1) || (color == 3 && depth == 16))
    return Bad(name, "PNG bit depth " + std::to_string(depth) + " is invalid for colour type " +
                         std::to_string(color));
  const size_t bits_pp = static_cast<size_t>(channels) * static_cast<size_t>(depth);
  const size_t row_bytes = (static_cast<size_t>(w) * bits_pp + 7) / 8;
  const size_t bpp = std::max<size_t>(1, bits_pp / 8);
  if (size_t{w} * h > kMaxMaskPixels)
    return Bad(name, "PNG size " + std::to_string(w) + " x " + std::to_string(h) +
                         " is above the limit of 268435456 pixels (16384 x 16384)");
  if ((row_bytes + 1) * h > idat.size() * kMaxDeflateRatio + 1024)
    return Bad(name, "PNG image data: " + std::to_string(idat.size()) + " compressed bytes cannot hold " +
                         std::to_string(w) + " x " + std::to_string(h) + " pixels");
  std::string raw((row_bytes + 1) * h, '\0');
  uLongf raw_len = raw.size();
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_len,
                 reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_len != raw.size())
    return Bad(name, "PNG image data is corrupt or truncated");

  Mask m{static_cast<int>(w), static_cast<int>(h), std::vector<uint8_t>(size_t{w} * h)};
  std::vector<unsigned char> prev(row_bytes, 0), cur(row_bytes);
  for (uint32_t y = 0; y < h; ++y) {
    const unsigned char* in = reinterpret_cast<const unsigned char*>(raw.data()) + y * (row_bytes + 1);
    const int filter = in[0];
    for (size_t i = 0; i < row_bytes; ++i) {
      const int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      int pred;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: pred = Paeth(a, b, c); break;
        default: return Bad(name, "PNG row " + std::to_string(y) + " has unknown filter " + std::to_string(filter));
      }
      cur[i] = static_cast<unsigned char>(in[1 + i] + pred);
    }
    for (uint32_t x = 0; x < w; ++x) {
      bool fg = false;
      if (depth < 8) {
        const size_t bit = x * static_cast<size_t>(depth);
        const int v = (cur[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1);
        fg = v != 0;
      } else {
        const int colour_channels = (color == 4 || color == 6) ? channels - 1 : channels;
        const size_t bytes_per_sample = static_cast<size_t>(depth / 8);
        for (int ch = 0; ch < colour_channels; ++ch)
          for (size_t k = 0; k < bytes_per_sample; ++k)
            fg = fg || cur[x * bpp + ch * bytes_per_sample + k] != 0;
      }
      m.pixels[size_t{y} * w + x] = fg;
    }
    std::swap(prev, cur);
  }
  return m;
}

// --- CSV ----------------------------------------------------------------------------------
Result<Mask> ParseCsvMask(const std::string& s, const std::string& name) {
  auto t = ParseCsv(s, name, false);
  if (!t.ok()) return t.status();
  Mask m;
  m.height = static_cast<int>(t->rows.size());
  m.width = static_cast<int>(t->rows[0].size());
  for (size_t c = 0; c < t->rows[0].size(); ++c) {
    auto col = t->Numbers(c);
    if (!col.ok()) return col.status();
  }
  m.pixels.reserve(t->rows.size() * t->rows[0].size());
  for (const auto& row : t->rows)
    for (const auto& f : row) m.pixels.push_back(std::strtod(f.c_str(), nullptr) != 0);
  return m;
}

}  // namespace

Result<Mask> ParseMask(const std::string& bytes, const std::string& name) {
  StepScope step("decoding the mask", name);
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0)
    return ParsePng(bytes, name);
  if (bytes.size() >= 2 && bytes[0] == 'P' && (bytes[1] == '2' || bytes[1] == '5'))
    return ParsePgm(bytes, name);
  if (bytes.empty()) return Bad(name, "empty mask file");
  return ParseCsvMask(bytes, name);
}

Result<Mask> ReadMask(const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return ParseMask(*bytes, path);
}

}  // namespace airgrid::metrics
