#include "airgrid/base/provenance.h"

#include <ctime>

namespace airgrid {

const char* Version() { return AIRGRID_VERSION; }

std::string UtcNowIso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json ProvenanceJson(const std::string& command_line) {
  return {{"airgrid_version", Version()},
          {"command_line", command_line},
          {"created_utc", UtcNowIso8601()}};
}

}  // namespace airgrid
