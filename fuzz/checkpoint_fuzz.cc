// Campaign checkpoints: records or an error naming the file; damaged lines are skipped.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_util.h"
#include "learn/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/airgrid-checkpoint-fuzz-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const nlohmann::json params = {{"tuples", 4}, {"trials", 10}, {"seed", 1}};
  auto c = airgrid::learn::LoadCheckpoint(path, params);
  airgrid::fuzz::CheckError(c.status(), path);
  // Every line the parser accepts must format back to a line it accepts.
  const std::string line(reinterpret_cast<const char*>(data), size);
  airgrid::learn::CheckpointRecord r;
  if (airgrid::learn::ParseCheckpointRecord(line, &r)) {
    airgrid::learn::CheckpointRecord again;
    if (!airgrid::learn::ParseCheckpointRecord(airgrid::learn::FormatCheckpointRecord(r), &again))
      __builtin_trap();
  }
  return 0;
}
