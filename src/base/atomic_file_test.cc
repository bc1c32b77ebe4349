#include "airgrid/base/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace airgrid {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("airgrid_base_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path TempDir() const { return dir_; }
  fs::path dir_;
};

TEST_F(AtomicFile, WritesAndReadsBack) {
  fs::path p = TempDir() / "a.txt";
  ASSERT_TRUE(WriteFileAtomic(p.string(), "hello\n").ok());
  auto r = ReadFile(p.string());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "hello\n");
}

TEST_F(AtomicFile, FailedWriterLeavesNoFileAndKeepsOld) {
  fs::path p = TempDir() / "b.txt";
  ASSERT_TRUE(WriteFileAtomic(p.string(), "old").ok());
  Status st = WriteFileAtomic(p.string(), [](std::ostream& out) {
    out << "partial";
    return Status::InvalidInput("boom");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(*ReadFile(p.string()), "old");
  for (auto& e : fs::directory_iterator(p.parent_path()))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
}

TEST_F(AtomicFile, MissingFolderIsAnError) {
  Status st = WriteFileAtomic("/nonexistent-airgrid-dir/x.json", "{}");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("/nonexistent-airgrid-dir/x.json"), std::string::npos);
}

TEST_F(AtomicFile, AppendLineWritesHeaderOnce) {
  fs::path p = TempDir() / "c.csv";
  fs::remove(p);
  ASSERT_TRUE(AppendLine(p.string(), "a,b\n", "1,2\n").ok());
  ASSERT_TRUE(AppendLine(p.string(), "a,b\n", "3,4\n").ok());
  EXPECT_EQ(*ReadFile(p.string()), "a,b\n1,2\n3,4\n");
}

// Regression (issue 11): a device, FIFO, folder or symbolic link given as output was replaced by
// a regular file (as root, `--html /dev/null` replaced the machine's /dev/null).
TEST_F(AtomicFile, RefusesToReplaceNonRegularFiles) {
  const fs::path fifo = TempDir() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const fs::path target = TempDir() / "target.txt";
  ASSERT_TRUE(WriteFileAtomic(target.string(), "precious").ok());
  const fs::path link = TempDir() / "link";
  fs::create_symlink(target, link);
  const fs::path folder = TempDir() / "folder";
  fs::create_directory(folder);
  for (const fs::path& p : {fs::path("/dev/null"), fifo, link, folder}) {
    Status st = WriteFileAtomic(p.string(), "x");
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << p;
    EXPECT_NE(st.message().find(p.string()), std::string::npos) << st.message();
    EXPECT_FALSE(AppendLine(p.string(), "h\n", "x\n").ok()) << p;
  }
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_EQ(*ReadFile(target.string()), "precious");
}

// Regression: the temporary name was "<out>.tmp.<pid>", and a symlink planted there was followed.
TEST_F(AtomicFile, TemporaryNameIsNotPredictable) {
  const fs::path out = TempDir() / "out.txt";
  const fs::path victim = TempDir() / "victim.txt";
  ASSERT_TRUE(WriteFileAtomic(victim.string(), "victim").ok());
  fs::create_symlink(victim, out.string() + ".tmp." + std::to_string(::getpid()));
  ASSERT_TRUE(WriteFileAtomic(out.string(), "new").ok());
  EXPECT_EQ(*ReadFile(victim.string()), "victim");
  EXPECT_EQ(*ReadFile(out.string()), "new");
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::others_read, fs::perms::others_read);
}

// Regression: a full disk left a torn CSV row and reported a stale errno ("Success").
TEST_F(AtomicFile, ShortAppendIsTruncatedBackWithTheRightErrno) {
  const fs::path p = TempDir() / "rows.csv";
  ASSERT_TRUE(AppendLine(p.string(), "a,b\n", "1,2\n").ok());
  auto half_then_full = [](int fd, const void* data, size_t size) -> ssize_t {
    const ssize_t n = ::write(fd, data, size / 2);
    errno = 0;  // a short write sets no errno
    return n;
  };
  Status st = AppendLine(p.string(), "a,b\n", "333333,444444\n", half_then_full);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(std::strerror(ENOSPC)), std::string::npos) << st.message();
  EXPECT_EQ(*ReadFile(p.string()), "a,b\n1,2\n");
  auto failing = [](int, const void*, size_t) -> ssize_t {
    errno = EDQUOT;
    return -1;
  };
  st = AppendLine(p.string(), "a,b\n", "5,6\n", failing);
  EXPECT_NE(st.message().find(std::strerror(EDQUOT)), std::string::npos) << st.message();
  EXPECT_EQ(*ReadFile(p.string()), "a,b\n1,2\n");
}

// Checkpoint rows (issue 11): the same all-or-nothing rows through a descriptor kept open.
TEST_F(AtomicFile, RowAppenderCutsATornRowBackAndGoesOn) {
  const fs::path p = TempDir() / "ckpt";
  ASSERT_TRUE(WriteFileAtomic(p.string(), "# header\n").ok());
  bool fail_next = false;
  RowAppender appender(p.string(), [&fail_next](int fd, const void* data, size_t size) -> ssize_t {
    if (!fail_next) return ::write(fd, data, size);
    fail_next = false;
    const ssize_t n = ::write(fd, data, size / 2);
    errno = 0;  // a full disk: a short write without errno
    return n;
  });
  ASSERT_TRUE(appender.Append("T 1\n").ok());
  fail_next = true;
  Status st = appender.Append("T 2 long row\n");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(std::strerror(ENOSPC)), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(p.string()), std::string::npos) << st.message();
  EXPECT_EQ(*ReadFile(p.string()), "# header\nT 1\n");
  ASSERT_TRUE(appender.Append("T 3\n").ok());
  EXPECT_EQ(*ReadFile(p.string()), "# header\nT 1\nT 3\n");
  RowAppender missing((TempDir() / "absent").string());
  EXPECT_FALSE(missing.Append("x\n").ok());
  const fs::path link = TempDir() / "link";
  fs::create_symlink(p, link);
  RowAppender through_link(link.string());
  EXPECT_FALSE(through_link.Append("x\n").ok());
  EXPECT_EQ(*ReadFile(p.string()), "# header\nT 1\nT 3\n");
}

// Regression: a folder given as an input read as an empty file; "/dev/zero" exhausted memory.
TEST_F(AtomicFile, ReadFileRefusesFoldersAndBoundsDevices) {
  Result<std::string> r = ReadFile(TempDir().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(r.status().message().find("is a folder"), std::string::npos);
  r = ReadFile("/dev/zero", 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("1 MiB"), std::string::npos) << r.status().message();
  const fs::path p = TempDir() / "big.txt";
  ASSERT_TRUE(WriteFileAtomic(p.string(), std::string(2048, 'x')).ok());
  EXPECT_FALSE(ReadFile(p.string(), 1024).ok());
  EXPECT_TRUE(ReadFile(p.string(), 2048).ok());
}

TEST(HumanBytes, ReadsAsAPersonWritesIt) {
  EXPECT_EQ(HumanBytes(512), "512 bytes");
  EXPECT_EQ(HumanBytes(uint64_t{4} << 30), "4 GiB");
  EXPECT_EQ(HumanBytes(1536), "1.5 KiB");
}

TEST(Status, ExitCodes) {
  EXPECT_EQ(Status::Ok().ExitCode(), 0);
  EXPECT_EQ(Status::InvalidInput("x").ExitCode(), 2);
  EXPECT_EQ(Status::NotFound("x").ExitCode(), 2);
  EXPECT_EQ(Status::IoError("x").ExitCode(), 2);  // a file that cannot be read or written: the user's to fix
  Result<int> r = Status::InvalidInput("file f, line 3, field 2: expected an integer");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "file f, line 3, field 2: expected an integer");
}

}  // namespace
}  // namespace airgrid
