#include "airgrid/base/step.h"

#include <exception>
#include <utility>
#include <vector>

namespace airgrid {
namespace {

struct Step {
  std::string what, input;
};

struct Steps {
  std::vector<Step> open;
  std::string failed;
};

Steps& ThreadSteps() {
  thread_local Steps steps;
  return steps;
}

std::string One(const Step& s) { return s.input.empty() ? s.what : s.what + " '" + s.input + "'"; }

// Innermost first, then where it ran: "decoding the mask 'm.png' (in: metrics segmentation)".
std::string Describe(const std::vector<Step>& open) {
  if (open.empty()) return "";
  std::string text = One(open.back());
  if (open.size() > 1) {
    text += " (in: ";
    for (size_t i = open.size() - 1; i-- > 0;) text += One(open[i]) + (i > 0 ? " > " : "");
    text += ")";
  }
  return text;
}

}  // namespace

StepScope::StepScope(std::string step, std::string input)
    : uncaught_at_entry_(std::uncaught_exceptions()) {
  Steps& s = ThreadSteps();
  s.failed.clear();
  s.open.push_back({std::move(step), std::move(input)});
}

StepScope::~StepScope() {
  Steps& s = ThreadSteps();
  // Leaving by an exception: the innermost scope is the first destroyed, so keep the first.
  if (std::uncaught_exceptions() > uncaught_at_entry_ && s.failed.empty()) s.failed = Describe(s.open);
  s.open.pop_back();
}

std::string FailedStep() { return ThreadSteps().failed; }

std::string CurrentStep() { return Describe(ThreadSteps().open); }

}  // namespace airgrid
