#!/usr/bin/env python3
"""Runs RLScheduler's own heuristic loop on a trace, as their compare-make-table.py does.

RLScheduler (Zhang et al., SC'20; github.com/DIR-LAB/deep-batch-scheduler) produces its
README's Table V with make_table_script.py -> compare-make-table.py: env.seed(seed), then per
sequence reset_for_test(len) and schedule_curr_sequence_reset(score) for each heuristic. This
script imports their HPCSimPickJobs.py / job.py / cluster.py unchanged from a checkout and
replaces only what the heuristic path does not use (gym, tensorflow, scipy, numpy) by small
stand-ins; gym's seeding.np_random is re-implemented with Python's random module (the same
MT19937 and init_by_array as numpy's legacy RandomState). It prints the starts and the mean
bounded slowdown of FCFS, SJF and F1, to compare with
`airgrid simulate --starts rlscheduler --decision commit` (bench/RESULTS.md).

Usage: rlscheduler_table.py CHECKOUT TRACE.swf BATCH_JOB_SLICE BACKFIL [LEN ITER SEED]
  (SDSC-SP2 and HPC2N: slice 10000; Lublin-1: 0; the trace uncompressed, as they read it)
"""
import contextlib
import hashlib
import io
import math
import random
import struct
import sys
import types


def install_stand_ins():
    np = types.ModuleType("numpy")
    np.float32 = float
    np.log10, np.sqrt, np.log2 = math.log10, math.sqrt, math.log2
    np.power = lambda a, b: a ** b
    np.isscalar = lambda x: isinstance(x, (int, float))
    sys.modules["numpy"] = np
    for name in ("tensorflow", "scipy", "scipy.signal"):
        sys.modules[name] = types.ModuleType(name)
    gym = types.ModuleType("gym")
    gym.Env = type("Env", (), {"__init__": lambda self: None})
    spaces = types.ModuleType("gym.spaces")
    spaces.Discrete = lambda n: None
    spaces.Box = lambda **k: None
    gym.spaces = spaces
    utils = types.ModuleType("gym.utils")
    seeding = types.ModuleType("gym.utils.seeding")
    seeding.np_random = gym_np_random
    utils.seeding = seeding
    sys.modules.update({"gym": gym, "gym.spaces": spaces, "gym.utils": utils,
                        "gym.utils.seeding": seeding})


class LegacyRandomState:
    """numpy.random.RandomState seeded with a list (init_by_array); randint below 2^32."""

    def __init__(self, big):
        self.mt = random.Random(big)  # init_by_array on big's 32-bit words, low first

    def randint(self, low, high):
        span = high - 1 - low
        if span == 0:
            return low
        mask = span
        for s in (1, 2, 4, 8, 16, 32):
            mask |= mask >> s
        while True:
            v = self.mt.getrandbits(32) & mask
            if v <= span:
                return low + v


def gym_np_random(seed=None):
    """gym 0.1x seeding.np_random(seed) for an integer seed."""
    seed = seed % 2 ** 64
    digest = hashlib.sha512(str(seed).encode("utf8")).digest()[:8]
    big = 0
    for i, word in enumerate(struct.unpack("2I", digest)):
        big += word << (32 * i)
    return LegacyRandomState(big), seed


def main():
    checkout, trace, batch, backfil = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    length, iters, seed = (int(x) for x in (sys.argv[5:8] + ["1024", "10", "1"][len(sys.argv[5:8]):]))
    install_stand_ins()
    sys.path.insert(0, checkout)
    import HPCSimPickJobs as sim
    env = sim.HPCEnv(shuffle=0, backfil=backfil, skip=0, job_score_type=0,
                     batch_job_slice=batch, build_sjf=False)
    with contextlib.redirect_stdout(io.StringIO()):
        env.my_init(workload_file=trace)
    env.seed(seed)
    results = {"FCFS": [], "SJF": [], "F1": []}
    starts = []
    for _ in range(iters):
        env.reset_for_test(length, 0)
        starts.append(env.start)
        # Their order (uni and wfp scores run in between leave no state behind).
        results["F1"].append(sum(env.schedule_curr_sequence_reset(env.f1_score).values()))
        results["SJF"].append(sum(env.schedule_curr_sequence_reset(env.sjf_score).values()))
        results["FCFS"].append(sum(env.schedule_curr_sequence_reset(env.fcfs_score).values()))
    print("starts", starts)
    for name in ("FCFS", "SJF", "F1"):
        values = results[name]
        print(f"{name} {sum(values) / len(values):.2f}  per sequence: "
              + " ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    main()
