#!/usr/bin/env python3
"""Time per inference: aipc4j's OpenVINO API (Java) vs OpenVINO's Python API, on the same compiled tiny model.

Both sides compile the same file (the tiny Phi-3 decoder as stateless ONNX, written by the Java harness) for CPU
with the same properties (PERFORMANCE_HINT=LATENCY, NUM_STREAMS=1, INFERENCE_NUM_THREADS=THREADS,
EXECUTION_MODE_HINT=ACCURACY, INFERENCE_PRECISION_HINT=f32) on the same OpenVINO release (the pinned 2026.4.1
wheel: its libraries extracted into native/lib for Java, the wheel itself installed in native/python for Python),
and time one decode step over a cache of PAST tokens, two ways:

  infer  inputs bound once; the loop is infer() only (Python: request.infer(share_outputs=True), no copies)
  step   per iteration: write the token and position into the caller's input memory, bind all 7 inputs
         (Java Tensor.wrap'd segments, Python ov.Tensor(shared_memory=True) numpy views), infer, copy the last
         logits row into a preallocated array

Processes run interleaved, Java, Python, Java; each round's mean microseconds per iteration is recorded, and the
summary is the median over rounds (Python runs twice as many rounds, so both sides pool as many).

    python3 benchmarks/openvino/infer_overhead.py [--threads N] [--rounds R] [--iterations N] [--warmup N]
                                                  [--past P] [--no-build] [--note TEXT]

Writes benchmarks/results/openvino-infer-overhead.json and .md (override with --result). The Python side runs with
PYTHONPATH=native/python (the build installs the pinned wheel and numpy there: native/python_env.py).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench_stats import cpu_name, summary  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "target", "ov-bench")
MODEL = os.path.join(WORK, "tiny-phi3.onnx")
HARNESS = "io.github.aipc4j.openvino.InferOverheadHarness"
# tiny Phi-3 (io.github.aipc4j.modelfactory.Phi3Config.tiny())
LAYERS, KV_HEADS, HEAD_DIM, VOCAB = 2, 2, 8, 32064


def java_home():
    out = subprocess.run(["bash", "-c", "source bin/jdk.sh >/dev/null && echo $JAVA_HOME"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def build(classes):
    subprocess.run([os.path.join(ROOT, "bin", "mvn"), "-q", "-Daipc4j.fetch.skip=true", "test-compile"], cwd=ROOT,
                   check=True)
    # a private copy, so that a build running beside this one cannot change the classes between processes
    shutil.rmtree(classes, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "target", "classes"), classes)
    bench = os.path.join(classes, "io", "github", "aipc4j", "openvino")
    for f in os.listdir(os.path.join(ROOT, "target", "test-classes", "io", "github", "aipc4j", "openvino")):
        if f.startswith("InferOverheadHarness"):
            shutil.copy(os.path.join(ROOT, "target", "test-classes", "io", "github", "aipc4j", "openvino", f), bench)
    # the harness writes the model with the model factory (test scope: the classes are in target/classes already)


def run_java(label, args, classes, java):
    out = os.path.join(WORK, label + ".json")
    load = open("/proc/loadavg").read().strip() if os.path.exists("/proc/loadavg") else ""
    subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-cp", classes, HARNESS, "--model", MODEL,
                    "--out", out, "--label", label, "--threads", str(args.threads), "--warmup", str(args.warmup),
                    "--iterations", str(args.iterations), "--rounds", str(args.rounds), "--past", str(args.past)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        result = json.load(f)
    result["loadavg_before"] = load
    return result


def run_python(label, args):
    out = os.path.join(WORK, label + ".json")
    load = open("/proc/loadavg").read().strip() if os.path.exists("/proc/loadavg") else ""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "native", "python"), PYTHONNOUSERSITE="1")
    subprocess.run([sys.executable, __file__, "--python-side", "--out", out, "--label", label,
                    "--threads", str(args.threads), "--warmup", str(args.warmup), "--iterations", str(args.iterations),
                    "--rounds", str(2 * args.rounds), "--past", str(args.past)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out) as f:
        result = json.load(f)
    result["loadavg_before"] = load
    return result


def python_side(args):
    """The Python API's loops, mirroring InferOverheadHarness."""
    import numpy as np
    import openvino as ov

    core = ov.Core()
    compiled = core.compile_model(MODEL, "CPU", {
        "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": "1", "INFERENCE_NUM_THREADS": str(args.threads),
        "EXECUTION_MODE_HINT": "ACCURACY", "INFERENCE_PRECISION_HINT": "f32"})
    request = compiled.create_infer_request()
    past = args.past
    ids = np.array([[15043]], dtype=np.int64)
    mask = np.ones((1, past + 1), dtype=np.int64)
    pos = np.array([[past]], dtype=np.int64)
    arrays = {"input_ids": ids, "attention_mask": mask, "position_ids": pos}
    count = KV_HEADS * past * HEAD_DIM
    for layer in range(LAYERS):
        for kv, kind in enumerate(("key", "value")):
            values = (0.1 * np.sin(np.arange(count, dtype=np.float64) + 1000 * (2 * layer + kv))).astype(np.float32)
            arrays[f"past_key_values.{layer}.{kind}"] = values.reshape(1, KV_HEADS, past, HEAD_DIM)
    tensors = [(name, ov.Tensor(array, shared_memory=True)) for name, array in arrays.items()]
    for name, tensor in tensors:
        request.set_tensor(name, tensor)
    row = np.empty(VOCAB, dtype=np.float32)

    def infer():
        request.infer(share_outputs=True)

    def step():
        ids[0, 0] = 15043
        pos[0, 0] = past
        for name, tensor in tensors:
            request.set_tensor(name, tensor)
        request.infer(share_outputs=True)
        np.copyto(row, request.get_tensor("logits").data[0, -1])

    def timed(call):
        for _ in range(args.warmup):
            call()
        rounds = []
        for _ in range(args.rounds):
            start = time.perf_counter_ns()
            for _ in range(args.iterations):
                call()
            rounds.append((time.perf_counter_ns() - start) / 1e3 / args.iterations)
        return rounds

    infer_us = timed(infer)
    step_us = timed(step)
    step()
    result = {"label": args.label, "binding": f"openvino Python API (CPython {platform.python_version()})",
              "openvino": ov.get_version(), "threads": args.threads, "past": past, "warmup": args.warmup,
              "iterations": args.iterations, "infer_us": infer_us, "step_us": step_us,
              "argmax": int(np.argmax(row)), "logits_head": [float(x) for x in row[:8]]}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--warmup", type=int, default=2000)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--past", type=int, default=16)
    p.add_argument("--no-build", action="store_true", help="use the classes in target/ov-bench/classes as they are")
    p.add_argument("--note", default="")
    p.add_argument("--result", default=os.path.join(ROOT, "benchmarks", "results", "openvino-infer-overhead.json"))
    p.add_argument("--python-side", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--label", default="python", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.python_side:
        python_side(args)
        return

    os.makedirs(WORK, exist_ok=True)
    classes = os.path.join(WORK, "classes")
    if not args.no_build:
        build(classes)
    java = os.path.join(java_home(), "bin", "java")

    runs = [run_java("java-1", args, classes, java)]
    print(f"java-1: infer {statistics.median(runs[-1]['infer_us']):.1f} us, step {statistics.median(runs[-1]['step_us']):.1f} us",
          file=sys.stderr)
    runs.append(run_python("python", args))
    print(f"python: infer {statistics.median(runs[-1]['infer_us']):.1f} us, step {statistics.median(runs[-1]['step_us']):.1f} us",
          file=sys.stderr)
    runs.append(run_java("java-2", args, classes, java))
    print(f"java-2: infer {statistics.median(runs[-1]['infer_us']):.1f} us, step {statistics.median(runs[-1]['step_us']):.1f} us",
          file=sys.stderr)

    java_runs = [r for r in runs if r["label"].startswith("java")]
    py = runs[1]
    sides = {
        "java": {"binding": java_runs[0]["binding"],
                 "infer_us": summary([x for r in java_runs for x in r["infer_us"]], "rounds"),
                 "step_us": summary([x for r in java_runs for x in r["step_us"]], "rounds")},
        "python": {"binding": py["binding"], "infer_us": summary(py["infer_us"], "rounds"), "step_us": summary(py["step_us"], "rounds")},
    }
    ratios = {k: sides["java"][k]["median"] / sides["python"][k]["median"] for k in ("infer_us", "step_us")}
    agree = all(r["argmax"] == py["argmax"] for r in java_runs) and all(
        abs(a - b) <= 1e-4 for r in java_runs for a, b in zip(r["logits_head"], py["logits_head"]))
    command = ("python3 benchmarks/openvino/infer_overhead.py --threads {} --rounds {} --iterations {} --warmup {} "
               "--past {}").format(args.threads, args.rounds, args.iterations, args.warmup, args.past)
    result = {"command": command, "machine": f"{cpu_name()}, {os.cpu_count()} logical CPUs",
              "openvino": py["openvino"], "model": "tiny Phi-3 (modelfactory Phi3Config.tiny), stateless ONNX",
              "note": args.note, "sides": sides, "java_over_python": ratios, "outputs_agree": agree, "runs": runs}
    os.makedirs(os.path.dirname(args.result), exist_ok=True)
    with open(args.result, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    def cell(s):
        return f"{s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f})"

    md = [f"# OpenVINO time per inference: aipc4j vs the openvino Python API", "",
          f"`{command}`", "",
          f"{result['machine']}; OpenVINO {py['openvino']}; {result['model']}, one decode step over {args.past} "
          f"cached tokens; CPU, LATENCY, 1 stream, {args.threads} threads, f32. {args.note}".rstrip(), "",
          "| binding | infer µs, median (min–max) | step µs, median (min–max) | rounds |", "|---|---|---|---|"]
    for side in ("java", "python"):
        s = sides[side]
        md.append(f"| {s['binding']} | {cell(s['infer_us'])} | {cell(s['step_us'])} | {s['infer_us']['rounds']} |")
    md += ["", f"Java/Python time per inference: infer **{ratios['infer_us']:.3f}×**, step **{ratios['step_us']:.3f}×** "
           f"(goal ≤ 1.0: {'met' if max(ratios.values()) <= 1.0 else 'not met'}). Same greedy token and logits "
           f"(±1e-4) on both sides: {agree}.", ""]
    with open(os.path.splitext(args.result)[0] + ".md", "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
