#!/usr/bin/env bash
# aipc4j over ONNX Runtime GenAI vs GenAI's own Python API, in one run: same model folder, same prompt
# (benchmarks/genai/prompt.txt), greedy, NEW_TOKENS new tokens, same intra_op_num_threads, the very same
# libonnxruntime-genai.so / libonnxruntime.so.1.28.0 (both come from the pinned wheels in native/pins.ini).
# Processes run interleaved, Java, Python, Java, to spread machine noise over both; Python measures 2×RUNS so
# both sides pool the same number of runs.
#
#   benchmarks/genai/run.sh [--layers N]
#
# Environment (defaults): THREADS (nproc), RUNS (5), WARMUP (2), NEW_TOKENS (128),
#   MODEL_DIR (target/genai-bench/bench[-LN]; made with make-model --preset bench when missing),
#   VENV (/tmp/aipc4j-genai-venv), RESULT (benchmarks/results/genai-vs-python.json; .md beside it),
#   WORK (target/genai-bench: per-process results), NOTE (a sentence for the table), NO_BUILD (1: skip fetch and build).
#
# The Python side runs in a throwaway venv holding only the two pinned wheels (pip --no-index --no-deps, digests
# checked against native/pins.ini) and numpy pinned by version and SHA-256 in native/python.ini. Needs python3.11
# (the wheels are cp311).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source bin/jdk.sh

LAYERS=
if [ "${1:-}" = "--layers" ]; then LAYERS=${2:?--layers N}; shift 2; fi
THREADS=${THREADS:-$(nproc)}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-2}
NEW_TOKENS=${NEW_TOKENS:-128}
MODEL_DIR=${MODEL_DIR:-target/genai-bench/bench${LAYERS:+-L$LAYERS}}
VENV=${VENV:-/tmp/aipc4j-genai-venv}
RESULT=${RESULT:-benchmarks/results/genai-vs-python.json}
PROMPT=benchmarks/genai/prompt.txt
WORK=${WORK:-target/genai-bench}
mkdir -p "$WORK" "$(dirname "$RESULT")"

# 1. the pinned runtimes (wheels and extracted libraries) and the classes
if [ -z "${NO_BUILD:-}" ]; then   # NO_BUILD=1: use the classes and libraries already there (e.g. a copied tree)
  python3 native/fetch.py --quiet
  bin/mvn -q -Daipc4j.fetch.skip=true test-compile
fi
# a private copy of the classes, so that a build running beside this one cannot change them between processes
rm -rf "$WORK/classes" && mkdir -p "$WORK/classes/io/github/aipc4j/bench"
cp -r target/classes/. "$WORK/classes/"
cp target/test-classes/io/github/aipc4j/bench/GenAiGenerationHarness*.class "$WORK/classes/io/github/aipc4j/bench/"
CP=$WORK/classes

# 2. the Python venv: exactly the pinned wheels
PY=$(command -v python3.11 || command -v python3)
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "run.sh: the pinned wheels are cp311; need python3.11, found $("$PY" --version)" >&2; exit 1; }
WHEELS=$(python3 - <<'EOF'
import configparser, hashlib, os, sys
wheels = []
for ini, names in (("native/pins.ini", ("onnxruntime", "onnxruntime-genai")), ("native/python.ini", ("numpy",))):
    p = configparser.ConfigParser(interpolation=None)
    p.read(ini)
    for n in names:
        s = p[n]
        wheels.append((s["file"], s["sha256"].lower(), s["package"], s["version"]))
for file, sha, package, version in wheels:
    path = os.path.join("native/downloads", file)
    if not os.path.exists(path):
        # numpy is not fetched by native/fetch.py: download exactly the pinned file, then check its digest
        import subprocess
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "--python-version", "3.11", "--platform", "manylinux2014_x86_64", "--dest", "native/downloads",
                        f"{package}=={version}"], check=True, stdout=sys.stderr)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != sha:
        sys.exit(f"{path}: sha256 {digest}, pinned {sha}")
    print(path)
EOF
)
STAMP="$VENV/.aipc4j-wheels"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WHEELS" ]; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install --quiet --no-index --no-deps $WHEELS
  echo "$WHEELS" > "$STAMP"
fi

# 3. the model folder
if [ ! -f "$MODEL_DIR/genai_config.json" ]; then
  java --enable-native-access=ALL-UNNAMED -cp "$CP" io.github.aipc4j.cli.Main make-model --out "$MODEL_DIR" \
    --preset bench ${LAYERS:+--layers "$LAYERS"}
fi

# 4. Java, Python, Java
COMMON=(--model "$MODEL_DIR" --prompt-file "$PROMPT" --new-tokens "$NEW_TOKENS" --warmup "$WARMUP" --threads "$THREADS")
LOAD=()
java_run() {
  LOAD+=(--loadavg "$1=$(cat /proc/loadavg)")
  java --enable-native-access=ALL-UNNAMED -cp "$CP" io.github.aipc4j.bench.GenAiGenerationHarness "${COMMON[@]}" \
    --runs "$RUNS" --label "$1" --out "$WORK/$1.json" > /dev/null
  echo "$1: $(grep -E '"median_(ttft_ms|decode_tokens_per_s)"' "$WORK/$1.json" | tr -d '\n ')" >&2
}
python_run() {
  LOAD+=(--loadavg "$1=$(cat /proc/loadavg)")
  "$VENV/bin/python" benchmarks/genai/genai_python.py "${COMMON[@]}" --runs $((2 * RUNS)) --label "$1" \
    --expect-ids "$WORK/java-1.json" --out "$WORK/$1.json" > /dev/null
  echo "$1: $(grep -E '"median_(ttft_ms|decode_tokens_per_s)"' "$WORK/$1.json" | tr -d '\n ')" >&2
}
java_run java-1
python_run python
java_run java-2

COMMAND="THREADS=$THREADS RUNS=$RUNS WARMUP=$WARMUP NEW_TOKENS=$NEW_TOKENS benchmarks/genai/run.sh${LAYERS:+ --layers $LAYERS}"
python3 benchmarks/genai/combine.py --out "$RESULT" --markdown "${RESULT%.json}.md" --command "$COMMAND" \
  --note "${NOTE:-}" "${LOAD[@]}" "$WORK/java-1.json" "$WORK/python.json" "$WORK/java-2.json"
