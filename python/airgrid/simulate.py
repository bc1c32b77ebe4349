"""simulate(): `airgrid simulate` from Python, returning its run metrics as objects."""
import json
import os
import shutil
import subprocess
import tempfile
from types import SimpleNamespace


def _binary():
    here = os.path.join(os.path.dirname(__file__), "bin", "airgrid")
    for candidate in (os.environ.get("AIRGRID_BIN"), here, shutil.which("airgrid")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("simulate: the airgrid program was not found (set AIRGRID_BIN, or install airgrid)")


def _namespace(x):
    if isinstance(x, dict):
        return SimpleNamespace(**{k: _namespace(v) for k, v in x.items()})
    if isinstance(x, list):
        return [_namespace(v) for v in x]
    return x


def simulate(workload, *, policies=("fcfs",), backfill="none", estimates="actual", protocol="trace", procs=None,
             **options):
    """Simulates scheduling policies on a workload (an SWF path or "lublin:JOBS[:SEED]") with the
    options of `airgrid simulate` (keyword names with _ for -, e.g. window_days=7). Returns the
    list of runs of its --json output (docs/formats.md) as objects: ``runs[0].avg_bsld``...
    Errors raise ValueError (bad input) or RuntimeError with the CLI's message."""
    if not isinstance(workload, (str, os.PathLike)):
        raise TypeError(f"workload: expected a path or 'lublin:JOBS[:SEED]', got {type(workload).__name__}")
    if isinstance(policies, str):
        policies = (policies,)
    args = [_binary(), "simulate", "--workload", str(workload), "--backfill", backfill, "--estimates", estimates,
            "--protocol", protocol]
    for p in policies:
        args += ["--policy", p]
    if procs is not None:
        args += ["--procs", str(procs)]
    for k, v in options.items():
        flag = "--" + k.replace("_", "-")
        if v is True:
            args.append(flag)
        elif v is not False and v is not None:
            args += [flag, str(v)]
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "run.json")
        proc = subprocess.run(args + ["--json", out], capture_output=True, text=True)
        if proc.returncode != 0:
            message = proc.stderr.strip().removeprefix("airgrid: error: ")
            raise (ValueError if proc.returncode == 2 else RuntimeError)(message)
        with open(out, encoding="utf-8") as f:
            result = json.load(f)
    return _namespace(result["runs"])
