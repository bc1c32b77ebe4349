# Writes the hand-made case of src/sched/artifact_timing_test.cc as the artifact's input
# (initial-simulation-submit.csv, 422 jobs; run with a deployment of 420 nodes) and as an SWF
# for airgrid (chain.swf, plus a sentinel job that closes the 15-day window). See
# docs/methodology.md ("Other traces, window by window").
# Hand-made case: a chain of starts that crosses a second (k*delta >= 1 s for k >= 384).
# M = 420. 16 state jobs (1 proc, 100000 s, submit 0); 404 jobs at submit 10 (1 proc; the
# 384th and 385th of the chain run 50 s, the others 100000 s); B: submit 20, 2 procs, 390 s;
# A: submit 59, 2 procs, 10 s; a sentinel at 2,000,000 s closes the 15-day window.
jobs = []
for i in range(16): jobs.append((0, 100000, 1))
for c in range(404): jobs.append((10, 50 if c in (383, 384) else 100000, 1))
jobs.append((20, 390, 2))   # B
jobs.append((59, 10, 2))    # A
with open('initial-simulation-submit.csv', 'w') as f:
    for s, r, q in jobs: f.write(f"{r},{q},{s},{r}\n")
with open('chain.swf', 'w') as f:
    f.write("; MaxNodes: 420\n; MaxProcs: 420\n")
    for i, (s, r, q) in enumerate(jobs + [(2000000, 10, 1)]):
        f.write(f"{i+1} {s} 0 {r} {q} -1 -1 {q} {r} -1 1 1 1 1 1 -1 -1 -1\n")
print(len(jobs))
