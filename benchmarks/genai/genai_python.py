#!/usr/bin/env python3
"""Greedy generation through onnxruntime-genai's own Python API, timed exactly as
src/jmh/java/io/github/aipc4j/bench/GenAiGenerationHarness.java times aipc4j (run both with benchmarks/genai/run.sh).

Per run: a fresh og.Generator (created before the clock starts), then
  TTFT: from the start of append_tokens(prompt) until the first generated token is available (after the first
        generate_next_token() + get_next_tokens() and its streamed decode);
  decode tokens/s: the remaining new_tokens - 1 tokens (each: is_done, generate_next_token, get_next_tokens,
        TokenizerStream.decode) divided by the time from the first token to the last.
Measured runs set min_length = max_length = prompt + new_tokens; the first warm-up runs without min_length and
reports whether greedy decoding would have stopped at an end-of-sequence token (natural_eos_at).

--expect-ids JSON: a harness result (the Java run's); the prompt token ids must be identical, or this exits 1.
Prints one JSON object (and writes it to --out).
"""

import argparse
import json
import os
import statistics
import sys
import time

import onnxruntime_genai as og


def generate(model, tokenizer, prompt, new_tokens, min_length):
    params = og.GeneratorParams(model)
    options = dict(max_length=len(prompt) + new_tokens, do_sample=False, top_k=1)
    if min_length > 0:
        options["min_length"] = min_length
    params.set_search_options(**options)
    generator = og.Generator(model, params)
    stream = tokenizer.create_stream()
    tokens = []
    text = []
    clock = time.perf_counter_ns
    start = clock()
    generator.append_tokens(prompt)
    generator.generate_next_token()
    token = generator.get_next_tokens()[0]
    tokens.append(token)
    text.append(stream.decode(token))
    first = clock()
    n = 1
    while n < new_tokens and not generator.is_done():
        generator.generate_next_token()
        token = generator.get_next_tokens()[0]
        tokens.append(token)
        text.append(stream.decode(token))
        n += 1
    end = clock()
    del generator
    decode_s = (end - first) / 1e9
    return {"ttft_ms": (first - start) / 1e6, "tps": (n - 1) / decode_s if n > 1 else float("nan"),
            "total_ms": (end - start) / 1e6, "generated": n, "tokens": [int(t) for t in tokens], "text": "".join(text)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--prompt-file", required=True)
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--label", default="python")
    ap.add_argument("--expect-ids")
    ap.add_argument("--out")
    a = ap.parse_args()

    with open(a.prompt_file, encoding="utf-8", newline="") as f:
        prompt_text = f.read()

    load_start = time.perf_counter_ns()
    config = og.Config(a.model)
    if a.threads > 0:
        config.overlay(json.dumps({"model": {"decoder": {"session_options": {"intra_op_num_threads": a.threads}}}}))
    model = og.Model(config)
    tokenizer = og.Tokenizer(model)
    load_ms = (time.perf_counter_ns() - load_start) / 1e6
    prompt = [int(t) for t in tokenizer.encode(prompt_text)]

    if a.expect_ids:
        with open(a.expect_ids, encoding="utf-8") as f:
            expected = json.load(f)["prompt_ids"]
        if expected != prompt:
            print(f"prompt token ids differ from {a.expect_ids}:\n  java   {expected}\n  python {prompt}", file=sys.stderr)
            sys.exit(1)

    eos = set()
    with open(os.path.join(a.model, "genai_config.json"), encoding="utf-8") as f:
        e = json.load(f)["model"]["eos_token_id"]
        eos.update(e if isinstance(e, list) else [e])

    max_length = len(prompt) + a.new_tokens
    natural_eos_at = None
    warm = []
    for i in range(a.warmup):
        r = generate(model, tokenizer, prompt, a.new_tokens, 0 if i == 0 else max_length)
        if i == 0 and r["generated"] < a.new_tokens:
            natural_eos_at = r["generated"]
        warm.append(r)
    runs = []
    for i in range(a.runs):
        r = generate(model, tokenizer, prompt, a.new_tokens, max_length)
        if r["generated"] != a.new_tokens:
            raise SystemExit(f"run {i} generated {r['generated']} tokens, not {a.new_tokens}")
        if r["tokens"] != (runs[0]["tokens"] if runs else r["tokens"]):
            raise SystemExit("greedy runs disagree")
        runs.append(r)

    def col(rs, k):
        return [round(r[k], 4) for r in rs]

    result = {
        "label": a.label,
        "binding": f"onnxruntime_genai {og.__version__} (Python {sys.version.split()[0]})",
        "model": os.path.abspath(a.model),
        "intra_op_num_threads": a.threads,
        "new_tokens": a.new_tokens,
        "warmup": a.warmup,
        "runs": a.runs,
        "load_ms": round(load_ms, 4),
        "prompt_token_count": len(prompt),
        "prompt_ids": prompt,
        "prompt_ids_match_java": bool(a.expect_ids) or None,
        "natural_eos_at": natural_eos_at,
        "eos_in_output": sum(1 for t in runs[0]["tokens"] if t in eos),
        "generated_ids": runs[0]["tokens"],
        "generated_text": runs[0]["text"],
        "warmup_ttft_ms": col(warm, "ttft_ms"),
        "warmup_decode_tokens_per_s": col(warm, "tps"),
        "ttft_ms": col(runs, "ttft_ms"),
        "decode_tokens_per_s": col(runs, "tps"),
        "total_ms": col(runs, "total_ms"),
        "median_ttft_ms": round(statistics.median(r["ttft_ms"] for r in runs), 4),
        "median_decode_tokens_per_s": round(statistics.median(r["tps"] for r in runs), 4),
        "median_total_ms": round(statistics.median(r["total_ms"] for r in runs), 4),
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
