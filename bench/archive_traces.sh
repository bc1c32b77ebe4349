#!/usr/bin/env bash
# Every Parallel Workloads Archive trace the project can obtain, read and simulated (issue 18):
# for each .swf / .swf.gz (and the extension-less Lublin log) in the given folders, one
# Markdown row with the jobs read, the records skipped per reason, the machine size and where
# it came from, the jobs the sc17 filter keeps, and the whole-process CPU time of
# `simulate -p fcfs` (trace protocol, no backfilling). A trace is first read with the
# defaults; only when that read fails with a message asking for `--invalid skip` or `--procs`
# is the option added (the row says which), so the table also checks those messages.
#
# usage: bench/archive_traces.sh AIRGRID [DIR...]   (default: ../shared/traces ../shared/traces-more)
# Needs jq and GNU time. Machine sizes for headerless traces come from the archive's pages
# (table below), never from the trace.
set -euo pipefail
bin=$(realpath "$1")
shift
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(../shared/traces ../shared/traces-more)
command -v jq >/dev/null || { echo "archive_traces.sh: needs jq" >&2; exit 2; }

# Processors of traces without a header, from the Parallel Workloads Archive's page of each log
# (cs.huji.ac.il/labs/parallel/workload/l_ricc, l_metacentrum).
declare -A site_procs=(
  [RICC-2010-2]="8192:PWA page: 1024 nodes x 8 cores"
  [METACENTRUM-2009-2]="806:PWA page: 14 clusters, 806 processors"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| trace | options needed | jobs read | skipped (reason: count) | machine (source) | sc17 filter keeps | \`simulate -p fcfs\` CPU s |"
echo "|---|---|---:|---|---|---:|---:|"
for d in "${dirs[@]}"; do
  for f in "$d"/*; do
    case "$f" in *.md | *README*) continue ;; esac
    leaf=$(basename "$f")
    key=${leaf%.gz}; key=${key%.swf}; key=${key%-cln}; key=${key%-1.1}
    opts=()
    if ! "$bin" workload info "$f" --json "$tmp/info.json" >/dev/null 2>"$tmp/err"; then
      if grep -q -- "--invalid skip" "$tmp/err"; then opts+=(--invalid skip); fi
      if grep -q -- "--procs" "$tmp/err"; then
        entry=${site_procs[$key]:-}
        [ -n "$entry" ] || { echo "| $leaf | ? | failed: $(head -c 200 "$tmp/err") | | | | |"; continue; }
        opts+=(--procs "${entry%%:*}")
      fi
      if ! "$bin" workload info "$f" "${opts[@]}" --json "$tmp/info.json" >/dev/null 2>"$tmp/err"; then
        echo "| $leaf | ${opts[*]} | failed: $(head -c 200 "$tmp/err") | | | | |"; continue
      fi
    fi
    read -r jobs procs from kept skipped < <(jq -r '[.jobs_in_file, .machine_procs,
        .machine_procs_from, (.filters[] | select(.name == "sc17") | .jobs_kept),
        ((.skipped_records // {}) | to_entries | map("\(.key): \(.value)") | join(", ")
          | if . == "" then "none" else gsub(" "; "\u00a0") end)] | @tsv' "$tmp/info.json" |
        tr '\t' ' ')
    skipped=${skipped//$'\u00a0'/ }
    [ "$from" = "--procs" ] && from="--procs; ${site_procs[$key]#*:}"
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$bin" simulate -w "$f" "${opts[@]}" -p fcfs \
      >/dev/null 2>"$tmp/err" || { echo "| $leaf | simulate failed: $(head -c 200 "$tmp/err") |"; continue; }
    cpu=$(awk '{printf "%.2f", $1 + $2}' "$tmp/time")
    printf '| %s | %s | %s | %s | %s (%s) | %s | %s |\n' "$leaf" "${opts[*]:-none}" "$jobs" \
      "$skipped" "$procs" "$from" "$kept" "$cpu"
  done
done
