#!/usr/bin/env python3
"""Renders every template here on every conversation of conversations.json the way Hugging Face transformers'
apply_chat_template does (Jinja2 ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols,
raise_exception, strftime_now, transformers' tojson), and writes hf_reference.json: the Python-Jinja reference that
ChatTemplateHfReferenceTest compares aipc4j's rendering with. strftime_now is pinned to 2024-07-26 so the file is
stable (the Java test pins its clock to the same day).

Usage (Jinja2 3.1.x): python3 hf_reference.py [path/to/phi3/tokenizer_config.json]
"""
import datetime
import json
import os
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
BOS, EOS = "<s>", "<|endoftext|>"
FIXED_NOW = datetime.datetime(2024, 7, 26, 13, 5, 9)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FIXED_NOW.strftime(fmt)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    phi3_config = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "..", "..", "..", "native", "tokenizers", "phi3", "tokenizer_config.json")
    templates = {"phi3-mini-instruct": json.load(open(phi3_config, encoding="utf-8"))["chat_template"]}
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".jinja"):
            templates[name[:-len(".jinja")]] = open(os.path.join(HERE, name), encoding="utf-8").read()
    conversations = json.load(open(os.path.join(HERE, "conversations.json"), encoding="utf-8"))
    env = environment()
    cases = []
    for tname, source in templates.items():
        template = env.from_string(source)
        for cname, messages in conversations.items():
            for gen in (True, False):
                case = {"template": tname, "conversation": cname, "add_generation_prompt": gen}
                try:
                    # transformers passes tools=None and documents=None when none are given
                    case["output"] = template.render(messages=messages, tools=None, documents=None,
                                                     add_generation_prompt=gen, bos_token=BOS, eos_token=EOS)
                except jinja2.exceptions.TemplateError as e:
                    case["error"] = str(e)
                cases.append(case)
    with open(os.path.join(HERE, "hf_reference.json"), "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "bos_token": BOS, "eos_token": EOS,
                   "strftime_now": FIXED_NOW.isoformat(), "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(cases), "cases,", sum("error" in c for c in cases), "raised")


if __name__ == "__main__":
    main()
