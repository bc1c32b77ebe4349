// -o/--output is the one documented name of a command's JSON result; --json, its former name,
// still works for existing scripts but is not shown in --help, and giving both is refused.
#include <filesystem>
#include <string>

#include "cli/cli_test_util.h"

namespace airgrid::cli {
namespace {

using testing::CliTest;
using testing::Outcome;
namespace fs = std::filesystem;

class OutputOption : public CliTest {
 protected:
  OutputOption() : CliTest("") {}
};

TEST_F(OutputOption, HelpShowsOutputAndNotTheJsonAlias) {
  for (const std::string command : {"simulate", "workload info", "track", "learn fit", "metrics classification"}) {
    const Outcome o = Run(command + " --help");
    ASSERT_EQ(o.exit_code, 0) << command << ":\n" << o.Text();
    EXPECT_NE(o.out.find("-o,--output"), std::string::npos) << command << ":\n" << o.out;
    EXPECT_EQ(o.out.find("--json"), std::string::npos) << command << ":\n" << o.out;
  }
}

TEST_F(OutputOption, TheFormerNameStillWritesAndBothAreRefused) {
  const std::string json = (dir_ / "r.json").string(), other = (dir_ / "o.json").string();
  Outcome o = Run("simulate --workload lublin:200 --policy fcfs --json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.Text();
  EXPECT_TRUE(fs::exists(json));
  fs::remove(json);
  o = Run("simulate --workload lublin:200 --policy fcfs --json " + json + " -o " + other);
  EXPECT_EQ(o.exit_code, 2) << o.Text();
  EXPECT_NE(o.err.find("-o/--output once"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(json));
  EXPECT_FALSE(fs::exists(other));
}

}  // namespace
}  // namespace airgrid::cli
