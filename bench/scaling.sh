#!/usr/bin/env bash
# Scaling of `airgrid simulate` with the number of jobs on a deep queue (issue 18): the typeless
# Lublin model (SC'17's lublin_256.swf model, an overloaded 256-processor machine), F1, requested
# times, the whole queue visible, trace protocol; one row per (jobs, backfill) with the
# whole-process user+sys CPU seconds (median of RUNS runs, GNU time) and the peak RSS; then the
# exponent b of a least-squares fit cpu = a * jobs^b per backfilling mode, and, when both were
# run, conservative / EASY per job count (issue 18: conservative within 10x EASY).
#
# usage: bench/scaling.sh AIRGRID [MAX_JOBS=1280000] [RUNS=3] [BACKFILLS="none easy conservative"]
#   SCALING_DIR: where the generated workloads go (default /tmp/airgrid-scaling; reused)
#   SCALING_TIMEOUT: seconds one run may take (default 600); a slower point ends its series
# Example: nice bench/scaling.sh build/airgrid 1280000 3
set -euo pipefail
bin=$(realpath "$1")
max_jobs=${2:-1280000}
runs=${3:-3}
backfills=${4:-none easy conservative}
dir=${SCALING_DIR:-/tmp/airgrid-scaling}
limit=${SCALING_TIMEOUT:-600}
mkdir -p "$dir"
command -v /usr/bin/time >/dev/null || { echo "scaling.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
printf '%-10s %-13s %10s %10s\n' jobs backfill cpu_s peak_MB
for bf in $backfills; do
  for ((n = 10000; n <= max_jobs; n *= 2)); do
    swf="$dir/lublin_typeless_$n.swf"
    [ -s "$swf" ] || "$bin" workload generate --mix typeless --procs 256 --jobs "$n" --seed 1 \
      -o "$swf" >/dev/null
    cpus=(); rss=()
    ok=1
    for ((r = 0; r < runs; ++r)); do
      stats=$(mktemp)
      if ! timeout "$limit" /usr/bin/time -f '%U %S %M' -o "$stats" "$bin" simulate -w "$swf" \
          -p f1 --estimates requested --backfill "$bf" --lookahead 0 >/dev/null; then
        ok=0; rm -f "$stats"; break
      fi
      read -r u s m < "$stats"; rm -f "$stats"
      cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); rss+=("$m")
    done
    if [ $ok = 0 ]; then printf '%-10s %-13s %10s\n' "$n" "$bf" "> ${limit}s"; break; fi
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    mb=$(printf '%s\n' "${rss[@]}" | median | awk '{printf "%.0f", $1 / 1024}')
    printf '%-10s %-13s %10.2f %10s\n' "$n" "$bf" "$cpu" "$mb"
    echo "$bf $n $cpu" >> "$results"
  done
done
echo
echo "fitted exponent b of cpu = a * jobs^b (least squares on logs; points under 0.05 s left out):"
awk '$3 >= 0.05 {x = log($2); y = log($3); n[$1]++; sx[$1] += x; sy[$1] += y; sxx[$1] += x * x;
     sxy[$1] += x * y}
     END {for (b in n) if (n[b] >= 2) printf "  %-13s b = %.2f (%d points)\n", b,
          (n[b] * sxy[b] - sx[b] * sy[b]) / (n[b] * sxx[b] - sx[b] * sx[b]), n[b];
          else printf "  %-13s too few points\n", b}' "$results"
awk '{c[$1 " " $2] = $3; if ($1 == "conservative") n[$2] = 1}
     END {for (j in n) if ((("easy " j) in c) && c["easy " j] > 0)
          printf "  conservative / EASY at %d jobs: %.1f\n", j, c["conservative " j] / c["easy " j]}' \
  "$results" | sort -k5,5g
