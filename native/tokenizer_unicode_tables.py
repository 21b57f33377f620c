#!/usr/bin/env python3
"""Writes src/main/java/io/github/aipc4j/llm/tokenizer/UnicodeTables.java from the Rust crates HF tokenizers uses.

Hugging Face's tokenizers (the reference aipc4j's tokenizer matches id for id) do not take their Unicode data from
the platform: Unicode normalization (NFC/NFD/NFKC/NFKD, and the alignments it keeps) comes from the crate
unicode-normalization-alignments 0.1.12 (Unicode 9.0 tables), and the BERT normalizer's and pre-tokenizer's
"control", "format", "punctuation" and "non-spacing mark" tests from unicode_categories 0.1.1. To give the same
ids on text that touches characters whose properties changed since (or that were assigned since), aipc4j carries
the same tables, written here as compact Java string constants.

Usage (needs cargo; the crates come from crates.io, pinned by version and checksum in Cargo.lock there):

    python3 native/tokenizer_unicode_tables.py [--crates DIR]

DIR is the folder holding the unpacked crates (default: the first ~/.cargo/registry/src/*/ that has both);
`cargo fetch` in a throwaway project that depends on `unicode_categories = "=0.1.1"` and
`unicode-normalization-alignments = "=0.1.12"` puts them there. The output is deterministic.
"""

import argparse
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "java", "io", "github", "aipc4j", "llm", "tokenizer",
                   "UnicodeTables.java")
NORM = "unicode-normalization-alignments-0.1.12"
CATS = "unicode_categories-0.1.1"


def find_crates(root):
    if root:
        return root
    for d in sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/"))):
        if os.path.isdir(os.path.join(d, NORM)) and os.path.isdir(os.path.join(d, CATS)):
            return d
    sys.exit(f"cannot find {NORM} and {CATS} under ~/.cargo/registry/src (run cargo fetch, see --help)")


def chars(text):
    return [int(x, 16) for x in re.findall(r"\\u\{([0-9A-Fa-f]+)\}", text)]


def norm_tables(src):
    def block(name):
        m = re.search(r"pub\(crate\) const " + name + r": [^\n]*? = &\[(.*?)\n\];", src, re.S)
        if not m:
            sys.exit(f"{name} not found")
        return m.group(1)

    ccc = {}
    for v in re.findall(r"0x([0-9A-Fa-f]+)", block("CANONICAL_COMBINING_CLASS_KV")):
        v = int(v, 16)
        ccc[v >> 8] = v & 0xFF
    composition = {}
    for key, c in re.findall(r"\(0x([0-9A-Fa-f]+), '\\u\{([0-9A-Fa-f]+)\}'\)", block("COMPOSITION_TABLE_KV")):
        key = int(key, 16)
        composition[(key >> 16, key & 0xFFFF)] = int(c, 16)
    m = re.search(r"fn composition_table_astral.*?match \(c1, c2\) \{(.*?)_ => None", src, re.S)
    for a, b, c in re.findall(r"\('\\u\{([0-9A-F]+)\}', '\\u\{([0-9A-F]+)\}'\) => Some\('\\u\{([0-9A-F]+)\}'\)",
                              m.group(1)):
        composition[(int(a, 16), int(b, 16))] = int(c, 16)

    def decompositions(name):
        out = {}
        for key, values in re.findall(r"\(0x([0-9A-Fa-f]+), &\[(.*?)\]\)", block(name)):
            out[int(key, 16)] = chars(values)
        return out

    canonical = decompositions("CANONICAL_DECOMPOSED_KV")
    compatible = decompositions("COMPATIBILITY_DECOMPOSED_KV")
    marks = [int(v, 16) for v in re.findall(r"0x([0-9A-Fa-f]+)", block("COMBINING_MARK_KV"))]
    version = re.search(r"UNICODE_VERSION: \(u64, u64, u64\) = \((\d+), (\d+), (\d+)\)", src).groups()
    return ccc, composition, canonical, compatible, marks, ".".join(version)


def category_tables(src):
    tables = {}
    for m in re.finditer(r"pub static (\w+) : &'static \[char\] = &\[(.*?)\];", src, re.S):
        tables[m.group(1)] = chars(m.group(2))
    return tables


def ranges(cps):
    out = []
    for c in sorted(set(cps)):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def java_string(cps):
    """A Java string literal holding these code points (supplementary ones as surrogate pairs), ASCII source."""
    parts = []
    for cp in cps:
        if cp > 0xFFFF:
            cp -= 0x10000
            parts.append("\\u%04X\\u%04X" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
        elif cp < 0x80:
            # \\u escapes are translated before lexing: never write \\u000A, \\u0022 and the like
            c = chr(cp)
            if c == '"':
                parts.append('\\"')
            elif c == "\\":
                parts.append("\\\\")
            elif 0x20 <= cp < 0x7F:
                parts.append(c)
            else:
                parts.append("\\%03o" % cp)
        elif 0xD800 <= cp <= 0xDFFF:
            sys.exit("surrogate code point in a table")
        else:
            parts.append("\\u%04X" % cp)
    return parts


def constant(name, cps, comment):
    parts = java_string(cps)
    lines, line = [], ""
    for p in parts:
        if len(line) + len(p) > 100:
            lines.append(line)
            line = ""
        line += p
    if line:
        lines.append(line)
    body = "\n            + ".join('"' + l + '"' for l in lines) if lines else '""'
    return f"    /** {comment} */\n    static final String {name} =\n            {body};\n"


def chunked(name, cps, comment, per_entry_split):
    """Splits long data over several constants (a class-file string holds at most 65535 bytes)."""
    chunks, current = [], []
    for entry in per_entry_split:
        if len(current) + len(entry) > 8000:
            chunks.append(current)
            current = []
        current += entry
    if current:
        chunks.append(current)
    out = []
    for i, c in enumerate(chunks):
        out.append(constant(f"{name}_{i}", c, f"{comment} (part {i + 1} of {len(chunks)})"))
    out.append(f"    static final String[] {name} = {{{', '.join(f'{name}_{i}' for i in range(len(chunks)))}}};\n")
    return "\n".join(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--crates", help="folder holding the unpacked crates")
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args(argv)
    root = find_crates(args.crates)
    with open(os.path.join(root, NORM, "src", "tables.rs"), encoding="utf-8") as f:
        ccc, composition, canonical, compatible, marks, version = norm_tables(f.read())
    with open(os.path.join(root, CATS, "src", "tables.rs"), encoding="utf-8") as f:
        cats = category_tables(f.read())

    ccc_ranges = []
    for cp in sorted(ccc):
        if ccc_ranges and ccc_ranges[-1][1] == cp - 1 and ccc_ranges[-1][2] == ccc[cp]:
            ccc_ranges[-1][1] = cp
        else:
            ccc_ranges.append([cp, cp, ccc[cp]])
    punctuation = sum((cats[k] for k in sorted(cats) if k.startswith("PUNCTUATION_")), [])
    other = cats["OTHER_CONTROL"] + cats["OTHER_FORMAT"]

    def flat(rs):
        return [x for r in rs for x in r]

    def decomposition_entries(table):
        return [[cp, len(table[cp])] + table[cp] for cp in sorted(table)]

    text = f'''package io.github.aipc4j.llm.tokenizer;

// GENERATED by native/tokenizer_unicode_tables.py from the Rust crates {NORM} (Unicode {version})
// and {CATS}, which Hugging Face tokenizers compiles in; do not edit.

/**
 * Unicode data as Hugging Face tokenizers has it built in (see native/tokenizer_unicode_tables.py), in compact
 * strings decoded once by {{@link Unicode}}: ranges are (first, last) code point pairs, the combining classes
 * (first, last, class) triples, compositions (first, second, composite) triples, decompositions
 * (character, length, characters...) runs.
 */
final class UnicodeTables {{
    private UnicodeTables() {{
    }}

    /** Unicode version of the normalization data. */
    static final String NORMALIZATION_VERSION = "{version}";

{constant("CANONICAL_COMBINING_CLASSES", flat(ccc_ranges), "Non-zero canonical combining classes.")}
{constant("COMPOSITIONS", flat([[a, b, composition[(a, b)]] for (a, b) in sorted(composition)]),
          "Canonical compositions of pairs (Hangul aside).")}
{chunked("CANONICAL_DECOMPOSITIONS", None, "Full canonical decompositions (Hangul aside)",
         decomposition_entries(canonical))}
{chunked("COMPATIBILITY_DECOMPOSITIONS", None,
         "Full compatibility decompositions of the characters whose differs from the canonical one",
         decomposition_entries(compatible))}
{constant("MARKS", flat(ranges(marks)), "General_Category=Mark, as the normalization crate has it.")}
{constant("OLD_PUNCTUATION", flat(ranges(punctuation)), "unicode_categories' Pc Pd Ps Pe Pi Pf Po.")}
{constant("OLD_CONTROL_FORMAT", flat(ranges(other)), "unicode_categories' Cc and Cf (Co is tested by range).")}
{constant("OLD_NONSPACING_MARKS", flat(ranges(cats["MARK_NONSPACING"])), "unicode_categories' Mn.")}
}}
'''
    text = re.sub(r"\n{3,}", "\n\n", text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out}: {len(ccc)} combining classes, {len(composition)} compositions, "
          f"{len(canonical)} canonical and {len(compatible)} compatibility decompositions, {len(marks)} marks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
