// What the program is doing, for failures that carry no context of their own (std::bad_alloc).
//
//   StepScope step("reading the SWF workload", path);   // for the lifetime of `step`
//
// Scopes nest (one stack per thread). When an exception leaves a scope, the steps open at that
// moment are remembered, innermost last, before unwinding closes them: the handler that
// catches std::bad_alloc (cli/main.cc) then says which step ran out of memory on which input
// (FailedStep), not only which command. A new scope forgets a remembered failure (it was
// handled). Cheap enough for every file read and phase; not meant for inner loops.
#pragma once

#include <string>

namespace airgrid {

class StepScope {
 public:
  // `input`: the file, option or spec the step works on ("" if none).
  explicit StepScope(std::string step, std::string input = "");
  ~StepScope();
  StepScope(const StepScope&) = delete;
  StepScope& operator=(const StepScope&) = delete;

 private:
  int uncaught_at_entry_;
};

// "reading the SWF workload 'x.swf' (in: simulating policy fcfs > ...)": the steps an exception
// left on this thread, innermost first; "" if none since the last new scope.
std::string FailedStep();
// The steps open now on this thread, described the same way; "" if none.
std::string CurrentStep();

}  // namespace airgrid
