// Issue 11 memory bombs through the real binary, each under a bounded address space: a few
// bytes that declare gigabytes must be refused from their headers (exit 2, a message naming the
// file and the limit), not allocated. The child runs with RLIMIT_AS = 1 GiB (each bomb asked
// for 1.7 to 4.1 GB) and its peak resident size (wait4's ru_maxrss) must stay under 192 MiB.
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using airgrid::cli::testing::Slurp;

constexpr rlim_t kAddressSpace = rlim_t{1} << 30;  // 1 GiB
constexpr long kMaxRssKib = 192 * 1024;             // 192 MiB

struct Bounded {
  int exit_code = -1;
  int signal = 0;
  long max_rss_kib = 0;
  std::string err;
};

class MemoryBomb : public airgrid::cli::testing::CliTest {
 protected:
  MemoryBomb() : CliTest("") {}

  // Runs `airgrid args...` with its address space capped; stderr captured.
  Bounded RunBounded(const std::vector<std::string>& args, rlim_t address_space = kAddressSpace) {
    const fs::path err = dir_ / "stderr.txt";
    std::vector<std::string> all = {AIRGRID_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      const struct rlimit limit = {address_space, address_space};
      if (::setrlimit(RLIMIT_AS, &limit) != 0) _exit(126);
      const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int null = ::open("/dev/null", O_WRONLY);
      if (fd < 0 || null < 0) _exit(126);
      ::dup2(null, 1);
      ::dup2(fd, 2);
      ::execv(AIRGRID_BIN, argv.data());
      _exit(127);
    }
    Bounded b;
    int status = 0;
    struct rusage usage {};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid) return b;
    if (WIFEXITED(status)) b.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) b.signal = WTERMSIG(status);
    b.max_rss_kib = usage.ru_maxrss;
    b.err = Slurp(err);
    return b;
  }

  // Exit 2, the file and the limit named, memory bounded.
  void ExpectRefused(const std::vector<std::string>& args, const std::string& file,
                     const std::string& limit) {
    std::string line;
    for (const std::string& a : args) line += " " + a;
    SCOPED_TRACE("airgrid" + line);
    const Bounded b = RunBounded(args);
    EXPECT_EQ(b.signal, 0) << b.err;
    EXPECT_EQ(b.exit_code, 2) << b.err;
    EXPECT_NE(b.err.find(file), std::string::npos) << b.err;
    EXPECT_NE(b.err.find(limit), std::string::npos) << b.err;
    EXPECT_EQ(b.err.find("bad_alloc"), std::string::npos) << b.err;
    EXPECT_LT(b.max_rss_kib, kMaxRssKib) << b.err;
  }
};

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A PNG chunk; the CRC is not checked before the size, so zeros do.
std::string Chunk(const std::string& type, const std::string& data) {
  return Be32(static_cast<uint32_t>(data.size())) + type + data + Be32(0);
}

// The bound itself must bite: a plain allocation of 4 GiB under it fails.
TEST_F(MemoryBomb, TheAddressSpaceLimitHolds) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const struct rlimit limit = {kAddressSpace, kAddressSpace};
    ::setrlimit(RLIMIT_AS, &limit);
    void* p = std::malloc(size_t{4} << 30);
    _exit(p == nullptr ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// 20 bytes declaring 65536 x 65536 pixels (4.1 GB before the fix).
TEST_F(MemoryBomb, TwentyBytePgm) {
  const fs::path pgm = Write("bomb.pgm", std::string("P5 65536 65536 255\n\0", 20));
  ASSERT_EQ(fs::file_size(pgm), 20u);
  ExpectRefused({"metrics", "segmentation", "--truth", pgm.string(), "--pred", pgm.string()},
                "bomb.pgm", "above the limit of 268435456 (16384 x 16384)");
}

// 45 bytes: signature, IHDR of 65536 x 65536 and an empty IDAT (4 GB before the fix).
TEST_F(MemoryBomb, FortyFiveBytePng) {
  const std::string ihdr = Be32(65536) + Be32(65536) + std::string("\x08\x00\x00\x00\x00", 5);
  const fs::path png = Write("bomb.png", std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", ""));
  ASSERT_EQ(fs::file_size(png), 45u);
  ExpectRefused({"metrics", "segmentation", "--truth", png.string(), "--pred", png.string()},
                "bomb.png", "above the limit of 268435456 pixels");
}

// A small model whose layers declare 2 x 10^9 units (1.7 GB before the fix).
TEST_F(MemoryBomb, SmallMlpModelDeclaringHugeLayers) {
  nlohmann::json model = {
      {"format", "airgrid-mlp"},
      {"format_version", 1},
      {"features", {"log10p", "log10q", "log10r"}},
      {"standardisation", {{"mean", {0, 0, 0}}, {"std", {1, 1, 1}}}},
      {"layers",
       {{{"in", 3}, {"out", 2000000000}, {"activation", "tanh"}, {"weight", {{0.1, 0.2, 0.3}}}, {"bias", {0}}},
        {{"in", 2000000000}, {"out", 1}, {"activation", "identity"}, {"weight", {{0.5}}}, {"bias", {0}}}}}};
  const fs::path m = Write("bomb.mlp.json", model.dump());
  ASSERT_LT(fs::file_size(m), 5000u);
  ExpectRefused({"simulate", "--workload", "lublin:50", "--policy", "mlp:" + m.string()}, "bomb.mlp.json",
                "at most 100000000 parameters in all (the limit of a model file)");
}

// 20 MiB of blank lines in ~20 KiB of gzip (1 GB and "0 jobs", exit 0, before the fix).
TEST_F(MemoryBomb, GzipOfBlankLines) {
  const fs::path gz = dir_ / "blank.swf.gz";
  const std::string make = "head -c 20971520 /dev/zero | tr '\\0' '\\n' | gzip -9 > " + gz.string();
  if (std::system(make.c_str()) != 0 || !fs::exists(gz)) GTEST_SKIP() << "needs head, tr and gzip";
  ASSERT_LT(fs::file_size(gz), 100000u);
  ExpectRefused({"workload", "info", gz.string()}, "blank.swf.gz", "limit: 100 times the compressed size");
}

// A grid value pulled "from": "/dev/zero" (4.1 GB before the fix): outside the grid file's
// folder it is refused; allowed there, it is refused as a device, before a byte is read.
TEST_F(MemoryBomb, GridValueFromDevZero) {
  const fs::path g = Write("g.json", R"({"alternatives":[{"id":"a"},{"id":"b"}],
      "criteria":[{"id":"x","area":"performance","unit":"1","direction":"lower"}],
      "values":{"a":{"x":{"from":"/dev/zero","pointer":"/x"}},"b":{"x":1}}})");
  ExpectRefused({"grid", g.string()}, "/dev/zero", "lies outside the grid file's folder");
  ExpectRefused({"grid", g.string(), "--allow-outside", "/dev"}, "/dev/zero",
                "not a regular file (a device, FIFO, socket or folder); expected a result or rubric "
                "file of at most 256 MiB");
}

// --sequences 2000000000 ended in std::bad_alloc naming nothing.
TEST_F(MemoryBomb, HugeSequences) {
  ExpectRefused({"simulate", "--workload", "lublin:50", "--policy", "fcfs", "--protocol", "sequences",
                 "--sequences", "2000000000"},
                "--sequences", "expected a whole number from 1 to 1000000");
}

// Sizes within the limits can still exceed the memory there is: std::bad_alloc then names the
// step and its input, not only the command (exit 1: not a bad input).
TEST_F(MemoryBomb, OutOfMemoryNamesTheStepAndTheInput) {
  const Bounded b = RunBounded({"simulate", "--workload", "lublin:2000", "--policy", "fcfs", "--protocol",
                                "sequences", "--sequences", "1000000", "--length", "20"},
                               rlim_t{512} << 20);
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_NE(b.err.find("out of memory while reserving the run's job records '20000000 jobs in 1000000 "
                       "windows' (in: simulating policy fcfs (sequences protocol) on the workload "
                       "'lublin("),
            std::string::npos)
      << b.err;
}

}  // namespace
