#!/usr/bin/env python3
"""Real converter output for format-fidelity tests.

Builds a tiny random Phi-3 checkpoint with `transformers` (deterministic: weights come from
numpy's PCG64 generator with a fixed seed, not from torch's init code) and converts it with
the official tools:

  genai-cpu-int4/  python -m onnxruntime_genai.models.builder -e cpu -p int4   (onnxruntime-genai 0.15.2)
  genai-cpu-fp32/  python -m onnxruntime_genai.models.builder -e cpu -p fp32
  openvino-int4/   optimum-cli export openvino --task text-generation-with-past --weight-format int4
  openvino-fp16/   optimum-cli export openvino --task text-generation-with-past --weight-format fp16

Each fixture folder also gets `reference_logits.json`: what the fp32 transformers model computes
for PROMPT_IDS (top-10 logits at the last prompt position and 8 greedy tokens, full recompute,
no EOS stop).  `--verify` then loads every fixture with the pinned runtimes (onnxruntime_genai,
openvino), generates greedily, compares with the reference and records the I/O signature
(inputs/outputs, op types, genai_config / stateful variables) in `<out>/verification.json`.

Run it in a scratch virtual environment OUTSIDE the repository:

    python3 -m venv /tmp/convvenv
    /tmp/convvenv/bin/pip install --require-hashes --no-deps -r src/modelfactory/python/converter-requirements.txt
    /tmp/convvenv/bin/python src/modelfactory/python/make_converter_fixtures.py --out /tmp/phi3-converted --verify

`--prune-for-commit` removes files that are byte-identical copies of the input tokenizer
(native/tokenizers/phi3/tokenizer.json, 1.8 MB each) and records them in `fixtures.json`, so
that the committed fixtures stay small; a test copies them back before loading a folder.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
PROMPT_IDS = [32010, 15043, 3186, 32007, 32001]  # <|user|> Hello world <|end|> <|assistant|>
GREEDY_STEPS = 8
TOP_K = 10
FIXTURES = ("genai-cpu-int4", "genai-cpu-fp32", "openvino-int4", "openvino-fp16")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def log(msg: str) -> None:
    print(f"[make_converter_fixtures] {msg}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for name in ("torch", "transformers", "onnxruntime-genai", "onnxruntime", "onnx", "onnx-ir",
                 "openvino", "openvino-tokenizers", "optimum", "optimum-intel", "nncf", "numpy",
                 "tokenizers", "safetensors"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


# ----------------------------------------------------------------------------------------------
# 1. Checkpoint
# ----------------------------------------------------------------------------------------------

def phi3_config(args):
    from transformers import Phi3Config

    return Phi3Config(
        vocab_size=args.vocab,
        hidden_size=args.hidden,
        intermediate_size=args.intermediate,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        num_key_value_heads=args.kv_heads,
        max_position_embeddings=args.max_position,
        original_max_position_embeddings=args.max_position,  # equal => Phi3MiniModel (no LongRoPE)
        rms_norm_eps=1e-5,
        hidden_act="silu",
        sliding_window=args.sliding_window,  # Phi-3-mini-4k-instruct ships 2047; larger than context here
        tie_word_embeddings=args.tie_embeddings,
        bos_token_id=1,
        eos_token_id=32000,
        pad_token_id=32000,
        architectures=["Phi3ForCausalLM"],
    )


def deterministic_weights(model, seed: int, residual_scale: float) -> None:
    """Fill every parameter from numpy PCG64 (stable across torch versions).

    Embeddings / lm_head ~ N(0, 1) so that logits are peaked (greedy decoding is stable enough to
    compare runtimes); linear layers ~ N(0, 1/fan_in), o_proj / down_proj times `residual_scale`
    (so that attention and MLP outweigh the token's own embedding in the residual stream, which
    with tied embeddings otherwise makes the model repeat its input token); RMSNorm weights =
    1 + N(0, 0.1).
    """
    import numpy as np
    import torch

    rng = np.random.Generator(np.random.PCG64(seed))
    seen = set()
    with torch.no_grad():
        for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0]):
            if id(p) in seen:  # tied lm_head / embed_tokens
                continue
            seen.add(id(p))
            shape = tuple(p.shape)
            if name.endswith("norm.weight"):
                data = 1.0 + 0.1 * rng.standard_normal(shape)
            elif "embed_tokens" in name or name.startswith("lm_head"):
                data = rng.standard_normal(shape)
            elif p.dim() == 2:
                data = rng.standard_normal(shape) / np.sqrt(shape[1])
                if name.endswith(("o_proj.weight", "down_proj.weight")):
                    data = data * residual_scale
            else:
                data = 0.1 * rng.standard_normal(shape)
            p.copy_(torch.from_numpy(data.astype(np.float32)))


def make_checkpoint(args, ckpt: Path) -> dict:
    import torch
    from transformers import GenerationConfig, Phi3ForCausalLM

    torch.manual_seed(args.seed)
    config = phi3_config(args)
    model = Phi3ForCausalLM(config).to(torch.float32).eval()
    deterministic_weights(model, args.seed, args.residual_scale)
    if ckpt.exists():
        shutil.rmtree(ckpt)
    ckpt.mkdir(parents=True)
    model.save_pretrained(ckpt, safe_serialization=True)
    # Same search defaults as microsoft/Phi-3-mini-4k-instruct's generation_config.json.
    GenerationConfig(bos_token_id=1, eos_token_id=[32000, 32001, 32007], pad_token_id=32000).save_pretrained(ckpt)
    for name in TOKENIZER_FILES:
        src = args.tokenizer / name
        if src.exists():
            shutil.copyfile(src, ckpt / name)
    if not (ckpt / "tokenizer.json").exists():
        raise SystemExit(f"no tokenizer.json in {args.tokenizer}")
    return reference(model, args)


def reference(model, args) -> dict:
    import torch

    def topk(logits_row):
        vals, ids = torch.topk(logits_row, TOP_K)
        return {"ids": ids.tolist(), "values": [round(float(v), 6) for v in vals]}

    ids = list(PROMPT_IDS)
    steps = []
    with torch.no_grad():
        first = model(torch.tensor([ids])).logits[0, -1].float()
        greedy = []
        row = first
        for _ in range(GREEDY_STEPS):
            tok = int(torch.argmax(row))
            sorted_vals = torch.topk(row, 2).values
            steps.append({"token": tok, "margin_top1_top2": round(float(sorted_vals[0] - sorted_vals[1]), 6),
                          "top5": topk(row)["ids"][:5]})
            greedy.append(tok)
            ids.append(tok)
            row = model(torch.tensor([ids])).logits[0, -1].float()
    return {
        "about": "transformers Phi3ForCausalLM fp32 reference, full recompute; greedy argmax without EOS stop",
        "prompt_ids": list(PROMPT_IDS),
        "last_position_top10": topk(first),
        "last_position_logits_sum": round(float(first.sum()), 4),
        "greedy_tokens": greedy,
        "greedy_steps": steps,
        "eos_token_ids": [32000, 32001, 32007],
        "greedy_contains_eos": any(t in (32000, 32001, 32007) for t in greedy),
    }


# ----------------------------------------------------------------------------------------------
# 2. Conversions
# ----------------------------------------------------------------------------------------------

def run(cmd: list[str], logfile: Path, cwd: Path) -> tuple[int, float]:
    log("$ " + " ".join(cmd))
    t0 = time.time()
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
               OPENVINO_TELEMETRY_DISABLED="1", TOKENIZERS_PARALLELISM="false")
    with open(logfile, "w") as f:
        rc = subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    dt = time.time() - t0
    if rc != 0:
        log(f"FAILED rc={rc}; last lines of {logfile}:")
        print("".join(open(logfile, errors="replace").readlines()[-25:]), flush=True)
    return rc, dt


def convert(args, ckpt: Path, out: Path, work: Path) -> dict:
    py = sys.executable
    cli_dir = Path(py).parent
    results = {}
    genai_extra = list(args.genai_extra)
    # The checkpoint is passed as a path relative to the work folder (the tools' cwd): optimum writes
    # it into openvino_config.json, and a relative path keeps the output free of machine paths.
    rel_ckpt = os.path.relpath(ckpt, work)
    for fixture in args.only:
        dst = out / fixture
        if dst.exists():
            shutil.rmtree(dst)
        logf = work / f"{fixture}.log"
        if fixture.startswith("genai-"):
            precision = fixture.rsplit("-", 1)[1]
            cmd = [py, "-m", "onnxruntime_genai.models.builder", "-i", rel_ckpt, "-o", str(dst),
                   "-p", precision, "-e", "cpu", "-c", "genai-cache"]
            extra = list(genai_extra)
            if precision == "int4" and args.block_size:
                extra.append(f"block_size={args.block_size}")
            if args.tie_embeddings and args.shared_embeddings:
                extra.append("shared_embeddings=true")
            if extra:
                cmd += ["--extra_options", *extra]
        else:
            wf = fixture.rsplit("-", 1)[1]
            cmd = [str(cli_dir / "optimum-cli"), "export", "openvino", "-m", rel_ckpt,
                   "--task", "text-generation-with-past", "--weight-format", wf]
            if wf == "int4":
                cmd += ["--group-size", str(args.ov_group_size), "--ratio", "1.0"]
            cmd += [str(dst)]
        rc, dt = run(cmd, logf, work)
        shown = ["python" if c == py else "optimum-cli" if c.endswith("/optimum-cli") else
                 "<checkpoint>" if c == rel_ckpt else f"<out>/{fixture}" if c == str(dst) else c for c in cmd]
        results[fixture] = {"command": " ".join(shown),
                            "rc": rc, "seconds": round(dt, 1), "log": str(logf)}
    return results


# ----------------------------------------------------------------------------------------------
# 3. Verification / I/O facts
# ----------------------------------------------------------------------------------------------

ONNX_DTYPES = {1: "float32", 2: "uint8", 3: "int8", 6: "int32", 7: "int64", 9: "bool", 10: "float16",
               16: "bfloat16", 21: "uint4", 22: "int4"}


def onnx_facts(model_path: Path) -> dict:
    import onnx

    m = onnx.load(str(model_path), load_external_data=False)

    def vi(v):
        t = v.type.tensor_type
        dims = [d.dim_param if d.dim_param else d.dim_value for d in t.shape.dim]
        return {"name": v.name, "dtype": ONNX_DTYPES.get(t.elem_type, t.elem_type), "shape": dims}

    ops = {}
    for n in m.graph.node:
        key = (n.domain or "ai.onnx") + "::" + n.op_type
        ops[key] = ops.get(key, 0) + 1
    attrs, node_io = {}, {}
    for n in m.graph.node:
        if n.op_type in ("GroupQueryAttention", "MatMulNBits", "GatherBlockQuantized") and n.op_type not in node_io:
            node_io[n.op_type] = {"name": n.name, "inputs": list(n.input), "outputs": list(n.output)}
    for n in m.graph.node:
        if n.op_type in ("GroupQueryAttention", "MatMulNBits", "GatherBlockQuantized", "RotaryEmbedding",
                         "SimplifiedLayerNormalization", "SkipSimplifiedLayerNormalization") and n.op_type not in attrs:
            attrs[n.op_type] = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            attrs[n.op_type] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in attrs[n.op_type].items()
                                if not hasattr(v, "dims")}
    init_types = {}
    for t in m.graph.initializer:
        k = ONNX_DTYPES.get(t.data_type, t.data_type)
        init_types[k] = init_types.get(k, 0) + 1
    return {
        "ir_version": m.ir_version,
        "opset_import": {(o.domain or "ai.onnx"): o.version for o in m.opset_import},
        "producer": f"{m.producer_name} {m.producer_version}".strip(),
        "inputs": [vi(v) for v in m.graph.input],
        "outputs": [vi(v) for v in m.graph.output],
        "op_types": dict(sorted(ops.items())),
        "first_node_attributes": attrs,
        "first_node_io": node_io,
        "initializer_dtypes": init_types,
        "uses_external_data": any(t.data_location == 1 for t in m.graph.initializer),
    }


def compare(ref: dict, greedy: list[int], top_ids: list[int] | None) -> dict:
    r = ref["greedy_tokens"]
    prefix = 0
    for a, b in zip(r, greedy):
        if a != b:
            break
        prefix += 1
    out = {"greedy_tokens": greedy, "matches_reference": greedy == r[:len(greedy)] and len(greedy) == len(r),
           "matching_prefix": prefix}
    if top_ids is not None:
        out["top10_ids"] = top_ids
        out["top1_matches"] = top_ids[0] == ref["last_position_top10"]["ids"][0]
        out["top10_overlap"] = len(set(top_ids) & set(ref["last_position_top10"]["ids"]))
    return out


def verify_genai(folder: Path, ref: dict) -> dict:
    import numpy as np
    import onnxruntime_genai as og

    cfg = json.loads((folder / "genai_config.json").read_text())
    facts = {"genai_config": cfg, "onnx": onnx_facts(folder / cfg["model"]["decoder"]["filename"])}
    try:
        model = og.Model(str(folder))
        params = og.GeneratorParams(model)
        params.set_search_options(do_sample=False, max_length=len(PROMPT_IDS) + GREEDY_STEPS, min_length=0)
        gen = og.Generator(model, params)
        gen.append_tokens(np.array([PROMPT_IDS], dtype=np.int32))
        logits = np.asarray(gen.get_logits()).reshape(-1)
        top = [int(i) for i in np.argsort(-logits, kind="stable")[:TOP_K]]
        top_vals = [round(float(logits[i]), 4) for i in top]
        greedy = []
        while not gen.is_done() and len(greedy) < GREEDY_STEPS:
            gen.generate_next_token()
            greedy.append(int(gen.get_next_tokens()[0]))
        res = compare(ref, greedy, top)
        res["top10_values"] = top_vals
        res["max_abs_diff_top10_values_vs_reference"] = round(max(
            abs(float(logits[i]) - v) for i, v in zip(ref["last_position_top10"]["ids"], ref["last_position_top10"]["values"])), 5)
        res["stopped_on_eos"] = len(greedy) < GREEDY_STEPS
        try:
            tok = og.Tokenizer(model)
            res["tokenizer_encode_Hello_world"] = [int(x) for x in tok.encode("Hello world")]
            res["tokenizer_decode_greedy"] = tok.decode(np.array(greedy, dtype=np.int32))
        except Exception as e:  # noqa: BLE001
            res["tokenizer_error"] = f"{type(e).__name__}: {e}"
        facts["run"] = res
    except Exception as e:  # noqa: BLE001
        facts["run"] = {"error": f"{type(e).__name__}: {e}"}
    return facts


def ov_facts(model) -> dict:
    def port(p):
        return {"names": sorted(p.get_names()), "dtype": str(p.get_element_type().get_type_name()),
                "shape": str(p.get_partial_shape())}

    ops = {}
    for op in model.get_ordered_ops():
        t = op.get_type_name()
        ops[t] = ops.get(t, 0) + 1
    const_types = {}
    for op in model.get_ordered_ops():
        if op.get_type_name() == "Constant":
            k = op.get_output_element_type(0).get_type_name()
            const_types[k] = const_types.get(k, 0) + 1
    variables = []
    for v in model.get_variables():
        info = v.get_info()
        variables.append({"variable_id": info.variable_id, "data_type": info.data_type.get_type_name(),
                          "data_shape": str(info.data_shape)})
    rt = {}
    for path in (("nncf", "weight_compression", "mode"), ("nncf", "weight_compression", "group_size"),
                 ("nncf", "weight_compression", "ratio"), ("nncf", "weight_compression", "backup_mode"),
                 ("nncf", "weight_compression", "all_layers"), ("nncf", "version"),
                 ("optimum", "optimum_intel_version"), ("optimum", "transformers_version"),
                 ("runtime_options", "ACTIVATIONS_SCALE_FACTOR"), ("runtime_options", "KV_CACHE_PRECISION")):
        try:
            if model.has_rt_info(list(path)):
                rt["/".join(path)] = model.get_rt_info(list(path)).astype(str)
        except Exception:  # noqa: BLE001
            pass
    return {"inputs": [port(p) for p in model.inputs], "outputs": [port(p) for p in model.outputs],
            "op_types": dict(sorted(ops.items())), "constant_element_types": dict(sorted(const_types.items())),
            "variables": variables, "sinks": len(model.get_sinks()), "rt_info": rt}


def ov_generate(core, model_xml: Path, ref: dict, config: dict) -> dict:
    import numpy as np

    compiled = core.compile_model(str(model_xml), "CPU", config)
    req = compiled.create_infer_request()
    input_names = {n for p in compiled.inputs for n in p.get_names()}

    def step(tokens, past_len):
        feed = {"input_ids": np.array([tokens], dtype=np.int64),
                "attention_mask": np.ones((1, past_len + len(tokens)), dtype=np.int64)}
        if "position_ids" in input_names:
            feed["position_ids"] = np.arange(past_len, past_len + len(tokens), dtype=np.int64)[None, :]
        if "beam_idx" in input_names:
            feed["beam_idx"] = np.zeros((1,), dtype=np.int32)
        req.infer(feed)
        return np.asarray(req.get_tensor("logits").data)[0, -1].astype(np.float32)

    req.reset_state()
    logits = step(PROMPT_IDS, 0)
    top = [int(i) for i in np.argsort(-logits, kind="stable")[:TOP_K]]
    greedy, past = [], len(PROMPT_IDS)
    row = logits
    for _ in range(GREEDY_STEPS):
        tok = int(np.argmax(row))
        greedy.append(tok)
        row = step([tok], past)
        past += 1
    res = compare(ref, greedy, top)
    res["top10_values"] = [round(float(logits[i]), 4) for i in top]
    res["max_abs_diff_top10_values_vs_reference"] = round(max(
        abs(float(logits[i]) - v) for i, v in zip(ref["last_position_top10"]["ids"], ref["last_position_top10"]["values"])), 5)
    res["states_after_run"] = [{"name": s.name, "shape": list(s.state.shape), "dtype": str(s.state.element_type)}
                               for s in req.query_state()]
    return res


def verify_openvino(folder: Path, ref: dict) -> dict:
    import openvino as ov
    # Importing openvino_tokenizers registers its extension ops (tokenizer IRs) on Cores made afterwards.
    importlib.import_module("openvino_tokenizers")

    core = ov.Core()
    xml = folder / "openvino_model.xml"
    facts = {"files_config": {}}
    for name in ("config.json", "generation_config.json", "openvino_config.json"):
        if (folder / name).exists():
            facts["files_config"][name] = json.loads((folder / name).read_text())
    facts["ir"] = ov_facts(core.read_model(str(xml)))
    try:
        facts["run_f32"] = ov_generate(core, xml, ref, {"INFERENCE_PRECISION_HINT": "f32"})
    except Exception as e:  # noqa: BLE001
        facts["run_f32"] = {"error": f"{type(e).__name__}: {e}"}
    try:
        facts["run_default_precision"] = ov_generate(core, xml, ref, {})
        facts["run_default_precision"]["inference_precision"] = str(
            core.get_property("CPU", "INFERENCE_PRECISION_HINT"))
    except Exception as e:  # noqa: BLE001
        facts["run_default_precision"] = {"error": f"{type(e).__name__}: {e}"}
    # Tokenizer IRs (openvino_tokenizers), if the exporter wrote them.
    tok_xml = folder / "openvino_tokenizer.xml"
    if tok_xml.exists():
        try:
            tok = core.compile_model(str(tok_xml), "CPU")
            r = tok(["Hello world"])
            facts["tokenizer_encode_Hello_world"] = [int(x) for x in r["input_ids"][0]]
            tok_ir = core.read_model(str(tok_xml))
            facts["tokenizer_ir"] = {"inputs": [str(p) for p in tok_ir.inputs], "outputs": [str(p) for p in tok_ir.outputs]}
        except Exception as e:  # noqa: BLE001
            facts["tokenizer_error"] = f"{type(e).__name__}: {e}"
    return facts


# ----------------------------------------------------------------------------------------------
# 4. Manifest / pruning
# ----------------------------------------------------------------------------------------------

def normalized_tokenizer_json(path: Path):
    """tokenizer.json with BPE merges as pairs (tokenizers >= 0.20 writes pairs, older files strings)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    model = data.get("model", {})
    if isinstance(model.get("merges"), list):
        model["merges"] = [m.split(" ", 1) if isinstance(m, str) else list(m) for m in model["merges"]]
    if model.get("ignore_merges") is None:
        model["ignore_merges"] = False
    return data


# Big tokenizer artefacts that --prune-for-commit drops (they are recorded in fixtures.json).
PRUNE_NAMES = ("openvino_tokenizer.xml", "openvino_tokenizer.bin", "openvino_detokenizer.xml", "openvino_detokenizer.bin")


def manifest(args, out: Path, prune: bool) -> dict:
    tok_hashes = {sha256(args.tokenizer / n): n for n in TOKENIZER_FILES if (args.tokenizer / n).exists()}
    src_tok = normalized_tokenizer_json(args.tokenizer / "tokenizer.json")
    files, pruned, total = {}, {}, 0
    for fixture in FIXTURES:
        d = out / fixture
        if not d.exists():
            continue
        for p in sorted(d.rglob("*")):
            if not p.is_file():
                continue
            rel = p.relative_to(out).as_posix()
            h = sha256(p)
            size = p.stat().st_size
            why = None
            if prune and h in tok_hashes and size > 64 * 1024:
                why = {"copy_of": "native/tokenizers/phi3/" + tok_hashes[h]}
            elif prune and p.name == "tokenizer.json" and src_tok is not None and normalized_tokenizer_json(p) == src_tok:
                why = {"equivalent_to": "native/tokenizers/phi3/tokenizer.json",
                       "note": "same JSON once BPE merges are written as pairs and ignore_merges=false is made explicit"}
            elif prune and p.name in PRUNE_NAMES:
                why = {"note": "openvino_tokenizers IR (written by optimum-cli); not needed by the model itself"}
            if why is not None:
                pruned[rel] = {"sha256": h, "bytes": size, **why}
                p.unlink()
                continue
            files[rel] = {"sha256": h, "bytes": size}
            total += size
    return {"files": files, "total_bytes": total, "pruned": pruned}


def readme(info: dict) -> str:
    v = info["versions"]
    c = info["checkpoint"]
    lines = [
        "# Tiny Phi-3 converted by the official tools (format-fidelity fixtures)",
        "",
        "Generated by `src/modelfactory/python/make_converter_fixtures.py` (environment pinned with hashes in",
        "`src/modelfactory/python/converter-requirements.txt`); do not edit by hand, regenerate:",
        "",
        "    /tmp/convvenv/bin/python src/modelfactory/python/make_converter_fixtures.py \\",
        "        --out src/test/resources/fixtures/phi3-converted --verify --prune-for-commit",
        "",
        f"Checkpoint: random `Phi3ForCausalLM` (transformers {v['transformers']}), vocab {c['vocab_size']}, hidden "
        f"{c['hidden_size']}, intermediate {c['intermediate_size']}, {c['num_hidden_layers']} layers, "
        f"{c['num_attention_heads']} head / {c['num_key_value_heads']} KV head (head_size "
        f"{c['hidden_size'] // c['num_attention_heads']}), max_position {c['max_position_embeddings']}, tied embeddings "
        f"{c['tie_word_embeddings']}, seed {c['seed']}.",
        "",
        "| folder | made by |",
        "|---|---|",
    ]
    for k, conv in info["conversions"].items():
        tool = f"onnxruntime-genai {v['onnxruntime-genai']}" if k.startswith("genai") else \
            f"optimum-intel {v['optimum-intel']}, openvino {v['openvino']}, nncf {v['nncf']}"
        lines.append(f"| `{k}/` | `{conv['command']}` ({tool}) |")
    lines += [
        "",
        f"`reference_logits.json` (same in every folder): fp32 transformers logits for prompt ids {info['prompt_ids']}",
        "(= `<|user|>\\nHello world<|end|>\\n<|assistant|>\\n`): top-10 at the last position and 8 greedy tokens",
        f"{info['reference_greedy_tokens']} (full recompute, no EOS stop). fp32/fp16 conversions reproduce them;",
        "int4 ones need not. `verification.json`: what the pinned runtimes produced and each model's I/O signature.",
        "",
        "Pruned to stay small (listed with sha256 in `fixtures.json` under `pruned`): every `tokenizer.json` (the",
        "tools re-serialise `native/tokenizers/phi3/tokenizer.json`; same JSON except BPE merges written as pairs;",
        "copy that file into a folder before creating a tokenizer from it) and the `openvino_tokenizer`/",
        "`openvino_detokenizer` IRs that optimum-cli writes. The models themselves load without them.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="output folder (fixture subfolders go here)")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (checkpoint, logs, HF/GenAI caches); default $TMPDIR/phi3-converted-work")
    ap.add_argument("--tokenizer", type=Path, default=REPO_ROOT / "native/tokenizers/phi3")
    ap.add_argument("--only", default=",".join(FIXTURES), help="comma-separated subset of " + ",".join(FIXTURES))
    ap.add_argument("--seed", type=int, default=20240423)
    ap.add_argument("--vocab", type=int, default=32064)
    # GroupQueryAttention on CPU (onnxruntime 1.32) needs head_size % 16 == 0: hidden 16 with one
    # head is the smallest model the GenAI CPU path runs (head_size 4 and 8 fail at run time).
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--intermediate", type=int, default=32)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--kv-heads", type=int, default=1)
    ap.add_argument("--residual-scale", type=float, default=3.0)
    ap.add_argument("--max-position", type=int, default=256)
    ap.add_argument("--sliding-window", type=int, default=2047)
    ap.add_argument("--tie-embeddings", action=argparse.BooleanOptionalAction, default=True,
                    help="tie lm_head to embed_tokens (real Phi-3 does not; needed to fit the 5 MB budget)")
    ap.add_argument("--shared-embeddings", action=argparse.BooleanOptionalAction, default=True,
                    help="with --tie-embeddings: pass shared_embeddings=true to the GenAI builder")
    ap.add_argument("--block-size", type=int, default=16, help="GenAI int4 block_size (builder default 32)")
    ap.add_argument("--ov-group-size", type=int, default=16, help="optimum int4 --group-size")
    ap.add_argument("--genai-extra", nargs="*", default=[], help="extra KEY=VALUE for the GenAI builder")
    ap.add_argument("--verify", action="store_true", help="load and run every fixture, write verification.json")
    ap.add_argument("--prune-for-commit", action="store_true",
                    help="delete files identical to the input tokenizer files (listed in fixtures.json)")
    args = ap.parse_args()
    args.only = [f for f in args.only.split(",") if f]
    for f in args.only:
        if f not in FIXTURES:
            ap.error(f"unknown fixture {f}")
    out = args.out.resolve()
    work = (args.work or Path(tempfile.gettempdir()) / "phi3-converted-work").resolve()
    if work == out or out in work.parents:
        ap.error("--work must be outside --out")
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    ckpt = work / "phi3-tiny-hf"

    log(f"versions: {versions()}")
    ref = make_checkpoint(args, ckpt)
    (work / "reference_logits.json").write_text(json.dumps(ref, indent=2) + "\n")
    log(f"reference greedy tokens: {ref['greedy_tokens']}")

    conv = convert(args, ckpt, out, work)
    for fixture, r in conv.items():
        if r["rc"] == 0:
            (out / fixture / "reference_logits.json").write_text(json.dumps(ref, indent=2) + "\n")

    verification = {}
    if args.verify:
        for fixture in args.only:
            if conv[fixture]["rc"] != 0:
                verification[fixture] = {"conversion_failed": conv[fixture]}
                continue
            log(f"verifying {fixture}")
            folder = out / fixture
            verification[fixture] = verify_genai(folder, ref) if fixture.startswith("genai-") else verify_openvino(folder, ref)
        (work / "verification.json").write_text(json.dumps(verification, indent=2, default=str) + "\n")

    cfg = phi3_config(args).to_dict()
    info = {
        "about": "Tiny random Phi-3 converted by the official tools; made by src/modelfactory/python/make_converter_fixtures.py",
        "versions": versions(),
        "checkpoint": {k: cfg[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                                           "num_attention_heads", "num_key_value_heads", "max_position_embeddings",
                                           "sliding_window", "tie_word_embeddings") if k in cfg} | {"seed": args.seed},
        "conversions": {k: {kk: vv for kk, vv in v.items() if kk not in ("log", "seconds")} for k, v in conv.items()},
        "prompt_ids": PROMPT_IDS,
        "reference_greedy_tokens": ref["greedy_tokens"],
    }
    info.update(manifest(args, out, args.prune_for_commit))
    if verification:
        shutil.copyfile(work / "verification.json", out / "verification.json")
    (out / "fixtures.json").write_text(json.dumps(info, indent=2) + "\n")
    (out / "README.md").write_text(readme(info))
    log(f"total fixture bytes (after pruning={args.prune_for_commit}): {info['total_bytes']}")
    failed = [k for k, v in conv.items() if v["rc"] != 0]
    if failed:
        log(f"conversions failed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
