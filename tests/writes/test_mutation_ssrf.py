"""A CV given by URL is fetched under the SSRF rules (gateway.urlfetch has the unit tests);
here: each refusal comes back as a userError at the attachment's dataUrl, nothing written."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from simulator.model import World
from tests.urlfetch.server import serve

from .stack import Stack, application, b64, job_id, open_job, start_stack


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with serve() as bound:
        yield bound


@pytest.fixture
async def guarded(sim: tuple[World, str]) -> AsyncIterator[Stack]:
    world, url = sim
    settings = {"attachment_max_file_bytes": 4096, "attachment_fetch_timeout": 0.5}
    async with start_stack(url, world, **settings) as running:
        yield running


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://localhost:{port}/cv.pdf", "loopback"),
        ("https://10.0.0.1/cv.pdf", "private"),
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("http://127.0.0.1:{port}/other", "another host"),
        ("http://127.0.0.1:{port}/big", "4096"),
        ("http://127.0.0.1:{port}/slow", "took over"),
    ],
)
async def test_refused_fetch_is_a_user_error_at_the_data_url(
    guarded: Stack, port: int, url: str, words: str
) -> None:
    letter = {"name": "lettre.txt", "type": "COVER_LETTER", "data": b64(b"Bonjour")}
    cv = {"name": "cv.pdf", "type": "CV", "dataUrl": url.format(port=port)}
    payload = application(job_id(open_job(guarded.world)), "ssrf@example.org",
                          attachments=[letter, cv])  # fmt: skip
    result = await guarded.apply(payload)
    assert result["application"] is None
    [error] = result["userErrors"]
    assert (error["code"], error["field"]) == (
        "PLATFORM_INPUT_INVALID", ["attachments", "1", "dataUrl"],
    )  # fmt: skip
    assert words in error["message"]
    assert "C4" not in await guarded.counts()
