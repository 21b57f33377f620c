#!/usr/bin/env bash
# Regenerates bindings/ from the pinned C headers of ONNX Runtime, ONNX Runtime GenAI and OpenVINO.
#
#   ./jextract.sh                 regenerate every header set (or name some: onnxruntime onnxruntime-genai openvino)
#   ./jextract.sh --refresh-args  rewrite the --include-* lists of src/generator/args/*.args from the headers
#   ./jextract.sh --check [SET…]  regenerate into a temporary folder with aipc4j's generator and fail unless
#                                 the result equals bindings/ byte for byte
#
# With a real jextract ($JEXTRACT, or `jextract` on PATH) that is used, and its output must compile with
# --release 22 (jextract newer than its Java 22 line emits JDK 23+ calls); otherwise aipc4j's own generator
# (src/generator, jextract's Java 22 output shape over libclang) runs with the same argument files.
# Headers come from native/headers.py; GenAI's header is in no registry: pass GENAI_HEADER=file or
# GENAI_REPO=git-dir (a clone holding the pinned tag) the first time.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
source bin/jdk.sh
ALL=(onnxruntime onnxruntime-genai openvino)
refresh=false
check=false
sets=()
for arg in "$@"; do
  case "$arg" in
    --refresh-args) refresh=true ;;
    --check) check=true ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) sets+=("$arg") ;;
  esac
done
[ ${#sets[@]} -gt 0 ] || sets=("${ALL[@]}")

python3 native/fetch.py --quiet
python3 native/headers.py ${GENAI_HEADER:+--genai-header "$GENAI_HEADER"} ${GENAI_REPO:+--genai-repo "$GENAI_REPO"} "${sets[@]}"

real=${JEXTRACT:-$(command -v jextract || true)}
$check && real=""   # the check is of aipc4j's own generator
if [ -n "$real" ]; then
  gen=("$real")
  echo "jextract.sh: using $real ($("$real" --version 2>&1 | head -1))"
else
  bash native/libclang.sh
  rm -rf target/generator
  "$JAVA_HOME/bin/javac" --release 22 -d target/generator $(find src/generator/java -name '*.java')
  gen=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp target/generator io.github.aipc4j.generator.Main)
fi

marker='# --- includes (./jextract.sh --refresh-args) ---'
for set in "${sets[@]}"; do
  args=src/generator/args/$set.args
  [ -f "$args" ] || { echo "jextract.sh: no $args (header sets: ${ALL[*]})" >&2; exit 2; }
  if $refresh; then
    base=$(awk -v m="$marker" '{ print } $0 == m { exit }' "$args")
    dump=$(mktemp)
    printf '%s\n' "$base" | grep -vxF -- "$marker" > "$dump.args"
    "${gen[@]}" --dump-includes "$dump" @"$dump.args"
    # keep only what the runtime's own headers declare (no glibc), with paths relative to the checkout
    { printf '%s\n' "$base"
      awk -v keep="$ROOT/native/headers/$set/" '
        /^#### Extracted from: / { on = index($4, keep) == 1 }
        on' "$dump" | sed "s|$ROOT/||g"; } > "$args"
    rm -f "$dump" "$dump.args"
    echo "jextract.sh: $args: $(grep -c '^--include' "$args") declarations"
    continue
  fi
  pkg=$(sed -n 's/^-t  *//p' "$args" | head -1)
  out=$(mktemp -d)
  "${gen[@]}" --output "$out" @"$args"
  origin=$(python3 native/headers.py --describe "$set")
  for file in "$out/${pkg//.//}"/*.java; do
    sed -i "1a // $origin" "$file"
  done
  if $check; then
    if ! diff -r "$out/${pkg//.//}" "bindings/${pkg//.//}" > "$out.diff"; then
      echo "jextract.sh: ERROR: regenerating $set does not reproduce bindings/${pkg//.//}:" >&2
      head -40 "$out.diff" >&2
      rm -rf "$out" "$out.diff"
      exit 1
    fi
    rm -rf "$out" "$out.diff"
    echo "jextract.sh: $set reproduces bindings/${pkg//.//} byte for byte"
    continue
  fi
  rm -rf "bindings/${pkg//.//}"
  mkdir -p "bindings/$(dirname "${pkg//.//}")"
  mv "$out/${pkg//.//}" "bindings/${pkg//.//}"
  rm -rf "$out"
  echo "jextract.sh: $set → bindings/${pkg//.//} ($(ls "bindings/${pkg//.//}" | wc -l) files)"
done

# GenAI's header is in no registry, so CI checks its bindings against gcc expectations made here, from the header.
if ! $refresh && [[ " ${sets[*]} " == *" onnxruntime-genai "* ]]; then
  expected=src/test/resources/abi/onnxruntime-genai.expected
  target=$expected
  $check && target=$(mktemp)
  bin/mvn -q -Daipc4j.fetch.skip=true test-compile
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes \
      io.github.aipc4j.bindings.AbiExpectations onnxruntime-genai "$target" >/dev/null
  if $check; then
    diff "$target" "$expected" >&2 || { echo "jextract.sh: ERROR: $expected differs from gcc on the header" >&2; exit 1; }
    rm -f "$target"
    echo "jextract.sh: $expected agrees with gcc"
  else
    echo "jextract.sh: wrote $expected (gcc's view of the GenAI header, checked in CI against the bindings)"
  fi
fi

if [ -n "$real" ] && ! $refresh; then
  check=$(mktemp -d)
  "$JAVA_HOME/bin/javac" --release 22 -d "$check" $(find bindings -name '*.java') || {
    echo "jextract.sh: ERROR: $real's output does not compile with --release 22 (a jextract newer than its Java 22 line?)" >&2
    exit 1; }
  rm -rf "$check"
fi
