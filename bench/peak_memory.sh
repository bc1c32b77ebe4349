#!/usr/bin/env bash
# Whole-process peak memory of `airgrid simulate` per job (issue 18: at most 150 bytes a job at
# 5 M jobs). For each SWF file given: the maximum resident set size (GNU time, %M), divided by
# the jobs the run simulated, and the user+sys CPU seconds; median of RUNS runs. The run is
# F1, EASY, requested estimates, the whole queue visible, trace protocol: the case of
# bench/scaling.sh.
#
# usage: bench/peak_memory.sh AIRGRID RUNS FILE.swf...
# The 5 M-job inputs of bench/RESULTS.md:
#   airgrid workload generate --mix typeless --procs 256 --jobs 5000000 --seed 1 -o typeless_5m.swf
#   and HPC2N concatenated 25 times (ids renumbered, each copy 110e6 s later), see RESULTS.md.
set -euo pipefail
bin=$(realpath "$1")
runs=$2
shift 2
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-28s %9s %12s %9s %8s\n' file jobs peak_MB B/job cpu_s
for f in "$@"; do
  rss=(); cpus=()
  for ((r = 0; r < runs; ++r)); do
    /usr/bin/time -f '%M %U %S' -o "$tmp/t" "$bin" simulate -w "$f" -p f1 --estimates requested \
      --backfill easy --lookahead 0 -o "$tmp/run.json" >/dev/null
    read -r m u s < "$tmp/t"
    rss+=("$m"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  jobs=$(jq '.runs[0].jobs' "$tmp/run.json")
  kb=$(printf '%s\n' "${rss[@]}" | median)
  printf '%-28s %9s %12.0f %9.0f %8.2f\n' "$(basename "$f")" "$jobs" "$(awk -v k="$kb" 'BEGIN {print k / 1024}')" \
    "$(awk -v k="$kb" -v n="$jobs" 'BEGIN {print k * 1024 / n}')" "$(printf '%s\n' "${cpus[@]}" | median)"
done
