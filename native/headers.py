#!/usr/bin/env python3
"""Puts the pinned C headers the bindings are generated from into native/headers/ (git-ignored).

  onnxruntime/        Debian's libonnxruntime-dev .deb (apt-get download with a private sources list and state
                      directory, unpacked with dpkg-deb -x; nothing is installed)
  openvino/           openvino/include/ of the pinned openvino wheel (native/downloads/, see fetch.py)
  onnxruntime-genai/  ort_genai_c.h from the onnxruntime-genai sources at the pinned release tag; no registry
                      serves it, so it is taken from --genai-header FILE or --genai-repo GIT_DIR (git show TAG:path)

Every input is checked against native/headers.ini by SHA-256. Headers are generator and ABI-test input only:
they are never committed. Exit status 0 when every requested header set is in place, 1 otherwise.
"""

import argparse
import configparser
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fetch  # noqa: E402  (same folder: digest, pin and download helpers)


def deb_headers(pin, dest, work):
    """Downloads pin['package']=pin['version'] from Debian with a private apt state and unpacks it."""
    deb = os.path.join(work, pin["file"])
    if not os.path.exists(deb):
        state = tempfile.mkdtemp(prefix=".apt-", dir=work)
        try:
            sources = os.path.join(state, "sources.list")
            with open(sources, "w") as f:
                f.write(f"deb http://deb.debian.org/debian {pin['suite']} main\n")
            os.makedirs(os.path.join(state, "lists", "partial"))
            opts = ["-o", f"Dir::Etc::SourceList={sources}", "-o", "Dir::Etc::SourceParts=-",
                    "-o", f"Dir::State::Lists={state}/lists", "-o", f"Dir::Cache::Archives={state}"]
            for step in (["update", "-qq"], ["download", f"{pin['package']}={pin['version']}"]):
                result = subprocess.run(["apt-get", *opts, *step], cwd=state, capture_output=True, text=True)
                if result.returncode != 0:
                    raise fetch.FetchError(f"apt-get {step[0]} for '{pin['name']}' ({pin['package']}={pin['version']}, "
                                           f"Debian {pin['suite']}) failed:\n{result.stderr.strip()[-1500:]}")
            downloaded = os.path.join(state, pin["file"])
            actual = fetch.sha256_of(downloaded)
            if actual != pin["sha256"]:
                raise fetch.refuse(pin, downloaded, actual, "the downloaded package")
            os.replace(downloaded, deb)
        finally:
            shutil.rmtree(state, ignore_errors=True)
    actual = fetch.sha256_of(deb)
    if actual != pin["sha256"]:
        raise fetch.refuse(pin, deb, actual, "the cached package")
    with tempfile.TemporaryDirectory(prefix=".deb-", dir=work) as unpacked:
        subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
        shutil.copytree(os.path.join(unpacked, pin["extract"].lstrip("/")), dest)


def wheel_headers(pin, dest, downloads):
    wheel_pin = next(p for p in fetch.read_pins(os.path.join(HERE, "pins.ini")) if p["name"] == pin["wheel"])
    os.makedirs(dest)
    wheel = fetch.download(wheel_pin, downloads, offline=False)
    prefix = pin["extract"].rstrip("/") + "/"
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            if member.filename.startswith(prefix) and not member.is_dir():
                target = os.path.join(dest, member.filename[len(prefix):])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with archive.open(member) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)


def source_header(pin, dest, header_file, repo):
    if header_file is None and repo is not None:
        result = subprocess.run(["git", "--git-dir", repo, "show", f"{pin['tag']}:{pin['path']}"], capture_output=True)
        if result.returncode != 0:
            raise fetch.FetchError(f"git show {pin['tag']}:{pin['path']} in {repo} failed: {result.stderr.decode()[-500:]}")
        content = result.stdout
    elif header_file is not None:
        with open(header_file, "rb") as f:
            content = f.read()
    else:
        raise fetch.FetchError(
            f"'{pin['name']}' needs {pin['path']} of {pin['repository']} at tag {pin['tag']}: no registry serves it. "
            "Pass --genai-header FILE or --genai-repo GIT_DIR (a clone with the tag).")
    os.makedirs(dest)
    target = os.path.join(dest, os.path.basename(pin["path"]))
    with open(target, "wb") as f:
        f.write(content)
    actual = fetch.sha256_of(target)
    if actual != pin["sha256"]:
        shutil.rmtree(dest)
        raise fetch.refuse(pin, target, actual, "the header")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pins", default=os.path.join(HERE, "headers.ini"))
    parser.add_argument("--dest", default=os.path.join(HERE, "headers"))
    parser.add_argument("--downloads", default=os.path.join(HERE, "downloads"))
    parser.add_argument("--genai-header", help="ort_genai_c.h of the pinned release")
    parser.add_argument("--genai-repo", help="git directory of onnxruntime-genai holding the pinned tag")
    parser.add_argument("--describe", metavar="SET", help="print one line naming the set's header origin, and exit")
    parser.add_argument("only", nargs="*", help="header sets to prepare (default: all)")
    args = parser.parse_args(argv)
    config = configparser.ConfigParser(interpolation=None)
    config.read(args.pins)
    if args.describe:
        pin = config[args.describe]
        where = {"debian": f"Debian {pin.get('suite')} package {pin.get('package')} {pin.get('version')}",
                 "wheel": f"PyPI wheel {pin.get('package')} {pin.get('version')}",
                 "git": f"{pin.get('repository')} {pin.get('tag')} ({pin.get('commit')}) {pin.get('path')}"}[pin["source"]]
        print(f"Headers: {where}")
        return 0
    try:
        for name in config.sections():
            if args.only and name not in args.only:
                continue
            pin = dict(config[name], name=name)
            if pin["source"] == "wheel":
                # the wheel's own pin (pins.ini) carries the digest; it is verified when the wheel is fetched
                pin["sha256"] = next(p for p in fetch.read_pins(os.path.join(HERE, "pins.ini"))
                                     if p["name"] == pin["wheel"])["sha256"]
            dest = os.path.join(args.dest, name)
            stamp = os.path.join(args.dest, ".aipc4j-" + name)
            if os.path.isdir(dest) and os.path.exists(stamp) and open(stamp).read().strip() == pin["sha256"]:
                continue
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(args.dest, exist_ok=True)
            if pin["source"] == "debian":
                os.makedirs(args.downloads, exist_ok=True)
                deb_headers(pin, dest, args.downloads)
            elif pin["source"] == "wheel":
                wheel_headers(pin, dest, args.downloads)
            else:
                source_header(pin, dest, args.genai_header, args.genai_repo)
            with open(stamp, "w") as f:
                f.write(pin["sha256"] + "\n")
            print(f"aipc4j headers: {name} ({pin['version']}) in {dest}")
    except fetch.FetchError as e:
        print(f"aipc4j headers: ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
