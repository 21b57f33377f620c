#!/usr/bin/env python3
"""Decode tokens/s: aipc4j's Java token loop over OpenVINO (llm.openvino) vs OpenVINO GenAI's LLMPipeline.

Both sides load the same stateful IR (the model factory's preset, converted by src/modelfactory/python/
make_stateful_ir.py into optimum-intel's layout), compile it for CPU with the same properties (PERFORMANCE_HINT=
LATENCY, NUM_STREAMS=1, INFERENCE_NUM_THREADS=THREADS; --accuracy adds EXECUTION_MODE_HINT=ACCURACY and
INFERENCE_PRECISION_HINT=f32) on the same OpenVINO release (the pinned 2026.4.1: its libraries extracted into
native/lib for Java, the wheel for Python), and generate NEW_TOKENS ids greedily from the same prompt ids
(benchmarks/genai/prompt.txt encoded by aipc4j's tokenizer; the pipeline is handed the ids, so it needs no
tokenizer IRs), end-of-sequence ignored on both sides (min_new_tokens = max_new_tokens, ignore_eos).

  Java    src/jmh/java/io/github/aipc4j/bench/OpenVinoGenerationHarness.java: one decoder, truncate(0) before
          each generation; TTFT = prompt fed -> first id chosen; decode tokens/s = (NEW_TOKENS - 1) / (last id -
          first id); median step = median of the NEW_TOKENS - 1 step durations.
  Python  openvino_genai.LLMPipeline(folder, "CPU", ATTENTION_BACKEND=SDPA (the stateful pipeline over the IR as
          it is; --backend PA for paged attention), same properties), generate(ov.Tensor(ids), config);
          TTFT = perf_metrics.get_ttft(); decode tokens/s and median step from
          perf_metrics.raw_metrics.m_new_token_times (the pipeline's own timestamp of every new id).

Both sides are servers: loaded once, then asked for one generation at a time over stdin/stdout, alternating in
ABBA order (Java, Python, Python, Java, ...), WARMUP generations each first, then RUNS each. On a machine shared
with other jobs this makes every pair of generations see about the same load; the summary gives the ratio of the
medians (the goal's figure), the median of the paired ratios, the ratio of median step times (robust to steps
slowed by other processes) and TTFT. The generated ids must be identical in every generation.

    python3 benchmarks/openvino/llm_pipeline.py [--preset bench|tiny] [--threads N] [--runs N] [--warmup N]
        [--new-tokens N] [--backend SDPA|PA] [--accuracy] [--no-build] [--python-packages DIR] [--downloads DIR]
        [--note TEXT] [--result FILE]

The Python side runs with PYTHONPATH=--python-packages (default native/python), where native/python_env.py
installs the pins of native/pins.ini and native/python.ini (openvino, numpy, openvino-genai, openvino-tokenizers);
this script runs it first. Writes benchmarks/results/openvino-llm-pipeline.json and .md (override with --result).
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
WORK = os.path.join(ROOT, "target", "ov-llm-bench")
HARNESS = "io.github.aipc4j.bench.OpenVinoGenerationHarness"
PROMPT = os.path.join(ROOT, "benchmarks", "genai", "prompt.txt")
COPIED = ("genai_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


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
    bench = os.path.join(classes, "io", "github", "aipc4j", "bench")
    os.makedirs(bench, exist_ok=True)
    compiled = os.path.join(ROOT, "target", "test-classes", "io", "github", "aipc4j", "bench")
    for f in os.listdir(compiled):
        if f.startswith("OpenVinoGenerationHarness"):
            shutil.copy(os.path.join(compiled, f), bench)
    # the runtime dependencies (picocli, Jinjava, ...) beside the copied classes
    subprocess.run([os.path.join(ROOT, "bin", "mvn"), "-q", "-o", "-Daipc4j.fetch.skip=true", "dependency:build-classpath",
                    "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + classes + ".cp"], cwd=ROOT, check=True)


def classpath(classes):
    with open(classes + ".cp") as f:
        return classes + os.pathsep + f.read().strip()


def python_env(args):
    command = [sys.executable, os.path.join(ROOT, "native", "python_env.py"), "--quiet", "--target",
               args.python_packages]
    if args.downloads:
        command += ["--downloads", args.downloads]
    subprocess.run(command, cwd=ROOT, check=True)


def make_model(args, classes, java):
    """The preset's ONNX folder (model factory), then its stateful IR next to genai_config.json and the tokenizer."""
    onnx = os.path.join(WORK, args.preset, "onnx")
    ir = os.path.join(WORK, args.preset, "ir")
    if not os.path.exists(os.path.join(onnx, "model.onnx")):
        subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-cp", classes, "io.github.aipc4j.cli.Main",
                        "make-model", "--preset", args.preset, "--out", onnx], cwd=ROOT, check=True)
    if not os.path.exists(os.path.join(ir, "openvino_model.xml")):
        env = dict(os.environ, PYTHONPATH=args.python_packages, PYTHONNOUSERSITE="1")
        subprocess.run([sys.executable, os.path.join(ROOT, "src", "modelfactory", "python", "make_stateful_ir.py"),
                        os.path.join(onnx, "model.onnx"), ir], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        for name in COPIED:
            if os.path.exists(os.path.join(onnx, name)):
                shutil.copy(os.path.join(onnx, name), ir)
    return ir


def loadavg():
    return open("/proc/loadavg").read().strip() if os.path.exists("/proc/loadavg") else ""


MARK = "@@ "  # protocol lines of both servers (OpenVinoGenerationHarness.MARK); anything else is passed to stderr


class Server:
    """One side, loaded once and asked for one generation at a time over stdin/stdout."""

    def __init__(self, name, command, env=None):
        self.name = name
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.ready = self.reply()

    def reply(self):
        for line in self.process.stdout:
            if line.startswith(MARK):
                return json.loads(line[len(MARK):])
            sys.stderr.write(f"[{self.name}] {line}")
        raise RuntimeError(f"the {self.name} side exited ({self.process.wait()}) without answering")

    def run(self):
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        result = self.reply()
        result["loadavg"] = loadavg()
        return result

    def quit(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        if self.process.wait() != 0:
            raise RuntimeError(f"the {self.name} side exited {self.process.returncode}")


def java_server(args, model, classes, java):
    command = [java, "--enable-native-access=ALL-UNNAMED", "-cp", classes, HARNESS, "--model", model,
               "--prompt-file", PROMPT, "--new-tokens", str(args.new_tokens), "--threads", str(args.threads)]
    return Server("java", command + (["--accuracy"] if args.accuracy else []))


def python_server(args, model, prompt_file):
    env = dict(os.environ, PYTHONPATH=args.python_packages, PYTHONNOUSERSITE="1")
    command = [sys.executable, __file__, "--python-side", "--model", model, "--prompt-ids", prompt_file,
               "--threads", str(args.threads), "--new-tokens", str(args.new_tokens), "--backend", args.backend]
    return Server("python", command + (["--accuracy"] if args.accuracy else []), env)


def python_side(args):
    """LLMPipeline on the ids the Java side encoded, with the same settings, as a server like the Java harness."""
    import numpy as np
    import openvino as ov
    import openvino_genai as genai

    with open(args.prompt_ids) as f:
        prompt = json.load(f)
    properties = {"ATTENTION_BACKEND": args.backend, "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": "1"}
    if args.threads > 0:
        properties["INFERENCE_NUM_THREADS"] = str(args.threads)
    if args.accuracy:
        properties.update({"EXECUTION_MODE_HINT": "ACCURACY", "INFERENCE_PRECISION_HINT": "f32"})
    start = time.perf_counter_ns()
    pipe = genai.LLMPipeline(args.model, "CPU", **properties)
    load_ms = (time.perf_counter_ns() - start) / 1e6
    config = genai.GenerationConfig()
    config.max_new_tokens = args.new_tokens
    config.min_new_tokens = args.new_tokens
    config.ignore_eos = True
    config.do_sample = False
    ids = ov.Tensor(np.array([prompt], dtype=np.int64))

    def reply(obj):
        print(MARK + json.dumps(obj), flush=True)

    reply({"binding": f"openvino_genai.LLMPipeline {genai.get_version()} (CPython {platform.python_version()}), "
                      f"ATTENTION_BACKEND={args.backend}",
           "openvino": ov.get_version(), "model": args.model, "properties": properties, "load_ms": load_ms,
           "prompt_ids": prompt})
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        result = pipe.generate(ids, config)
        metrics = result.perf_metrics
        times = list(metrics.raw_metrics.m_new_token_times)  # milliseconds (steady clock), one per new id
        tokens = [int(t) for t in result.tokens[0]]
        if len(tokens) != args.new_tokens or len(times) != args.new_tokens:
            sys.exit(f"the pipeline generated {len(tokens)} ids ({len(times)} timestamps), not {args.new_tokens}")
        steps = [b - a for a, b in zip(times, times[1:])]
        reply({"ttft_ms": metrics.get_ttft().mean,
               "decode_tokens_per_s": (len(times) - 1) / ((times[-1] - times[0]) / 1e3),
               "median_step_ms": statistics.median(steps),
               "pipeline_tpot_ms": metrics.get_tpot().mean,
               "total_ms": metrics.get_generate_duration().mean, "generated_ids": tokens})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", choices=("bench", "tiny"), default="bench")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--runs", type=int, default=20, help="measured generations per side")
    p.add_argument("--warmup", type=int, default=2, help="warm-up generations per side")
    p.add_argument("--new-tokens", type=int, default=128)
    p.add_argument("--backend", choices=("SDPA", "PA"), default="SDPA")
    p.add_argument("--accuracy", action="store_true")
    p.add_argument("--no-build", action="store_true", help="use the classes in target/ov-llm-bench/classes as they are")
    p.add_argument("--python-packages", default=os.path.join(ROOT, "native", "python"))
    p.add_argument("--downloads", help="native/python_env.py --downloads (default: native/downloads)")
    p.add_argument("--note", default="")
    p.add_argument("--result", default=os.path.join(ROOT, "benchmarks", "results", "openvino-llm-pipeline.json"))
    p.add_argument("--python-side", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.add_argument("--prompt-ids", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.python_side:
        python_side(args)
        return

    os.makedirs(WORK, exist_ok=True)
    classes = os.path.join(WORK, "classes")
    if not args.no_build:
        build(classes)
    python_env(args)
    java = os.path.join(java_home(), "bin", "java")
    model = make_model(args, classpath(classes), java)

    java_side = java_server(args, model, classpath(classes), java)
    prompt_file = os.path.join(WORK, "prompt_ids.json")
    with open(prompt_file, "w") as f:
        json.dump(java_side.ready["prompt_ids"], f)
    python = python_server(args, model, prompt_file)
    servers = {"java": java_side, "python": python}
    try:
        for i in range(args.warmup):
            for side in ("java", "python"):
                servers[side].run()
        results = {"java": [], "python": []}
        for i in range(args.runs):
            # ABBA order: each side goes first as often, and each pair sees about the same machine load
            for side in (("java", "python") if i % 2 == 0 else ("python", "java")):
                r = servers[side].run()
                results[side].append(r)
            j, p = results["java"][-1], results["python"][-1]
            print(f"pair {i + 1}/{args.runs}: java {j['decode_tokens_per_s']:.2f} tok/s, python "
                  f"{p['decode_tokens_per_s']:.2f} tok/s, ratio {j['decode_tokens_per_s'] / p['decode_tokens_per_s']:.3f} "
                  f"(load {loadavg()})", file=sys.stderr, flush=True)
    finally:
        for server in servers.values():
            try:
                server.quit()
            except (RuntimeError, OSError):
                server.process.kill()

    sides = {}
    for side in ("java", "python"):
        rs = results[side]
        sides[side] = {"binding": servers[side].ready["binding"], "load_ms": servers[side].ready["load_ms"],
                       "properties": servers[side].ready["properties"],
                       "decode_tokens_per_s": summary([r["decode_tokens_per_s"] for r in rs]),
                       "median_step_ms": summary([r["median_step_ms"] for r in rs]),
                       "ttft_ms": summary([r["ttft_ms"] for r in rs])}
    paired = [j["decode_tokens_per_s"] / p["decode_tokens_per_s"] for j, p in zip(results["java"], results["python"])]
    ratio_tps = sides["java"]["decode_tokens_per_s"]["median"] / sides["python"]["decode_tokens_per_s"]["median"]
    ratio_step = sides["python"]["median_step_ms"]["median"] / sides["java"]["median_step_ms"]["median"]
    ratio_ttft = sides["java"]["ttft_ms"]["median"] / sides["python"]["ttft_ms"]["median"]
    reference = results["java"][0]["generated_ids"]
    same_ids = all(r["generated_ids"] == reference for side in results.values() for r in side) \
        and java_side.ready["prompt_ids"] == python.ready["prompt_ids"]
    eos = [i + 1 for i, t in enumerate(reference) if t in java_side.ready["eos_token_ids"]]
    command = "python3 benchmarks/openvino/llm_pipeline.py --preset {} --threads {} --runs {} --warmup {} " \
              "--new-tokens {} --backend {}{}".format(args.preset, args.threads, args.runs, args.warmup,
                                                       args.new_tokens, args.backend,
                                                       " --accuracy" if args.accuracy else "")
    model_text = {"bench": "model factory bench preset (Phi3Config.bench(): 8 layers, hidden 1024, 16/16 heads, "
                           "fp16 weights)",
                  "tiny": "model factory tiny preset (Phi3Config.tiny(): 2 layers, hidden 32, 4/2 heads)"}[args.preset]
    result = {"command": command, "machine": f"{cpu_name()}, {os.cpu_count()} logical CPUs",
              "openvino": python.ready["openvino"], "model": model_text + " as a stateful IR (make_stateful_ir.py)",
              "prompt_tokens": len(python.ready["prompt_ids"]), "new_tokens": args.new_tokens, "note": args.note,
              "sides": sides,
              "java_over_python": {"decode_tokens_per_s": ratio_tps, "paired_decode_tokens_per_s": summary(paired),
                                   "median_step_speed": ratio_step, "ttft_ms": ratio_ttft},
              "same_ids": same_ids, "natural_eos_at": eos[0] if eos else None,
              "prompt_ids": java_side.ready["prompt_ids"], "generated_ids": reference,
              "runs": {side: [{k: v for k, v in r.items() if k != "generated_ids"} for r in rs]
                       for side, rs in results.items()}}
    os.makedirs(os.path.dirname(args.result), exist_ok=True)
    with open(args.result, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    def cell(s, digits):
        return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"

    md = ["# Decode tokens/s: aipc4j's Java loop over OpenVINO vs OpenVINO GenAI's LLMPipeline", "",
          f"`{command}`", "",
          f"{result['machine']}; OpenVINO {result['openvino']}; {result['model']}; {result['prompt_tokens']}-token "
          f"prompt, {args.new_tokens} greedy new tokens (EOS ignored); CPU, LATENCY, 1 stream, {args.threads} threads"
          f"{', f32 (ACCURACY)' if args.accuracy else ', OpenVINO CPU defaults for precision'}; {args.warmup} warm-up "
          f"and {args.runs} measured generations per side, alternating ABBA between the two loaded processes. "
          f"{args.note}".rstrip(), "",
          "| side | decode tokens/s, median (min–max) | median step ms, median (min–max) | TTFT ms, median (min–max) "
          "| runs |", "|---|---|---|---|---|"]
    for side in ("java", "python"):
        s = sides[side]
        md.append(f"| {s['binding']} | {cell(s['decode_tokens_per_s'], 2)} | {cell(s['median_step_ms'], 2)} | "
                  f"{cell(s['ttft_ms'], 1)} | {s['decode_tokens_per_s']['n']} |")
    md += ["", f"Java/pipeline decode tokens/s: ratio of medians **{ratio_tps:.3f}×**, median of the {len(paired)} "
           f"paired ratios {cell(summary(paired), 3)}× (goal ≥ 0.95: {'met' if ratio_tps >= 0.95 else 'not met'}); "
           f"by median step time {ratio_step:.3f}×; TTFT {ratio_ttft:.3f}× (lower is better). Same prompt and "
           f"generated ids in every generation: {same_ids}; greedy decoding would have met an end-of-sequence id at "
           f"token {eos[0] if eos else 'none (not within the run)'}.", ""]
    with open(os.path.splitext(args.result)[0] + ".md", "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))

if __name__ == "__main__":
    main()
