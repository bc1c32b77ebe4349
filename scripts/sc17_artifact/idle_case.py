# Writes the idle-wait case of src/sched/artifact_timing_test.cc as the artifact's input
# (initial-simulation-submit.csv, 19 jobs; run with a deployment of 10 nodes, e.g.
# sched-simulator-estimate-backfilling PLAT DEP -bf -nt 19) and as an SWF for airgrid (idle.swf).
# Hand-made case: after an idle wait the first arriving job does not fit, and a second job
# arrived in the same second. M = 10. 16 state jobs (1 proc, 1 s, submit 0); L: submit 100,
# 8 procs, 1000 s; H: submit 200, 4 procs, 100 s; S: submit 200, 2 procs, 50 s (estimates =
# runtimes); a sentinel at 2,000,000 s closes the 15-day window.
jobs = [(0, 1, 1)] * 16 + [(100, 1000, 8), (200, 100, 4), (200, 50, 2)]
with open('initial-simulation-submit.csv', 'w') as f:
    for s, r, q in jobs: f.write(f"{r},{q},{s},{r}\n")
with open('idle.swf', 'w') as f:
    f.write("; MaxNodes: 10\n; MaxProcs: 10\n")
    for i, (s, r, q) in enumerate(jobs + [(2000000, 10, 1)]):
        f.write(f"{i+1} {s} 0 {r} {q} -1 -1 {q} {r} -1 1 1 1 1 1 -1 -1 -1\n")
