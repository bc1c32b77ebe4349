// Grid files: any bytes give a grid or an error naming the file; "from"/"rubric" cannot leave the
// (nonexistent) folder of the fuzzed file, so nothing outside is ever read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "airgrid/grid/grid_file.h"
#include "airgrid/grid/report.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string name = "/nonexistent-airgrid-fuzz/fuzz.grid.json";
  auto f = airgrid::grid::ParseGridFile(text, name);
  airgrid::fuzz::CheckError(f.status(), "fuzz.grid.json");
  if (f.ok()) {
    auto report = airgrid::grid::BuildReport(std::move(f->grid), std::move(f->options));
    if (report.ok()) {
      (void)airgrid::grid::RenderText(*report);
      (void)airgrid::grid::RenderMarkdown(*report);
    }
  }
  return 0;
}
