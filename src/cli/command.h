// Subcommand registry of the `airgrid` program.
//
// Each src/cli/<name>.cc defines one subcommand and registers it with a file-scope
//   static const airgrid::cli::Registration kReg{"name", "one-line help", &Setup};
// Setup(CLI::App*) declares the options and sets the callback through `app->final_callback`
// or by storing a runner with SetRunner. main.cc owns parsing and maps errors to exit codes:
//   0 success · 1 runtime failure · 2 bad input or bad usage (the message names the input).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace airgrid::cli {

// Thrown (or returned through a Status at the boundary) for bad input: exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a subcommand does once its options are parsed. Returns the process exit code.
using Runner = std::function<int()>;

struct Command {
  std::string name;
  std::string help;
  // Declares options on `app` and returns the runner that reads them.
  std::function<Runner(CLI::App* app)> setup;
};

std::vector<Command>& Registry();

struct Registration {
  Registration(std::string name, std::string help, std::function<Runner(CLI::App*)> setup) {
    Registry().push_back({std::move(name), std::move(help), std::move(setup)});
  }
};

// The full command line of this process, for provenance in output files.
const std::string& CommandLine();

}  // namespace airgrid::cli
