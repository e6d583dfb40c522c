"""Fetching caller-given URLs against a real local server: SSRF refusals, caps, deadline."""

from __future__ import annotations

import ipaddress
import ssl
import time

import pytest

from gateway.core.errors import ErrorCode, InputInvalid
from gateway.urlfetch import FetchRefused, fetch_attachment, refusal

from .server import PDF

LOCAL = frozenset({"127.0.0.1"})


async def _refused(url: str, reason: str, **options: object) -> FetchRefused:
    kwargs: dict[str, object] = {"max_bytes": 1000, "timeout": 5.0}
    kwargs.update(options)
    with pytest.raises(FetchRefused) as caught:
        await fetch_attachment(url, **kwargs)  # type: ignore[arg-type]
    assert caught.value.reason == reason, caught.value.message
    assert isinstance(caught.value, InputInvalid)
    assert caught.value.code is ErrorCode.PLATFORM_INPUT_INVALID
    return caught.value


async def test_allow_listed_host_fetched(port: int) -> None:
    url = f"http://127.0.0.1:{port}/cv.pdf"
    fetched = await fetch_attachment(url, max_bytes=1000, timeout=5.0, allow_hosts=LOCAL)
    assert fetched.data == PDF
    assert fetched.content_type == "application/pdf"
    assert fetched.url == url


async def test_loopback_refused_when_not_allow_listed(port: int) -> None:
    error = await _refused(f"https://127.0.0.1:{port}/cv.pdf", "address")
    assert "loopback" in error.message


async def test_hostname_resolving_to_loopback_refused(port: int) -> None:
    error = await _refused(f"https://localhost:{port}/cv.pdf", "address")
    assert "localhost resolves to a loopback address" in error.message


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.10", "private"),
        ("169.254.169.254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("100.100.100.200", "metadata"),
        ("100.64.0.1", "not a public"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("[::1]", "loopback"),
        ("[fe80::1]", "link-local"),
        ("[fd00:ec2::254]", "metadata"),
        ("[fc00::5]", "private"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("[::ffff:169.254.169.254]", "metadata"),
        ("[64:ff9b::a00:1]", "private"),
        ("[2002:7f00:1::]", "loopback"),
    ],
)
async def test_private_link_local_metadata_literals_refused(host: str, why: str) -> None:
    started = time.monotonic()
    error = await _refused(f"https://{host}/cv.pdf", "address")
    assert why in error.message
    assert time.monotonic() - started < 1  # refused before any connection attempt


async def test_every_resolved_address_checked() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.1"]

    error = await _refused("https://evil.test/cv.pdf", "address", resolver=mixed)
    assert "loopback" in error.message


async def test_connection_pinned_to_the_vetted_address(port: int) -> None:
    """Resolved once: a second, rebinding answer is never used; Host keeps the name."""
    answers = [["127.0.0.1"]]
    calls: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[0] if len(calls) == 1 else ["10.255.255.1"]

    fetched = await fetch_attachment(
        f"http://files.test:{port}/host",
        max_bytes=1000,
        timeout=5.0,
        allow_hosts=frozenset({"files.test"}),
        resolver=rebinding,
    )
    assert fetched.data == f"files.test:{port}".encode()
    assert calls == ["files.test"]


async def test_tls_sni_and_certificate_checked_on_the_host_name(
    tls_port: int, certificate: tuple[str, str]
) -> None:
    async def to_loopback(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    trust = ssl.create_default_context(cafile=certificate[0])
    fetched = await fetch_attachment(
        f"https://files.test:{tls_port}/cv.pdf",
        max_bytes=1000,
        timeout=5.0,
        allow_hosts=frozenset({"files.test", "other.test"}),
        resolver=to_loopback,
        verify=trust,
    )
    assert fetched.data == PDF
    # the same server under a name its certificate does not carry: refused by TLS
    await _refused(
        f"https://other.test:{tls_port}/cv.pdf",
        "unreachable",
        allow_hosts=frozenset({"other.test"}),
        resolver=to_loopback,
        verify=trust,
    )


async def test_redirect_on_same_host_followed(port: int) -> None:
    fetched = await fetch_attachment(
        f"http://127.0.0.1:{port}/same", max_bytes=1000, timeout=5.0, allow_hosts=LOCAL
    )
    assert fetched.data == PDF and fetched.url.endswith("/cv.pdf")


async def test_redirect_to_another_host_refused(port: int) -> None:
    error = await _refused(
        f"http://127.0.0.1:{port}/other",
        "redirect",
        allow_hosts=frozenset({"127.0.0.1", "localhost"}),
    )
    assert "another host (localhost)" in error.message


async def test_redirect_loop_refused(port: int) -> None:
    await _refused(f"http://127.0.0.1:{port}/loop", "redirect", allow_hosts=LOCAL)


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
async def test_oversize_refused(port: int, path: str) -> None:
    error = await _refused(f"http://127.0.0.1:{port}{path}", "too_large", allow_hosts=LOCAL)
    assert "1000" in error.message


async def test_slow_body_cut_by_total_deadline(port: int) -> None:
    started = time.monotonic()
    await _refused(
        f"http://127.0.0.1:{port}/slow",
        "timeout",
        allow_hosts=LOCAL,
        timeout=0.5,
        max_bytes=10_000,
    )
    assert time.monotonic() - started < 2  # each byte arrives in time; the total does not


async def test_error_status_refused(port: int) -> None:
    error = await _refused(f"http://127.0.0.1:{port}/missing", "status", allow_hosts=LOCAL)
    assert "404" in error.message


async def test_compressed_body_refused(port: int) -> None:
    await _refused(f"http://127.0.0.1:{port}/gzip", "encoding", allow_hosts=LOCAL)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://files.example.org/cv.pdf", "scheme"),  # http only for allow-listed hosts
        ("ftp://files.example.org/cv.pdf", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("https://user:secret@files.example.org/cv.pdf", "credentials"),
        ("https://no-such-host.invalid/cv.pdf", "unreachable"),
    ],
)
async def test_url_refused_before_fetching(url: str, reason: str) -> None:
    error = await _refused(url, reason)
    assert "secret" not in error.message


async def test_closed_port_unreachable() -> None:
    await _refused("http://127.0.0.1:1/cv.pdf", "unreachable", allow_hosts=LOCAL)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("8.8.8.8", True),
        ("127.0.0.2", False),
        ("192.0.2.1", False),  # documentation range
        ("240.0.0.1", False),
        ("::", False),
    ],
)
def test_refusal_table(address: str, public: bool) -> None:
    assert (refusal(ipaddress.ip_address(address)) is None) is public


async def test_international_host_name_resolved_and_checked_in_idna_form() -> None:
    seen: list[str] = []

    async def record(host: str, port: int) -> list[str]:
        seen.append(host)
        return ["10.1.2.3"]

    await _refused("https://fichiers-é.test/cv.pdf", "address", resolver=record)
    assert seen == ["fichiers-é.test".encode("idna").decode("ascii")]
    assert seen[0].startswith("xn--")
