#!/usr/bin/env python3
"""Installs the pinned openvino Python package (and numpy) into native/python/ for the model factory.

The openvino wheel is the one pinned in native/pins.ini (the file the runtime libraries are extracted
from; downloaded by native/fetch.py into native/downloads/), numpy the one pinned in native/python.ini.
Both are downloaded if missing, refused unless their SHA-256 equals the pin, and installed with
`pip install --no-index --no-deps --target native/python` (no index, nothing else). A stamp listing the
exact files, digests and interpreter makes the next run a no-op; a changed pin reinstalls from scratch.

Use it as: PYTHONPATH=native/python python3 src/modelfactory/python/make_stateful_ir.py ...

Exit status: 0 when the packages are in place, 1 on any refusal (digest, download, interpreter).
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fetch  # noqa: E402  (native/fetch.py: pinned, digest-checked downloads)

STAMP = ".aipc4j-python"


def read_wheels(pins_file, python_ini):
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(pins_file):
        raise fetch.FetchError(f"pin file not found: {pins_file}")
    wheels = []
    if "openvino" not in parser:
        raise fetch.FetchError(f"{pins_file} has no [openvino] section")
    sections = [("openvino", parser["openvino"], pins_file)]
    extra = configparser.ConfigParser(interpolation=None)
    if not extra.read(python_ini):
        raise fetch.FetchError(f"pin file not found: {python_ini}")
    sections += [(name, extra[name], python_ini) for name in extra.sections()]
    for name, section, origin in sections:
        missing = [k for k in ("package", "version", "file", "sha256") if k not in section]
        if missing:
            raise fetch.FetchError(f"[{name}] in {origin} lacks {', '.join(missing)}")
        wheels.append({"name": name, "package": section["package"], "version": section["version"],
                       "file": section["file"], "sha256": section["sha256"].lower()})
    return wheels


def interpreter_tag():
    return f"cp{sys.version_info.major}{sys.version_info.minor}"


def check_interpreter(wheels):
    tag = interpreter_tag()
    for wheel in wheels:
        python_tag = wheel["file"][:-len(".whl")].split("-")[-3]
        if python_tag.startswith("cp") and python_tag != tag:
            raise fetch.FetchError(
                f"the pinned wheel {wheel['file']} is for CPython {python_tag[2]}.{python_tag[3:]}, but "
                f"{sys.executable} is Python {sys.version.split()[0]}; run this script (and the model factory's "
                f"conversion, -Daipc4j.python=...) with a python3 of that version")


def stamp_text(wheels):
    return "\n".join([interpreter_tag()] + [f"{w['package']} {w['version']} {w['sha256']}" for w in wheels]) + "\n"


def installed(target, wheels):
    try:
        with open(os.path.join(target, STAMP)) as f:
            if f.read() != stamp_text(wheels):
                return False
    except OSError:
        return False
    return all(os.path.isdir(os.path.join(target, w["package"].replace("-", "_"))) for w in wheels)


def install(target, files, wheels):
    if os.path.exists(target):
        shutil.rmtree(target)
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
               "--no-index", "--no-deps", "--no-warn-script-location", "--target", target, *files]
    env = dict(os.environ, PIP_ROOT_USER_ACTION="ignore")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise fetch.FetchError(f"pip install into {target} exited {result.returncode}\n"
                               + (result.stderr.strip() or result.stdout.strip())[-2000:])
    with open(os.path.join(target, STAMP), "w") as f:
        f.write(stamp_text(wheels))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pins", default=os.path.join(HERE, "pins.ini"))
    parser.add_argument("--python-pins", default=os.path.join(HERE, "python.ini"))
    parser.add_argument("--downloads", default=os.path.join(HERE, "downloads"))
    parser.add_argument("--target", default=os.path.join(HERE, "python"))
    parser.add_argument("--offline", action="store_true", help="never download; use the cached files only")
    parser.add_argument("--quiet", action="store_true", help="say nothing when everything is already in place")
    args = parser.parse_args(argv)
    try:
        wheels = read_wheels(args.pins, args.python_pins)
        check_interpreter(wheels)
        if installed(args.target, wheels):
            if not args.quiet:
                print(f"aipc4j python: {', '.join(w['package'] + ' ' + w['version'] for w in wheels)} in place")
            return 0
        files = [fetch.download(w, args.downloads, args.offline) for w in wheels]
        install(args.target, files, wheels)
        print(f"aipc4j python: installed {', '.join(w['package'] + ' ' + w['version'] for w in wheels)} "
              f"(sha256 verified) into {args.target}", flush=True)
    except fetch.FetchError as e:
        print(f"aipc4j python: ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
