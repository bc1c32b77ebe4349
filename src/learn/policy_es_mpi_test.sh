#!/bin/sh
# ctest: `mpirun -np 2 airgrid learn policy` gives byte-identical weights to a 2-thread run
# of one process (the "layers" and "standardisation" of the two model files compared as text).
set -eu
airgrid="$1"
mpiexec="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args="learn policy -w lublin:600:3 --procs 64 --episode-length 48 --episodes 2 \
  --validation-episodes 2 --population 4 --iterations 3 --hidden 4 --seed 5"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
"$mpiexec" -np 2 "$airgrid" $args --threads 1 -o "$dir/mpi.json" > "$dir/mpi.log" 2>&1 || {
  cat "$dir/mpi.log"; exit 1; }
grep -q "ranks\": 2" "$dir/mpi.json" || { echo "the MPI run did not use 2 ranks"; exit 1; }
"$airgrid" $args --threads 2 --no-mpi -o "$dir/threads.json" > "$dir/threads.log" 2>&1
python3 - "$dir/mpi.json" "$dir/threads.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ("layers", "standardisation", "features")
if any(json.dumps(a[k]) != json.dumps(b[k]) for k in keys):
    sys.exit("weights differ between mpirun -np 2 and --threads 2")
print("identical weights:", sum(len(l["bias"]) + sum(map(len, l["weight"])) for l in a["layers"]), "parameters")
PY
