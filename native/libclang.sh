#!/usr/bin/env bash
# Makes libclang (and its builtin headers) available for the bindings generator: Debian's libclang1-14 and
# libclang-common-14-dev, installed with apt-get when neither libclang 14 nor 16 is present and
# LIBCLANG_PATH is unset. Needs root for the install; says what to do otherwise.
set -euo pipefail
if [ -n "${LIBCLANG_PATH:-}" ] || [ -e /usr/lib/llvm-14/lib/libclang.so.1 ] || [ -e /usr/lib/llvm-16/lib/libclang.so.1 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "aipc4j: ERROR: libclang is missing; run: sudo apt-get install libclang1-14 libclang-common-14-dev" >&2
  exit 1
fi
echo "aipc4j: installing Debian's libclang1-14 and libclang-common-14-dev (for the bindings generator)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang1-14 libclang-common-14-dev >/dev/null
