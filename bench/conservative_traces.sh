#!/usr/bin/env bash
# Conservative backfilling against EASY on whole archive traces with many jobs running at once
# (issue 18): RICC-2010-2 (8,192 processors) and METACENTRUM-2009-2 (806 processors; neither
# file has a header, so the machine size is given, from the Parallel Workloads Archive's pages),
# F1, requested times, the whole queue visible, trace protocol. One row per (trace, backfill)
# with the whole-process user+sys CPU seconds (median of RUNS runs, GNU time) and peak RSS, then
# conservative / EASY.
#
# usage: bench/conservative_traces.sh AIRGRID [RUNS=3] [TRACES_DIR=../shared/traces-more]
#   CONSERVATIVE_TIMEOUT: seconds one run may take (default 1200)
# Example: nice bench/conservative_traces.sh build/airgrid 3
set -euo pipefail
bin=$(realpath "$1")
runs=${2:-3}
dir=${3:-$(dirname "$0")/../../shared/traces-more}
limit=${CONSERVATIVE_TIMEOUT:-1200}
command -v /usr/bin/time >/dev/null || { echo "conservative_traces.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

printf '%-20s %-13s %10s %10s\n' trace backfill cpu_s peak_MB
for spec in "RICC-2010-2 8192" "METACENTRUM-2009-2 806"; do
  read -r name procs <<< "$spec"
  swf="$dir/$name.swf.gz"
  [ -s "$swf" ] || { echo "conservative_traces.sh: $swf: not found (third argument: the folder)" >&2; exit 2; }
  declare -A cpu=()
  for bf in easy conservative; do
    cpus=(); rss=(); ok=1
    for ((r = 0; r < runs; ++r)); do
      stats=$(mktemp)
      if ! timeout "$limit" /usr/bin/time -f '%U %S %M' -o "$stats" "$bin" simulate -w "$swf" \
          --procs "$procs" --invalid skip -p f1 --estimates requested --backfill "$bf" \
          --lookahead 0 >/dev/null; then
        ok=0; rm -f "$stats"; break
      fi
      read -r u s m < "$stats"; rm -f "$stats"
      cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); rss+=("$m")
    done
    if [ $ok = 0 ]; then printf '%-20s %-13s %10s\n' "$name" "$bf" "> ${limit}s"; continue; fi
    cpu[$bf]=$(printf '%s\n' "${cpus[@]}" | median)
    mb=$(printf '%s\n' "${rss[@]}" | median | awk '{printf "%.0f", $1 / 1024}')
    printf '%-20s %-13s %10.2f %10s\n' "$name" "$bf" "${cpu[$bf]}" "$mb"
  done
  if [ -n "${cpu[easy]:-}" ] && [ -n "${cpu[conservative]:-}" ]; then
    awk -v n="$name" -v c="${cpu[conservative]}" -v e="${cpu[easy]}" \
      'BEGIN {printf "%-20s conservative / EASY = %.1f\n", n, (e > 0 ? c / e : 0)}'
  fi
  unset cpu
done
