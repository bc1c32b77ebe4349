#include "airgrid/base/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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
