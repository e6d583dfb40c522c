"""The GraphiQL page and its vendored files: what the page links, the CSP, the static route's
cache headers, and that the manifest tells the truth about the files on disk."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest

from gateway.web.graphiql import refresh
from gateway.web.graphiql.assets import STATIC_DIR, sri, vendored_assets
from tests.service.helpers import make_app, running

MANIFEST = json.loads((STATIC_DIR / "manifest.json").read_text(encoding="utf-8"))
HTML = {"Accept": "text/html"}


def _links(page: str) -> list[tuple[str, str]]:
    return re.findall(r'(?:src|href)="([^"]+)" integrity="([^"]+)"', page)


def test_manifest_hashes_and_licences_match_the_files() -> None:
    names = [p["name"] for p in MANIFEST["packages"]]
    assert names == ["react", "react-dom", "graphiql"]  # the load order GraphiQL's UMD needs
    for package in MANIFEST["packages"]:
        licence = (STATIC_DIR / package["licenseFile"]).read_text(encoding="utf-8")
        assert package["license"] == "MIT" and "Permission is hereby granted" in licence
        for file in package["files"]:
            path = STATIC_DIR / file["path"]
            assert path.parent.name == f"{package['name']}@{package['version']}"
            assert sri(path.read_bytes()) == file["integrity"], file["path"]
            assert ".min." in path.name  # minified builds only


def test_vendored_size_stays_reasonable() -> None:
    total = sum(p.stat().st_size for p in STATIC_DIR.rglob("*") if p.is_file())
    assert total < 5 * 1024 * 1024


async def test_page_links_only_its_own_files_with_integrity_and_a_tight_csp() -> None:
    async with running(make_app()) as client:
        page = await client.get("/graphql", headers=HTML)
        fetched = {url: await client.get(url) for url, _ in _links(page.text)}
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "default-src 'none'" in csp and "unsafe" not in csp and "http" not in csp
    assert "<script>" not in page.text and "<style>" not in page.text  # nothing inline
    links = _links(page.text)
    assert len(links) == 6 and all(url.startswith("/graphiql/static/") for url, _ in links)
    for (url, integrity), response in zip(links, fetched.values(), strict=True):
        assert response.status_code == 200, url
        assert sri(response.content) == integrity, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_own_files_are_linked_by_content_hash() -> None:
    own = [a for a in vendored_assets() if "?v=" in a.url]
    assert [a.url.split("?")[0].rsplit("/", 1)[1] for a in own] == ["page.css", "init.js"]
    for asset in own:
        name = asset.url.split("?")[0].rsplit("/", 1)[1]
        digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
        assert asset.url.endswith(f"?v={digest}")


async def test_cdn_mode_is_opt_in_and_keeps_the_same_hashes() -> None:
    async with running(make_app(graphiql_cdn=True)) as client:
        page = await client.get("/graphql", headers=HTML)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' https://unpkg.com;" in csp
    cdn = [(u, i) for u, i in _links(page.text) if u.startswith("https://unpkg.com/")]
    expected = [
        (f"https://unpkg.com/{p['name']}@{p['version']}/{f['source']}", f["integrity"])
        for p in MANIFEST["packages"]
        for f in p["files"]
    ]
    assert sorted(cdn) == sorted(expected)
    assert page.text.count("crossorigin") == len(expected)


async def test_static_files_are_not_served_when_graphiql_is_off() -> None:
    async with running(make_app(graphiql=False)) as client:
        page = await client.get("/graphql", headers=HTML)
        asset = await client.get("/graphiql/static/init.js")
        missing = await client.get("/graphiql/static/../config.py")
    assert (page.status_code, asset.status_code, missing.status_code) == (404, 404, 404)


def test_refresh_vendors_the_listed_files_and_licence(tmp_path: Path) -> None:
    """The refresh tool's extraction, on a tarball shaped like npm's (made from the vendored
    graphiql files, so no network)."""
    package = refresh.Package("graphiql", "3.8.3", ("graphiql.min.css",))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        source = STATIC_DIR / "graphiql@3.8.3"
        tar.add(source / "graphiql.min.css", "package/graphiql.min.css")
        tar.add(source / "LICENSE", "package/LICENSE")
        meta = json.dumps({"name": "graphiql", "license": "MIT"}).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(meta)
        tar.addfile(info, io.BytesIO(meta))
    (tmp_path / "graphiql@1.0.0").mkdir()  # an older copy, to be removed
    entry = refresh.vendor(package, buffer.getvalue(), tmp_path)
    refresh.write_manifest([entry], tmp_path)
    written = json.loads((tmp_path / "manifest.json").read_text())["packages"]
    assert written == [entry]
    assert entry["files"] == [
        {
            "path": "graphiql@3.8.3/graphiql.min.css",
            "source": "graphiql.min.css",
            "integrity": MANIFEST["packages"][2]["files"][0]["integrity"],
        }
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphiql@3.8.3", "manifest.json"]
    with pytest.raises(RuntimeError, match=r"has no graphiql\.min\.js"):
        refresh.vendor(
            refresh.Package("graphiql", "3.8.3", ("graphiql.min.js",)), buffer.getvalue(), tmp_path
        )
