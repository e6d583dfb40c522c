"""A file server over real HTTP for the whole module, and one over TLS with a throw-away CA."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import serve


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with serve() as bound:
        yield bound


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for `files.test` made with the openssl CLI."""
    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is needed for the TLS fetch test")
        pytest.skip("openssl is not installed (needed to make a test certificate)")
    folder: Path = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=files.test", "-addext", "subjectAltName=DNS:files.test",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture(scope="module")
def tls_port(certificate: tuple[str, str]) -> Iterator[int]:
    with serve(*certificate) as bound:
        yield bound
