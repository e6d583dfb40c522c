"""Refresh the vendored GraphiQL assets from the npm registry (a maintainer's tool).

    python -m gateway.web.graphiql.refresh                          # the pinned versions below
    python -m gateway.web.graphiql.refresh --version graphiql=3.8.4 # bump one package

Why vendored: the page must work offline and without trusting a CDN at run time. This script
is the only thing that touches the network for it (`npm pack`, which checks the registry's
sha512 of each tarball); it copies the minified UMD builds and the licence of each package
into `static/<name>@<version>/`, removes older copies, and writes `static/manifest.json`
with the versions and the sha384 of every file, which the page puts in `integrity=`.
Nothing in the running gateway imports this module.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gateway.web.graphiql.assets import STATIC_DIR, sri

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Package:
    """An npm package to vendor: which files of its tarball the page loads, in order."""

    name: str
    version: str
    files: tuple[str, ...]
    license_file: str = "LICENSE"

    @property
    def folder(self) -> str:
        return f"{self.name.replace('/', '__')}@{self.version}"


#: Load order matters: GraphiQL's UMD bundle expects the React and ReactDOM globals.
PINNED = (
    Package("react", "18.2.0", ("umd/react.production.min.js",)),
    Package("react-dom", "18.2.0", ("umd/react-dom.production.min.js",)),
    Package("graphiql", "3.8.3", ("graphiql.min.css", "graphiql.min.js")),
)


def npm_pack(package: Package, workdir: Path) -> tuple[bytes, str]:
    """The package's tarball from the registry and npm's integrity string for it."""
    spec = f"{package.name}@{package.version}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    data = (workdir / info["filename"]).read_bytes()
    algo, _, expected = str(info["integrity"]).partition("-")
    if base64.b64encode(hashlib.new(algo, data).digest()).decode() != expected:
        raise RuntimeError(f"{spec}: tarball does not match npm's {algo} integrity")
    return data, str(info["integrity"])


def vendor(package: Package, tarball: bytes, static_dir: Path) -> dict[str, Any]:
    """Copy the package's files and licence out of `tarball`; its manifest entry."""
    target = static_dir / package.folder
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}

        def read(path: str) -> bytes:
            if path not in members:
                raise RuntimeError(f"{package.name}@{package.version} has no {path}")
            extracted = tar.extractfile(members[path])
            assert extracted is not None
            return extracted.read()

        (target / "LICENSE").write_bytes(read(package.license_file))
        license_name = json.loads(read("package.json")).get("license", "")
        files = []
        for source in package.files:
            data = read(source)
            (target / Path(source).name).write_bytes(data)
            path = f"{package.folder}/{Path(source).name}"
            files.append({"path": path, "source": source, "integrity": sri(data)})
    return {
        "name": package.name,
        "version": package.version,
        "license": license_name,
        "licenseFile": f"{package.folder}/LICENSE",
        "files": files,
    }


def write_manifest(entries: list[dict[str, Any]], static_dir: Path) -> Path:
    """Write the manifest and remove folders of versions no longer listed."""
    keep = {e["licenseFile"].split("/")[0] for e in entries}
    for child in static_dir.iterdir():
        if child.is_dir() and "@" in child.name and child.name not in keep:
            shutil.rmtree(child)
    manifest = {"generatedBy": "python -m gateway.web.graphiql.refresh", "packages": entries}
    path = static_dir / MANIFEST
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def with_versions(packages: Sequence[Package], overrides: Sequence[str]) -> list[Package]:
    """`name=version` overrides applied to the pinned list."""
    versions = dict(o.split("=", 1) for o in overrides)
    unknown = set(versions) - {p.name for p in packages}
    if unknown:
        raise SystemExit(f"unknown package(s): {', '.join(sorted(unknown))}")
    return [replace(p, version=versions.get(p.name, p.version)) for p in packages]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="append", default=[], metavar="NAME=VERSION")
    parser.add_argument("--static-dir", type=Path, default=STATIC_DIR)
    args = parser.parse_args(argv)
    packages = with_versions(PINNED, args.version)
    args.static_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for package in packages:
            tarball, integrity = npm_pack(package, Path(tmp))
            entry = vendor(package, tarball, args.static_dir)
            entries.append({**entry, "tarballIntegrity": integrity})
            print(f"{package.name}@{package.version}: {len(entry['files'])} file(s)")
    print(f"wrote {write_manifest(entries, args.static_dir)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
