// Writing small PNG files by hand for the decoder's tests (zlib for the IDAT data and the CRC).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>

namespace airgrid::metrics::testing {

inline std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

inline std::string Chunk(const std::string& type, const std::string& data) {
  std::string td = type + data;
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(td.data()), static_cast<uInt>(td.size()));
  return Be32(static_cast<uint32_t>(data.size())) + td + Be32(static_cast<uint32_t>(crc));
}

// A PNG of `color` type and `depth` bits, rows given as already-filtered scanlines (each led
// by its filter-type byte).
inline std::string MakePng(uint32_t w, uint32_t h, int depth, int color, const std::string& scanlines) {
  std::string ihdr = Be32(w) + Be32(h) + std::string{static_cast<char>(depth), static_cast<char>(color), 0, 0, 0};
  uLongf len = compressBound(scanlines.size());
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(scanlines.data()), scanlines.size());
  z.resize(len);
  return std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", z) + Chunk("IEND", "");
}

}  // namespace airgrid::metrics::testing
