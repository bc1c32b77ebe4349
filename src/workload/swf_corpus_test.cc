// Replays the committed fuzz seed corpus (testdata/swf_corpus) through ParseSwf: files named
// valid_* must parse, bad_* must be rejected with a message naming the input; none may crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "airgrid/base/atomic_file.h"
#include "airgrid/workload/swf.h"

namespace airgrid::workload {
namespace {

namespace fs = std::filesystem;

TEST(SwfCorpus, ValidFilesParseAndBadFilesAreRejected) {
  const fs::path dir = fs::path(AIRGRID_SOURCE_DIR) / "src/workload/testdata/swf_corpus";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int valid = 0, bad = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    Result<std::string> bytes = ReadFile(entry.path().string());
    ASSERT_TRUE(bytes.ok()) << name;
    Result<Workload> w = ParseSwf(bytes.value(), name);
    if (name.rfind("valid_", 0) == 0) {
      ++valid;
      EXPECT_TRUE(w.ok()) << name << ": " << w.status().message();
      if (w.ok()) {
        EXPECT_FALSE(w->jobs.empty()) << name;
      }
    } else if (name.rfind("bad_", 0) == 0) {
      ++bad;
      ASSERT_FALSE(w.ok()) << name;
      EXPECT_EQ(w.status().code(), Status::Code::kInvalidInput) << name;
      EXPECT_EQ(w.status().message().rfind(name, 0), 0u) << w.status().message();
    }
  }
  EXPECT_GE(valid, 6);
  EXPECT_GE(bad, 8);
}

}  // namespace
}  // namespace airgrid::workload
