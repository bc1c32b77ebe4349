#!/usr/bin/python3
"""One run, four accountings: airgrid process mode, airgrid machine mode, CodeCarbon 3.3's
formulas and Green Algorithms 3.0's formula, all from the same `airgrid track --json` record.

    python3 examples/compare_attribution.py build/airgrid

The workload holds 400 MB, computes for 1.5 s, then sleeps 1.5 s. Prints a Markdown table
(docs/methodology.md, "Attribution modes compared"). Constants of the other tools, with sources:
  CodeCarbon 3.3 (codecarbon/core/cpu.py, external/hardware.py, external/ram.py), no RAPL, CPU not
  in its table: TDP = 4 W x threads; P_cpu = TDP x (0.1 + 0.9 x load^3) (machine mode); RAM =
  5 W per DIMM, DIMMs guessed from the RAM size (<= 16 GB: 2; <= 32 GB: 4; <= 64 GB: 4; <= 128 GB: 8).
  Green Algorithms 3.0: E = t x (cores x 12 W ("Any" TDP per core) x usage + memory GB x 0.3725 W/GB)
  x PUE, memory for the whole runtime; here cores = 1, usage = CPU time / t, memory = the average
  resident memory airgrid measured, PUE 1 (the calculator's default is 1.67).
"""
import json
import os
import subprocess
import sys
import tempfile

WORK = ("import time\nb = bytearray(400 * 10**6)\nt = time.time()\nx = 0\n"
        "while time.time() - t < 1.5:\n    x += 1\ntime.sleep(1.5)\n")


def dimms(gb):
    return 2 if gb <= 16 else 4 if gb <= 64 else 8 if gb <= 128 else 16


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "airgrid"
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "run.json")
        subprocess.run([binary, "track", "--quiet", "--interval", "0.25", "--json", out, "--", sys.executable, "-c", WORK],
                       check=True)
        with open(out) as f:
            t = json.load(f)["total"]
    a, e = t["attribution"], t["energy"]
    dur, cpu_s = t["duration_s"], a["tracked_cpu_s"]
    threads = os.cpu_count()
    mem_total = a["machine_memory_gb"]
    load = a["machine_busy_cpu_s"] / a["machine_total_cpu_s"] if a["machine_total_cpu_s"] else 0
    machine_j = e["machine_j"]
    cc_cpu_w = 4 * threads * (0.1 + 0.9 * load ** 3)
    cc_ram_w = 5 * dimms(mem_total)
    cc_j = (cc_cpu_w + cc_ram_w) * dur
    ga_j = dur * (1 * 12 * min(1.0, cpu_s / dur) + a["tracked_memory_gb"] * 0.3725)
    print(f"Run: {dur:.2f} s, {cpu_s:.2f} CPU-s of the tracked tree, {a['tracked_memory_gb']:.3f} GB held on average, "
          f"machine {threads} threads, {mem_total:.1f} GB, busy {100 * load:.0f} %; CPU method {e['cpu_method']}, "
          f"RAM method {e['ram_method']}\n")
    print("| accounting | CPU J | RAM J | total J | rule |")
    print("|---|---|---|---|---|")
    print(f"| airgrid `--attribution process` | {e['cpu_j']:.3g} | {e['ram_j']:.3g} | {e['total_j']:.3g} | CPU x CPU-time share "
          f"{a['share']:.3f}; RAM x memory share {a['ram_share']:.2e} |")
    cpu_m = sum(c["machine_j"] for c in t["components"] if c["component"] in ("cpu", "psys"))
    ram_m = sum(c["machine_j"] for c in t["components"] if c["component"] in ("dram", "ram"))
    print(f"| airgrid `--attribution machine` | {cpu_m:.3g} | {ram_m:.3g} | {machine_j:.3g} | every channel in full |")
    print(f"| CodeCarbon 3.3 formula (machine mode) | {cc_cpu_w * dur:.3g} | {cc_ram_w * dur:.3g} | {cc_j:.3g} | "
          f"4 W x {threads} threads x (0.1 + 0.9 load^3); {dimms(mem_total)} DIMMs x 5 W |")
    print(f"| Green Algorithms 3.0 formula | {dur * 12 * min(1.0, cpu_s / dur):.3g} | "
          f"{dur * a['tracked_memory_gb'] * 0.3725:.3g} | {ga_j:.3g} | 1 core x 12 W x usage; memory GB x 0.3725 W/GB, whole runtime |")


if __name__ == "__main__":
    main()
