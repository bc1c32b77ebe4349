#include "learn/checkpoint.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "airgrid/base/atomic_file.h"

namespace airgrid::learn {
namespace {

namespace fs = std::filesystem;

CheckpointRecord Record(int64_t tuple) {
  CheckpointRecord r;
  r.tuple = tuple;
  r.position = tuple * 10;
  r.scores.value_sum = {1.5 * static_cast<double>(tuple), 0.25};
  r.scores.n_first = {3, 4};
  return r;
}

// Issue 11: a full disk during a campaign must not leave a torn record behind (the resume then
// sees exactly the records written whole, and none ignored).
TEST(Checkpoint, AFailedAppendLeavesNoTornRecord) {
  const fs::path dir = fs::temp_directory_path() / ("airgrid_ckpt_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "c.ckpt").string();
  const nlohmann::json params = {{"tuples", 4}, {"trials", 10}, {"seed", 1}};
  ASSERT_TRUE(WriteCheckpoint(path, params, {Record(0)}).ok());
  bool full = false;
  CheckpointAppender appender(path, [&full](int fd, const void* data, size_t size) -> ssize_t {
    if (!full) return ::write(fd, data, size);
    const ssize_t n = ::write(fd, data, size / 3);
    errno = ENOSPC;
    return n;
  });
  ASSERT_TRUE(appender.Append(Record(1)).ok());
  full = true;
  Status st = appender.Append(Record(2));
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(std::strerror(ENOSPC)), std::string::npos) << st.message();
  full = false;
  ASSERT_TRUE(appender.Append(Record(3)).ok());
  auto back = LoadCheckpoint(path, params);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ignored_lines, 0);
  ASSERT_EQ(back->records.size(), 3u);
  EXPECT_EQ(back->records[0].tuple, 0);
  EXPECT_EQ(back->records[1].tuple, 1);
  EXPECT_EQ(back->records[2].tuple, 3);
  EXPECT_EQ(back->records[2].scores.value_sum, Record(3).scores.value_sum);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace airgrid::learn
