// Entry point of the `airgrid` program: builds the CLI from the registered subcommands,
// runs the chosen one and maps failures to exit codes (see command.h).
#include <algorithm>
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "airgrid/base/status.h"
#include "airgrid/base/step.h"
#include "airgrid/learn/mlp_policy.h"
#include "cli/cli_util.h"
#include "cli/command.h"

namespace airgrid::cli {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

namespace {
std::string& MutableCommandLine() {
  static std::string line;
  return line;
}
// Help line of a subcommand group such as `learn` or `workload`.
std::string GroupHelp(const std::string& group) {
  if (group == "learn") return "Learn scheduling policies: trial campaign, formula search, MLP";
  if (group == "workload") return "Inspect and generate workloads (SWF, Lublin model)";
  if (group == "metrics") return "Evaluation metrics compatible with scikit-learn";
  return group + " commands";
}

}  // namespace

const std::string& CommandLine() { return MutableCommandLine(); }

}  // namespace airgrid::cli

int main(int argc, char** argv) {
  using namespace airgrid::cli;
  std::string& line = MutableCommandLine();
  for (int i = 0; i < argc; ++i) {
    if (i) line += ' ';
    line += argv[i];
  }

  // Plug-in policy schemes of modules above sched ("mlp:FILE").
  airgrid::learn::RegisterMlpPolicy();

  CLI::App app{"airgrid: judge AI methods on a multi-criteria resilience grid.\n"
               "Reference case study: HPC batch-scheduling policies (FCFS, SC'17 F1, an MLP)."};
  app.set_version_flag("--version", std::string("airgrid ") + AIRGRID_VERSION);
  app.require_subcommand(1);
  app.footer("Examples:\n"
             "  airgrid study --scale small -o study-small   # the whole case study, about a minute\n"
             "  airgrid simulate --workload lublin:2000 --policy fcfs --policy f1 --backfill easy\n"
             "Exit codes: 0 success, 1 internal failure, 2 bad option or input (docs/formats.md).");

  auto& commands = Registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  Runner chosen;
  for (const Command& c : commands) {
    // "learn campaign" registers `campaign` under the group `learn` (created on first use).
    CLI::App* parent = &app;
    std::string leaf = c.name;
    if (auto space = c.name.find(' '); space != std::string::npos) {
      std::string group = c.name.substr(0, space);
      leaf = c.name.substr(space + 1);
      CLI::App* g = nullptr;
      try {
        g = app.get_subcommand(group);
      } catch (const CLI::OptionNotFound&) {
        g = app.add_subcommand(group, GroupHelp(group));
        g->require_subcommand(1);
        g->footer("Example: airgrid " + group + " <command> --help");
      }
      parent = g;
    }
    CLI::App* sub = parent->add_subcommand(leaf, c.help);
    Runner runner = c.setup(sub);
    sub->final_callback([&chosen, runner, sub] {
      chosen = runner;
      // `--json -` (or `-o -` where -o is the JSON): stdout holds the JSON alone.
      const CLI::Option* json = sub->get_option_no_throw("--json");
      if (json != nullptr && json->count() > 0 && json->as<std::string>() == "-") ReserveStdoutForJson();
    });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!chosen) return 2;
  try {
    return chosen();
  } catch (const std::bad_alloc&) {
    // Readers check declared sizes before allocating; this is what is left (sizes asked for).
    // The step (and its input) the allocation failed in was remembered while unwinding.
    const std::string step = airgrid::FailedStep();
    std::fprintf(stderr,
                 "airgrid: error: out of memory while %s, running `%s`: the inputs or sizes given "
                 "need more memory than this machine has (limits: docs/formats.md, \"Input limits\")\n",
                 step.empty() ? "running the command (no step recorded)" : step.c_str(),
                 CommandLine().c_str());
    return 1;
  } catch (const nlohmann::json::type_error& e) {
    // The one JSON failure left at this level: text that is not UTF-8 (a file name, a label).
    std::fprintf(stderr,
                 "airgrid: error: a name or text given to `%s` is not valid UTF-8, which JSON "
                 "outputs require (%s)\n",
                 CommandLine().c_str(), e.id == 316 ? "invalid UTF-8 byte" : "JSON type error");
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "airgrid: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "airgrid: error: %s\n", e.what());
    return 1;
  }
}
