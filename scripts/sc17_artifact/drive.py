#!/usr/bin/env python3
"""Runs one of the SC'17 artifact's test_sched_perfomrance_<trace>_<config>.py protocols window
by window with the artifact's simulators, taking every parameter (trace file, job filter, number of
windows, deployment file, simulator and flags) from the artifact's own script, and prints
CSV: trace,config,policy,window,first_job_id,n_jobs,AVEbsld.
Usage: drive.py SCRIPT SWF [first_window] [last_window_exclusive] [policies comma list]"""
import gzip, os, re, subprocess, sys

script, swf = sys.argv[1], sys.argv[2]
lo = int(sys.argv[3]) if len(sys.argv) > 3 else 0
hi = int(sys.argv[4]) if len(sys.argv) > 4 else None
want = sys.argv[5].split(',') if len(sys.argv) > 5 else None
ART = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = open(script).read()
filt = re.search(r"^\s*if (int\(row\[4\]\).*):\s*$", src, re.M).group(1)
nexp = int(re.search(r"^NUM_EXPERIMENTS\s*=\s*(\d+)", src, re.M).group(1))
days = int(re.search(r"^SIM_NUM_DAYS\s*=\s*(\d+)", src, re.M).group(1))
calls = re.findall(r"^\s*subprocess\.call\(\['\./(\S+) (xmls/\S+) (xmls/\S+) ((?:-\S+ )*)-nt '", src, re.M)
flag2pol = {'': 'FCFS', '-wfp3': 'WFP3', '-unicef': 'UNICEF', '-spt': 'SPT', '-f4': 'F4', '-f3': 'F3', '-f2': 'F2', '-f1': 'F1'}
m = re.match(r"test_sched_perfomrance_(\w+)_(runtime|estimate|backfilling)\.py", os.path.basename(script))
trace, config = m.group(1), m.group(2)
hi = nexp if hi is None else min(hi, nexp)

op = gzip.open if swf.endswith('.gz') else open
ids, rt, req, nodes, sub = [], [], [], [], []
for line in op(swf, 'rt'):
    row = re.split(" +", line.lstrip(" "))          # exactly as the artifact's scripts split
    if row[0].startswith(";"):
        continue
    if eval(filt, {'row': row, 'int': int}):
        ids.append(int(row[0])); rt.append(int(row[3])); req.append(int(row[8]))
        nodes.append(int(row[4])); sub.append(int(row[1]))
four = config != 'runtime' or 'tasks_state_req_runtimes[j])+"\\n"' in src
os.chdir(os.environ.get('RUN_DIR', os.path.join(ART, 'run')))
choose = 0
for w in range(hi):
    first = sub[choose]
    lines = []
    for j in range(16):
        i = choose + j
        lines.append((i, sub[i] - first))
    j = 0
    try:
        while sub[choose + 16 + j] - first <= 86400 * days:
            i = choose + 16 + j
            lines.append((i, sub[i] - first)); j += 1
    except IndexError:  # the artifact's script dies here (trace exhausted): no more windows
        print(f"# trace exhausted in window {w}", file=sys.stderr)
        break
    start = choose
    choose = choose + 16 + j
    if w < lo:
        continue
    with open('initial-simulation-submit.csv', 'w') as f:
        for i, s in lines:
            f.write(f"{rt[i]},{nodes[i]},{s}" + (f",{req[i]}" if four else "") + "\n")
    n = len(lines)
    for binary, plat, dep, flags in calls:
        fl = [x for x in flags.split() if x != '-bf']
        pol = flag2pol[' '.join(fl)]
        if want and pol not in want:
            continue
        plat_path, dep_path = os.path.join(ART, plat), os.path.join(ART, dep)
        if os.environ.get('SMALL_PLATFORM') == '1':
            # Same cluster (speed, cores, links), only n + 2 hosts instead of 40,001: the master
            # uses node-0, workers node-1..node-n (one per job), the monitor node-(n+1).
            # The deployment's first argument (worker hosts looked up) becomes n.
            plat_path, dep_path = 'plat_small.xml', 'deployment_small.xml'
            open(plat_path, 'w').write(open(os.path.join(ART, plat)).read().replace('radical="0-40000"', f'radical="0-{n + 1}"'))
            open(dep_path, 'w').write(open(os.path.join(ART, dep)).read().replace('<argument value="40000"/>', f'<argument value="{n}"/>', 1))
        cmd = [os.path.join(ART, binary), plat_path, dep_path] + flags.split() + ['-nt', str(n)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            out = p.stdout.strip().splitlines()
            val = out[0] if out and p.returncode == 0 else f"nan(rc={p.returncode})"
        except subprocess.TimeoutExpired:
            val = "nan(timeout)"
        print(f"{trace},{config},{pol},{w},{ids[start]},{n},{val}", flush=True)
