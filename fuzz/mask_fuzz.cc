// Segmentation masks (PNG, PGM, CSV): a mask of consistent size or an error naming the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "airgrid/metrics/mask_io.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto m = airgrid::metrics::ParseMask(bytes, "fuzz.mask");
  airgrid::fuzz::CheckError(m.status(), "fuzz.mask");
  if (m.ok() && m->pixels.size() != static_cast<size_t>(m->width) * static_cast<size_t>(m->height))
    __builtin_trap();
  return 0;
}
