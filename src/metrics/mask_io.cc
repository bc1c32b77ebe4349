#include "airgrid/metrics/mask_io.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "airgrid/base/atomic_file.h"
#include "airgrid/base/step.h"
#include "airgrid/base/csv.h"
#include "airgrid/metrics/png.h"

namespace airgrid::metrics {
namespace {

Status Bad(const std::string& name, const std::string& what) {
  return Status::InvalidInput(name + ": " + what);
}

// Largest mask accepted: 2^28 pixels (16384 x 16384), checked before any allocation, so a
// header of a few bytes cannot claim gigabytes (docs/formats.md, "Input limits").
constexpr size_t kMaxMaskPixels = size_t{1} << 28;

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
Result<Mask> ParsePng(const std::string& s, const std::string& name) {
  auto png = DecodePng(s, name);
  if (!png.ok()) return png.status();
  const PngImage& img = *png;
  Mask m{static_cast<int>(img.width), static_cast<int>(img.height),
         std::vector<uint8_t>(size_t{img.width} * img.height)};
  const int colour_channels = img.ColourChannels();
  for (uint32_t y = 0; y < img.height; ++y) {
    for (uint32_t x = 0; x < img.width; ++x) {
      bool fg = false;
      for (int ch = 0; ch < colour_channels && !fg; ++ch) fg = img.Sample(x, y, ch) != 0;
      m.pixels[size_t{y} * img.width + x] = fg;
    }
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
