// Shared fixture of the end-to-end CLI tests: a fresh temporary folder per test, files written
// into it, and the real `airgrid` binary (AIRGRID_BIN) run with stdout and stderr captured.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace airgrid::cli::testing {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out, err;
  std::string Text() const { return out + err; }  // both streams, for messages and searches
};

inline std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliTest : public ::testing::Test {
 protected:
  // `command` prefixes the arguments of every Run ("simulate", "workload", or "" for none).
  explicit CliTest(std::string command) : command_(std::move(command)) {}

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("airgrid_cli_" + std::to_string(::getpid()) + "_" +
                                        info->test_suite_name() + "_" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // `launcher` goes before the binary, e.g. "mpirun -np 2 ".
  Outcome Run(const std::string& args, const std::string& launcher = "") {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = launcher + std::string(AIRGRID_BIN) +
                            (command_.empty() ? "" : " " + command_) + " " + args + " >" +
                            out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = Slurp(out);
    o.err = Slurp(err);
    return o;
  }

  fs::path dir_;

 private:
  std::string command_;
};

}  // namespace airgrid::cli::testing
