#!/bin/bash
# Builds the SC'17 artifact's simulators (hpcsched/gen-sched-policies @ 5d62e12,
# sched-performance-tester/) against Debian 12's libsimgrid-dev 3.32, outside the repository,
# with the two changes listed in docs/methodology.md ("Other traces, window by window"):
#   1. todo[i]->name -> MSG_task_get_name(todo[i])   (msg_task_t is opaque in SimGrid 3.32;
#      verbose logging only)
#   2. MSG_process_ref(p_master) after p_master = MSG_process_self()   (keeps the finished
#      master's actor object alive: every taskManager calls MSG_process_resume(p_master) when
#      its job ends, also after the master has returned; 3.32 frees finished actors, so that
#      call read freed memory and crashed in ActorImpl::resume on HPC2N's first window; with
#      the reference it is ignored, as a resume of a dead actor)
# Usage: setup.sh ARTIFACT_CHECKOUT [DEST=/tmp/art2]
#   ARTIFACT_CHECKOUT: a git checkout (or bare mirror) of hpcsched/gen-sched-policies.
# Then, e.g.: python3 DEST/tools/drive.py DEST/scripts/test_sched_perfomrance_hpc2n_runtime.py \
#   ../shared/traces/HPC2N-2002-2.2-cln.swf.gz 0 83 FCFS,WFP3,UNICEF,F1,F2,F3,F4 > hpc2n_runtime.csv
set -euo pipefail
src=${1:?artifact checkout}
dest=${2:-/tmp/art2}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dest"/xmls "$dest"/scripts "$dest"/run "$dest"/tools
show() { git -C "$src" show 5d62e12:sched-performance-tester/"$1"; }
for f in sched-simulator-runtime.c sched-simulator-estimate-backfilling.c; do
  show "$f" | sed -e 's/todo\[i\]->name/MSG_task_get_name(todo[i])/' \
    -e 's|^p_master = MSG_process_self();|p_master = MSG_process_self();\nMSG_process_ref(p_master);|' \
    > "$dest/$f"
  grep -q 'MSG_process_ref(p_master);' "$dest/$f"
  gcc -O2 -w -o "$dest/${f%.c}" "$dest/$f" -lsimgrid -lm
done
for f in $(git -C "$src" ls-tree --name-only 5d62e12 sched-performance-tester/xmls/); do
  git -C "$src" show 5d62e12:"$f" > "$dest/xmls/$(basename "$f")"
done
for f in $(git -C "$src" ls-tree --name-only 5d62e12 sched-performance-tester/ | grep test_sched_perfomrance); do
  git -C "$src" show 5d62e12:"$f" > "$dest/scripts/$(basename "$f")"
done
cp "$here"/drive.py "$here"/compare.py "$dest"/tools/
echo "built $dest/sched-simulator-runtime and $dest/sched-simulator-estimate-backfilling"
