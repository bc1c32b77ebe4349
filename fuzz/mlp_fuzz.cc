// MLP model files: a model that scores finite features, or an error naming the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "airgrid/learn/mlp.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;  // LoadMlpModel reports it; the JSON library is not ours
  auto model = airgrid::learn::MlpModelFromJson(j, "fuzz.mlp.json");
  airgrid::fuzz::CheckError(model.status(), "fuzz.mlp.json");
  return 0;
}
