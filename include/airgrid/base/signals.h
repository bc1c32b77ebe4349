// Signals a supervising process forwards to the command it runs (`airgrid track`).
//
// The forwarded set is every catchable signal whose default action ends a process: SIGHUP,
// SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
// SIGPWR and SIGSTKFLT. SIGPIPE is not forwarded: the supervisor ignores it (it blocks it and
// drops it), so a closed output pipe cannot kill the supervisor before it writes its record.
// Synchronous faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS) are about the
// supervisor itself and are never blocked. SIGKILL and SIGSTOP cannot be caught; against SIGKILL
// the child asks the kernel for a parent-death signal (ArmParentDeathSignal).
#pragma once

#include <signal.h>

#include <string>
#include <vector>

namespace airgrid {

const std::vector<int>& ForwardedSignals();
bool IsForwardedSignal(int sig);

// The set a supervisor blocks and takes with sigtimedwait: SIGCHLD, the forwarded signals and
// SIGPIPE.
sigset_t SupervisorSignalSet();

// "SIGTERM"; "signal 42" for a number without a name.
std::string SignalName(int sig);

// In the forked child, before exec: the kernel sends `sig` to the child when the supervisor dies
// (even by SIGKILL), so the child is never left running unsupervised. Returns false if the
// supervisor `parent` had already died (the caller should then exit).
bool ArmParentDeathSignal(pid_t parent, int sig = SIGTERM);

}  // namespace airgrid
