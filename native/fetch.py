#!/usr/bin/env python3
"""Fetches the pinned native runtimes (native/pins.ini) and extracts their shared libraries.

Each artifact is downloaded with pip (binary only, no dependencies) into native/downloads/,
refused unless its SHA-256 equals the pin, and only then are the listed members extracted
into native/lib/linux-x86_64/<into>/ under their original names. A stamp per artifact makes
the next run a no-op: once cached, nothing touches the network.

Exit status: 0 when every runtime is in place, 1 on any refusal (digest, download, platform).
"""

import argparse
import configparser
import fnmatch
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PLATFORM = "linux-x86_64"
STAMP_PREFIX = ".aipc4j-"


class FetchError(Exception):
    pass


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pins(path):
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path):
        raise FetchError(f"pin file not found: {path}")
    pins = []
    for name in parser.sections():
        section = parser[name]
        missing = [k for k in ("package", "version", "file", "sha256", "into", "extract") if k not in section]
        if missing:
            raise FetchError(f"[{name}] in {path} lacks {', '.join(missing)}")
        pins.append({
            "name": name,
            "package": section["package"],
            "version": section["version"],
            "file": section["file"],
            "sha256": section["sha256"].lower(),
            "into": section["into"],
            "extract": section["extract"].split(),
        })
    return pins


def pip_tag_args(wheel_file):
    """Turns a wheel file name into the pip options that select exactly that file."""
    parts = wheel_file[:-len(".whl")].split("-")
    python_tag, abi_tag, platform_tags = parts[-3], parts[-2], parts[-1]
    args = []
    for tag in platform_tags.split("."):
        args += ["--platform", tag]
    if python_tag.startswith("cp"):
        args += ["--python-version", python_tag[2] + "." + python_tag[3:], "--implementation", "cp", "--abi", abi_tag]
    else:
        # a pure-Python tag: any interpreter that pip accepts will do, so ask as this one
        args += ["--python-version", f"{sys.version_info.major}.{sys.version_info.minor}", "--abi", "none"]
    return args


def refuse(pin, path, actual, what):
    return FetchError(
        f"{what} for artifact '{pin['name']}' ({pin['package']}=={pin['version']}, {pin['file']}) "
        f"has the wrong SHA-256\n    expected {pin['sha256']}\n    actual   {actual}\n    file     {path}")


def download(pin, downloads, offline):
    target = os.path.join(downloads, pin["file"])
    if os.path.exists(target):
        actual = sha256_of(target)
        if actual != pin["sha256"]:
            raise FetchError(str(refuse(pin, target, actual, "the cached file"))
                             + "\n    (delete the cached file to download it again, or correct its pin)")
        return target
    if offline:
        raise FetchError(f"artifact '{pin['name']}' ({pin['file']}) is not in {downloads} and --offline was given")
    os.makedirs(downloads, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=downloads) as tmp:
        command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps",
                   "--only-binary=:all:", "--dest", tmp, *pip_tag_args(pin["file"]),
                   f"{pin['package']}=={pin['version']}"]
        print(f"aipc4j fetch: downloading {pin['package']}=={pin['version']}", flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
        fetched = os.path.join(tmp, pin["file"])
        if result.returncode != 0 or not os.path.exists(fetched):
            got = ", ".join(os.listdir(tmp)) or "nothing"
            raise FetchError(
                f"could not download artifact '{pin['name']}' ({pin['package']}=={pin['version']}, "
                f"file {pin['file']}); pip exited {result.returncode} and left {got}\n"
                + result.stderr.strip()[-2000:])
        actual = sha256_of(fetched)
        if actual != pin["sha256"]:
            raise refuse(pin, fetched, actual, "the downloaded file")
        os.replace(fetched, target)
    return target


def stamp_path(dest, pin):
    return os.path.join(dest, pin["into"], STAMP_PREFIX + pin["name"])


def installed(dest, pin):
    """True when the stamp names this exact artifact and every file it lists is still there."""
    try:
        with open(stamp_path(dest, pin)) as f:
            lines = f.read().split("\n")
    except OSError:
        return False
    header = lines[0].split()
    if header != [pin["version"], pin["sha256"]]:
        return False
    folder = os.path.join(dest, pin["into"])
    return all(os.path.exists(os.path.join(folder, name)) for name in lines[1:] if name)


def extract(pin, wheel, dest):
    folder = os.path.join(dest, pin["into"])
    os.makedirs(folder, exist_ok=True)
    written = []
    with zipfile.ZipFile(wheel) as archive:
        for pattern in pin["extract"]:
            members = [m for m in archive.infolist()
                       if not m.is_dir() and fnmatch.fnmatchcase(m.filename, pattern)]
            if not members:
                raise FetchError(f"artifact '{pin['name']}' ({pin['file']}) has no member matching '{pattern}'")
            for member in members:
                name = os.path.basename(member.filename)
                partial = os.path.join(folder, "." + name + ".part")
                with archive.open(member) as src, open(partial, "wb") as out:
                    shutil.copyfileobj(src, out)
                os.chmod(partial, 0o755)
                os.replace(partial, os.path.join(folder, name))
                written.append(name)
    with open(stamp_path(dest, pin), "w") as f:
        f.write(f"{pin['version']} {pin['sha256']}\n" + "\n".join(sorted(written)) + "\n")
    return written


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pins", default=os.path.join(HERE, "pins.ini"))
    parser.add_argument("--downloads", default=os.path.join(HERE, "downloads"))
    parser.add_argument("--dest", default=os.path.join(HERE, "lib", PLATFORM))
    parser.add_argument("--offline", action="store_true", help="never download; use the cached files only")
    parser.add_argument("--quiet", action="store_true", help="say nothing when everything is already in place")
    args = parser.parse_args(argv)
    try:
        here = f"{platform.system().lower()}-{platform.machine().lower().replace('amd64', 'x86_64')}"
        if here != PLATFORM:
            raise FetchError(f"the pins cover {PLATFORM} only, this machine is {here}; "
                             "point aipc4j at your own runtimes with -Daipc4j.<runtime>.path (see README)")
        for pin in read_pins(args.pins):
            if installed(args.dest, pin):
                if not args.quiet:
                    print(f"aipc4j fetch: {pin['name']} {pin['version']} is in place")
                continue
            wheel = download(pin, args.downloads, args.offline)
            files = extract(pin, wheel, args.dest)
            print(f"aipc4j fetch: {pin['name']} {pin['version']} verified (sha256 {pin['sha256'][:12]}…), "
                  f"{len(files)} file(s) in {os.path.join(args.dest, pin['into'])}")
    except FetchError as e:
        print(f"aipc4j fetch: ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
