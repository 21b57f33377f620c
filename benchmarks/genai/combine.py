#!/usr/bin/env python3
"""Combines the harness results of one benchmarks/genai/run.sh run into one JSON file and a markdown table.

  combine.py --out RESULT.json --markdown RESULT.md --command "..." java-1.json python.json java-2.json ...

Java results (label java*) are pooled, Python results (label python*) likewise; the ratios are
java median / python median for both tokens/s (goal >= 1.0) and TTFT (goal <= 1.0). Refuses (exit 1) when the
prompt token ids or the generated token ids differ between the processes.
"""

import argparse
import json
import os
import platform
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench_stats import cpu_name  # noqa: E402


def spread(values):
    s = sorted(values)
    return {"median": round(statistics.median(s), 3), "min": round(s[0], 3), "max": round(s[-1], 3),
            "stdev": round(statistics.stdev(s), 3) if len(s) > 1 else 0.0, "n": len(s)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--note", default="")
    ap.add_argument("--loadavg", action="append", default=[], help="LABEL=contents of /proc/loadavg before it ran")
    ap.add_argument("results", nargs="+")
    a = ap.parse_args()

    results = []
    for path in a.results:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    problems = []
    first = results[0]
    for r in results[1:]:
        if r["prompt_ids"] != first["prompt_ids"]:
            problems.append(f"prompt token ids differ: {first['label']} vs {r['label']}")
        if r["generated_ids"] != first["generated_ids"]:
            problems.append(f"generated token ids differ: {first['label']} vs {r['label']}")
        if r["intra_op_num_threads"] != first["intra_op_num_threads"] or r["new_tokens"] != first["new_tokens"]:
            problems.append(f"settings differ: {first['label']} vs {r['label']}")
    eos = {r["label"]: {"natural_eos_at": r["natural_eos_at"], "eos_in_output": r["eos_in_output"]} for r in results}

    def pooled(prefix):
        rs = [r for r in results if r["label"].startswith(prefix)]
        return {"processes": [r["label"] for r in rs],
                "ttft_ms": spread([v for r in rs for v in r["ttft_ms"]]),
                "decode_tokens_per_s": spread([v for r in rs for v in r["decode_tokens_per_s"]]),
                "total_ms": spread([v for r in rs for v in r["total_ms"]]),
                "per_process_median_ttft_ms": {r["label"]: r["median_ttft_ms"] for r in rs},
                "per_process_median_decode_tokens_per_s": {r["label"]: r["median_decode_tokens_per_s"] for r in rs},
                "binding": rs[0]["binding"]}

    java, python = pooled("java"), pooled("python")
    tps_ratio = java["decode_tokens_per_s"]["median"] / python["decode_tokens_per_s"]["median"]
    ttft_ratio = java["ttft_ms"]["median"] / python["ttft_ms"]["median"]
    combined = {
        "what": "greedy generation, same model folder, same prompt, same native libraries: aipc4j (Java FFM) over "
                "onnxruntime-genai vs onnxruntime-genai's own Python API",
        "command": a.command,
        "note": a.note,
        "machine": {"cpu": cpu_name(), "logical_cpus": os.cpu_count(), "os": platform.platform(),
                    "loadavg_before": dict(kv.split("=", 1) for kv in a.loadavg)},
        "model": first["model"],
        "prompt_token_count": first["prompt_token_count"],
        "new_tokens": first["new_tokens"],
        "intra_op_num_threads": first["intra_op_num_threads"],
        "java": java,
        "python": python,
        "ratio_decode_tokens_per_s_java_over_python": round(tps_ratio, 4),
        "ratio_ttft_java_over_python": round(ttft_ratio, 4),
        "goal_tokens_per_s_ge_1": tps_ratio >= 1.0,
        "goal_ttft_le_1": ttft_ratio <= 1.0,
        "prompt_ids_identical": not any("prompt" in p for p in problems),
        "generated_ids_identical": not any("generated" in p for p in problems),
        "eos": eos,
        "problems": problems,
        "processes": results,
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(combined, f, indent=2, ensure_ascii=False)
        f.write("\n")

    def row(name, s):
        return (f"| {name} | {s['ttft_ms']['median']:.1f} ({s['ttft_ms']['min']:.1f}–{s['ttft_ms']['max']:.1f}) "
                f"| {s['decode_tokens_per_s']['median']:.2f} ({s['decode_tokens_per_s']['min']:.2f}–"
                f"{s['decode_tokens_per_s']['max']:.2f}) | {s['ttft_ms']['n']} |")

    md = [
        f"# GenAI generation: aipc4j vs onnxruntime-genai Python",
        "",
        f"`{a.command}`",
        "",
        f"{combined['machine']['cpu']}, {combined['machine']['logical_cpus']} logical CPUs; model {first['model']}; "
        f"prompt {first['prompt_token_count']} tokens, {first['new_tokens']} greedy new tokens, "
        f"intra_op_num_threads {first['intra_op_num_threads']}. " + a.note,
        "",
        "| binding | TTFT ms, median (min–max) | decode tokens/s, median (min–max) | runs |",
        "|---|---|---|---|",
        row("aipc4j (Java) " + "+".join(java["processes"]), java),
        row("Python " + "+".join(python["processes"]), python),
        "",
        f"Java/Python: tokens/s **{tps_ratio:.3f}×** (goal ≥ 1.0: {'met' if tps_ratio >= 1.0 else 'not met'}), "
        f"TTFT **{ttft_ratio:.3f}×** (goal ≤ 1.0: {'met' if ttft_ratio <= 1.0 else 'not met'}).",
        "",
        f"Prompt token ids identical: {combined['prompt_ids_identical']}; generated token ids identical: "
        f"{combined['generated_ids_identical']}; EOS: {json.dumps(eos)}.",
    ]
    if problems:
        md += ["", "Problems: " + "; ".join(problems)]
    with open(a.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
