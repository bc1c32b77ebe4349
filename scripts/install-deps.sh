#!/usr/bin/env bash
# Installs every build, test and report dependency of airgrid from Debian 12 packages.
# Idempotent: packages already present are left as they are. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev nlohmann-json3-dev libcli11-dev libfmt-dev zlib1g-dev libmuparser-dev
  libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev
  python3 python3-numpy python3-scipy python3-sklearn
  python3-dev pybind11-dev python3-pybind11 python3-setuptools python3-venv python3-pip
  chromium
  time  # GNU time: whole-process CPU and peak memory in bench/scaling.sh
)
# Optional: PyTorch is only used to cross-check the MLP forward pass (the test skips without it).
optional=(python3-torch)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}" "${optional[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends \
  $(printf '%s\n' "${missing[@]}" | grep -vxF -f <(printf '%s\n' "${optional[@]}"))
for p in "${optional[@]}"; do
  if [[ " ${missing[*]} " == *" $p "* ]]; then
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$p" ||
      echo "install-deps: optional package $p not installed; the tests that need it will skip"
  fi
done
