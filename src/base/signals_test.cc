#include "airgrid/base/signals.h"

#include <gtest/gtest.h>

namespace airgrid {
namespace {

// Regression (issue 11): SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM killed `airgrid track` without a
// record; SIGPIPE must be taken (and dropped) by the supervisor, not forwarded.
TEST(Signals, EveryCatchableTerminatingSignalIsForwardedButSigpipe) {
  for (int s : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGPWR})
    EXPECT_TRUE(IsForwardedSignal(s)) << SignalName(s);
  for (int s : {SIGPIPE, SIGCHLD, SIGSEGV, SIGKILL, SIGSTOP, SIGABRT})
    EXPECT_FALSE(IsForwardedSignal(s)) << SignalName(s);
  const sigset_t set = SupervisorSignalSet();
  EXPECT_TRUE(sigismember(&set, SIGPIPE));
  EXPECT_TRUE(sigismember(&set, SIGCHLD));
  EXPECT_TRUE(sigismember(&set, SIGUSR2));
  EXPECT_FALSE(sigismember(&set, SIGSEGV));
}

TEST(Signals, Names) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGUSR1), "SIGUSR1");
}

}  // namespace
}  // namespace airgrid
