// libFuzzer target for the SWF reader: any byte sequence must give a workload or an
// InvalidInput status, never a crash, hang or sanitizer report. Gzip input is fuzzed too
// (ParseSwf detects the magic bytes). Build: see README.md, "Fuzzing the SWF reader".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "airgrid/workload/swf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  airgrid::workload::SwfReadOptions with_procs;
  with_procs.procs = 64;  // also reach the end of the parse when the header lacks a size
  for (const auto& options : {airgrid::workload::SwfReadOptions{}, with_procs}) {
    auto w = airgrid::workload::ParseSwf(text, "fuzz.swf", options);
    if (w.ok()) {
      // Invariants of a successful parse.
      if (w->machine_procs <= 0) __builtin_trap();
      for (size_t i = 1; i < w->jobs.size(); ++i) {
        if (w->jobs[i].submit < w->jobs[i - 1].submit || w->jobs[i].submit < 0) __builtin_trap();
      }
    } else if (w.status().message().rfind("fuzz.swf", 0) != 0) {
      __builtin_trap();  // every error names the input
    }
  }
  return 0;
}
