// Scores CSV (campaign output, published SC'17 files): rows or an error naming the file.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "airgrid/learn/scores.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = airgrid::learn::ParseScoresCsv(text, "fuzz.csv");
  airgrid::fuzz::CheckError(rows.status(), "fuzz.csv");
  if (rows.ok()) {
    for (const auto& r : *rows)
      if (!std::isfinite(r.p) || !std::isfinite(r.score)) __builtin_trap();
  }
  return 0;
}
