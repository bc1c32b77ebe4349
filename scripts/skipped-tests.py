#!/usr/bin/env python3
"""Summary of the skipped tests of a ctest JUnit file (ctest --output-junit): each test's name
and the reason its GTEST_SKIP() gave, then where the missing data comes from."""
import re
import sys
import xml.etree.ElementTree as ET

HOW_TO_GET_TRACES = """\
Most skips are missing shared data. The tests look for it in ../shared next to the checkout
(CMake option AIRGRID_SHARED_DIR):
  ../shared/traces/  from the Parallel Workloads Archive, https://www.cs.huji.ac.il/labs/parallel/workload/
                     (keep the original names): SDSC-SP2-1998-4.2-cln.swf.gz, HPC2N-2002-2.2-cln.swf.gz,
                     KTH-SP2-1996-2.1-cln.swf.gz, and the Lublin-Feitelson model logs lublin_256.swf
                     and lublin_256_new2 (models section of the archive)
  ../shared/sc17/    from the SC'17 artifact (github.com/hpcsched/gen-sched-policies @ 5d62e12):
                     score-distribution.csv (its nonlinear-regression/ folder), and
                     per-window-sdsc-sp2.csv (the artifact's simulator run with its own test scripts
                     on SDSC-SP2: one row per window and policy)
Other skips name a missing program (chromium, mpirun, python3 with scikit-learn/SciPy/PyTorch):
scripts/install-deps.sh installs them."""


def reason(case):
    for tag in ("skipped", "system-out"):
        node = case.find(tag)
        if node is None:
            continue
        text = (node.get("message") or "") + "\n" + (node.text or "")
        m = re.search(r"^[^\n]*Skipped\n?(.*?)\n\s*\[  SKIPPED \]", text, re.S | re.M)
        if m and m.group(1).strip():
            return " ".join(m.group(1).split())
        m = re.search(r"Skipped\s*(.+)", text)
        if m and m.group(1).strip() and "[  SKIPPED ]" not in m.group(1):
            return " ".join(m.group(1).split())
    return "(no reason given)"


def main(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"skipped-tests: cannot read {path}: {e}", file=sys.stderr)
        return 1
    skipped = [(c.get("name"), reason(c)) for c in root.iter("testcase")
               if c.get("status") in ("notrun", "skipped") or c.find("skipped") is not None]
    total = sum(1 for _ in root.iter("testcase"))
    print()
    if not skipped:
        print(f"== all {total} tests ran; none skipped ==")
        return 0
    print(f"== {len(skipped)} of {total} tests were SKIPPED (not run, not passed) ==")
    width = max(len(n) for n, _ in skipped)
    for name, why in sorted(skipped):
        print(f"  {name:<{width}}  {why}")
    print()
    print(HOW_TO_GET_TRACES)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/ctest-results.xml"))
