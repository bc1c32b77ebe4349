#!/usr/bin/env python3
"""Window-by-window comparison of the artifact's AVEbsld (drive.py CSV) with airgrid's
(--jobs-csv of `airgrid simulate --protocol sc17 --timing sc17`).
Usage: compare.py ARTIFACT_CSV AIRGRID_JOBS_CSV [-v]"""
import csv, sys
from collections import defaultdict
art_csv, ag_csv = sys.argv[1], sys.argv[2]
verbose = '-v' in sys.argv
name = {'fcfs': 'FCFS', 'wfp3': 'WFP3', 'unicef': 'UNICEF', 'spt': 'SPT', 'f1': 'F1', 'f2': 'F2', 'f3': 'F3', 'f4': 'F4'}
s = defaultdict(float); n = defaultdict(int)
for r in csv.DictReader(open(ag_csv)):
    k = (name[r['policy']], int(r['window']))
    s[k] += float(r['bsld']); n[k] += 1
per = defaultdict(lambda: [0, 0, 0.0, 0.0, [], 0])
for row in csv.reader(open(art_csv)):
    tr, cfg, pol, w, fid, nj, v = row
    k = (pol, int(w))
    if k not in n or v.startswith('nan'):
        per[pol][4].append(f"w{w}:missing({v})"); continue
    ours = s[k] / n[k]; a = float(v)
    p = per[pol]; p[1] += 1
    if n[k] + 16 != int(nj): p[4].append(f"w{w}:njobs {n[k]+16} vs {nj}")
    if round(ours * 100) == round(a * 100): p[0] += 1
    if f'{ours:.6f}' == v: p[5] += 1
    else: p[4].append(f"w{w}:{ours:.4f} vs {a:.4f}")
    p[2] = max(p[2], abs(ours - a)); p[3] = max(p[3], abs(ours - a) / a)
te = tt = t6 = 0
for pol in ['FCFS', 'WFP3', 'UNICEF', 'F1', 'F2', 'F3', 'F4', 'SPT']:
    if pol not in per: continue
    e, t, d, rel, bad, e6 = per[pol]; te += e; tt += t; t6 += e6
    print(f"{pol:7s} {e:3d}/{t:<3d} equal to 2 decimals ({e6} to the printed 6), max |diff| {d:.6f} ({100*rel:.2f} %)" + (("  " + " ".join(bad[:12])) if verbose and bad else ""))
print(f"total   {te}/{tt} equal to 2 decimals, {t6}/{tt} to 6")
