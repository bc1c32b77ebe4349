#!/usr/bin/env bash
# airgrid against the minimal hand-written EASY loop (bench/easy_baseline.cc; issue 18).
# 1. Same schedule: for FCFS and F1, every job's start time from `airgrid simulate --backfill
#    easy --jobs-csv` must equal the loop's (compared by job id, `cmp`); the script stops if not.
# 2. Cost: RUNS alternated runs of each program (airgrid, loop, airgrid, loop...), whole-process
#    user+sys CPU seconds from GNU time; medians and the ratio airgrid / loop.
#
# usage: bench/easy_baseline.sh AIRGRID EASY_BASELINE [TRACE] [RUNS=7] [POLICIES="fcfs f1"]
#   TRACE defaults to ../shared/traces/HPC2N-2002-2.2-cln.swf.gz
set -euo pipefail
airgrid=$(realpath "$1")
loop=$(realpath "$2")
trace=${3:-../shared/traces/HPC2N-2002-2.2-cln.swf.gz}
runs=${4:-7}
policies=${5:-fcfs f1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
cpu() { # command... -> user+sys seconds
  /usr/bin/time -f '%U %S' -o "$tmp/t" "$@" >/dev/null
  awk '{print $1 + $2}' "$tmp/t"
}

for p in $policies; do
  "$airgrid" simulate -w "$trace" -p "$p" --backfill easy --jobs-csv "$tmp/a.csv" >/dev/null
  tail -n +2 "$tmp/a.csv" | cut -d, -f2,4 | sort -t, -k1,1n > "$tmp/a.ids"
  "$loop" "$trace" "$p" "$tmp/l.csv" >/dev/null
  sort -t, -k1,1n "$tmp/l.csv" > "$tmp/l.ids"
  if ! cmp -s "$tmp/a.ids" "$tmp/l.ids"; then
    echo "$p: start times differ (first difference below)"; diff "$tmp/a.ids" "$tmp/l.ids" | head -5
    exit 1
  fi
  echo "$p: same start time for all $(wc -l < "$tmp/a.ids") jobs"
done

printf '%-6s %12s %12s %8s\n' policy airgrid_cpu_s loop_cpu_s ratio
for p in $policies; do
  a=(); l=()
  for ((r = 0; r < runs; ++r)); do
    a+=("$(cpu "$airgrid" simulate -w "$trace" -p "$p" --backfill easy)")
    l+=("$(cpu "$loop" "$trace" "$p")")
  done
  ma=$(printf '%s\n' "${a[@]}" | median)
  ml=$(printf '%s\n' "${l[@]}" | median)
  printf '%-6s %12.3f %12.3f %8.2f\n' "$p" "$ma" "$ml" "$(awk -v a="$ma" -v l="$ml" 'BEGIN {print a / l}')"
done
