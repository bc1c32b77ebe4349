#include "airgrid/base/signals.h"

#include <sys/prctl.h>
#include <unistd.h>

#include <cstring>

namespace airgrid {

const std::vector<int>& ForwardedSignals() {
  static const std::vector<int> kSignals = {SIGHUP,  SIGINT,    SIGQUIT, SIGTERM, SIGUSR1,
                                            SIGUSR2, SIGALRM,   SIGVTALRM, SIGPROF, SIGXCPU,
                                            SIGXFSZ, SIGPWR,    SIGSTKFLT};
  return kSignals;
}

bool IsForwardedSignal(int sig) {
  for (int s : ForwardedSignals())
    if (s == sig) return true;
  return false;
}

sigset_t SupervisorSignalSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGPIPE);
  for (int s : ForwardedSignals()) sigaddset(&set, s);
  return set;
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

bool ArmParentDeathSignal(pid_t parent, int sig) {
  if (::prctl(PR_SET_PDEATHSIG, sig) != 0) return true;  // not fatal: best effort
  return ::getppid() == parent;
}

}  // namespace airgrid
