#!/usr/bin/env python3
"""Repack Debian python3-* packages as wheels and write a PEP 503 "simple" index.

PyPI is unreachable from this machine's builds, but Debian's mirror is reachable. Debian's
python3-requests *is* requests 2.28.1 (plus Debian's patches), so repacking its installed files
as a wheel gives `pip install requests` the real library instead of a look-alike stub.

usage: debwheel.py MANIFEST DEB_DIR OUT_DIR
  MANIFEST  e2e/fixtures/pypi/debian-packages.txt
  DEB_DIR   directory holding the downloaded .deb files
  OUT_DIR   gets files/*.whl and simple/<project>/index.html
"""

import base64
import email.parser
import hashlib
import html
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SITE = Path("usr/lib/python3/dist-packages")
# Fixed timestamps make the wheels byte-identical across runs (stable hashes in the index).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def read_manifest(path: Path) -> dict[str, list[str]]:
    packages: dict[str, list[str]] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, *extras = line.split()
        if any(not token.startswith("+") for token in extras):
            sys.exit(f"{path}: bad line {raw!r}: extra requirements must start with '+'")
        packages[name] = [token[1:] for token in extras]
    return packages


def requires_txt_to_requires_dist(text: str) -> list[str]:
    """setuptools' requires.txt sections ([extra], [:marker], [extra:marker]) to PEP 508 lines."""
    out: list[str] = []
    extra, marker = "", ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("["):
            section = line[1:-1]
            extra, _, marker = section.partition(":")
            continue
        conditions = []
        if marker:
            conditions.append(f"({marker})" if extra else marker)
        if extra:
            conditions.append(f'extra == "{extra}"')
        out.append(f"{line}; {' and '.join(conditions)}" if conditions else line)
    return out


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_escape(value: str) -> str:
    return re.sub(r"[^\w\d.+]+", "_", value, flags=re.UNICODE)


def project_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def build_wheel(deb: Path, extra_requires: list[str], files_dir: Path) -> tuple[str, Path, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        site = root / SITE
        infos = [p for p in site.iterdir() if p.is_dir() and p.suffix in (".egg-info", ".dist-info")]
        if len(infos) != 1:
            sys.exit(f"{deb.name}: expected one *.egg-info or *.dist-info in {SITE}, found {infos}")
        info = infos[0]
        meta_file = info / ("METADATA" if info.suffix == ".dist-info" else "PKG-INFO")
        meta_text = meta_file.read_text()
        headers = email.parser.HeaderParser().parsestr(meta_text)
        name, version = headers["Name"], headers["Version"]
        requires_txt = info / "requires.txt"
        if requires_txt.exists():
            # PKG-INFO may or may not repeat requires.txt; requires.txt is the one Debian patches.
            meta_text = re.sub(r"^Requires-Dist:.*\n", "", meta_text, flags=re.MULTILINE)
            added = requires_txt_to_requires_dist(requires_txt.read_text())
        else:
            added = []
        added += extra_requires
        head, sep, body = meta_text.partition("\n\n")
        meta_text = head + "".join(f"\nRequires-Dist: {req}" for req in added) + sep + body

        dist_info = f"{wheel_escape(name)}-{wheel_escape(version)}.dist-info"
        payload: dict[str, bytes] = {}
        for path in sorted(site.rglob("*")):
            rel = path.relative_to(site)
            if path.is_dir() or rel.parts[0] == info.name or "__pycache__" in rel.parts:
                continue
            payload[rel.as_posix()] = path.read_bytes()
        native = any(key.endswith(".so") for key in payload)
        tag = "cp311-cp311-linux_x86_64" if native else "py3-none-any"
        for extra_file in ("entry_points.txt", "top_level.txt"):
            if (info / extra_file).exists():
                payload[f"{dist_info}/{extra_file}"] = (info / extra_file).read_bytes()
        payload[f"{dist_info}/METADATA"] = meta_text.encode()
        payload[f"{dist_info}/WHEEL"] = (
            "Wheel-Version: 1.0\nGenerator: dsl-e2e-debwheel\n"
            f"Root-Is-Purelib: {'false' if native else 'true'}\nTag: {tag}\n"
        ).encode()
        record = "".join(f"{key},{record_hash(data)},{len(data)}\n" for key, data in payload.items())
        payload[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()

        wheel = files_dir / f"{wheel_escape(name)}-{wheel_escape(version)}-{tag}.whl"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for key, data in payload.items():
                entry = zipfile.ZipInfo(key, ZIP_DATE)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, data)
        wheel.write_bytes(buffer.getvalue())
        return name, wheel, headers["Requires-Python"]


def write_index(out: Path, wheels: list[tuple[str, Path, str | None, str]]) -> None:
    simple = out / "simple"
    simple.mkdir(parents=True, exist_ok=True)
    projects = []
    for name, wheel, requires_python, deb in sorted(wheels, key=lambda w: project_name(w[0])):
        project = project_name(name)
        projects.append(project)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        attr = f' data-requires-python="{html.escape(requires_python)}"' if requires_python else ""
        (simple / project).mkdir(exist_ok=True)
        (simple / project / "index.html").write_text(
            "<!DOCTYPE html>\n<html><body>\n"
            f"<!-- repacked from Debian package {html.escape(deb)} by scripts/engine/debwheel.py -->\n"
            f'<a href="../../files/{wheel.name}#sha256={digest}"{attr}>{wheel.name}</a>\n'
            "</body></html>\n"
        )
    links = "".join(f'<a href="{p}/">{p}</a>\n' for p in projects)
    (simple / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n")


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    manifest, deb_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    files_dir = out / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    wheels = []
    for package, extra_requires in read_manifest(manifest).items():
        debs = sorted(deb_dir.glob(f"{package}_*.deb"))
        if len(debs) != 1:
            sys.exit(f"{package}: expected one {package}_*.deb in {deb_dir}, found {[d.name for d in debs]}")
        name, wheel, requires_python = build_wheel(debs[0], extra_requires, files_dir)
        wheels.append((name, wheel, requires_python, debs[0].name))
        print(f"  {debs[0].name} -> {wheel.name}")
    write_index(out, wheels)


if __name__ == "__main__":
    main()
