"""Pure helpers: redaction, error bodies, Retry-After, backoff, throttle; and lenient parsing
of drifting answers from a tiny stand-in server (shapes the simulator does not produce)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.core.errors import RemoteInputInvalid, RemoteUnavailable, RemoteUnknownHttpError
from gateway.core.redaction import redact
from gateway.flatchr import FlatchrClient, FlatchrPool
from gateway.flatchr.models.parse import scrub
from gateway.flatchr.responses import error_detail
from gateway.flatchr.retry import backoff, parse_retry_after
from gateway.flatchr.throttle import QueueTimeout, Throttle
from tests.flatchr.helpers import fast_settings, integration_for

KEY = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6N30.U2lnbmF0dXJlT2ZUaGVLZXk"


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        (f"invalid key {KEY}", KEY),
        ("Authorization: Bearer abc.def.ghi rejected", "abc.def.ghi"),
        ("bad token=s3cr3t-value&x=1", "s3cr3t-value"),
        ("see https://b.s3.amazonaws.com/cv.pdf?X-Amz-Signature=deadbeef", "deadbeef"),
        ("key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d081"),
        ("custom-secret in text", "custom-secret"),
    ],
)
def test_redact_removes_keys_and_tokens(text: str, leak: str) -> None:
    assert leak not in redact(text, ["custom-secret"])


def test_redact_keeps_ordinary_words() -> None:
    text = "Vacancy Qw8Er7Ty6Ui5Op4A not found for company Ab12Cd34Ef56Gh78"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"statusCode": 404, "error": "Not Found", "message": "No vacancy"}', "No vacancy"),
        (b'{"statusCode": 400, "message": {"message": "bad col"}}', "bad col"),
        (b'{"statusCode": 400, "error": "Bad Request", "message": {}}', "Bad Request"),
        (b'{"message": ["first", {"message": "second"}]}', "first; second"),
        (b"<html>oops</html>", None),
        (b"", None),
        (b"[1, 2]", None),
    ],
)  # fmt: skip
def test_error_detail_reads_bodies_defensively(body: bytes, expected: str | None) -> None:
    assert error_detail(httpx.Response(400, content=body)) == expected


def test_error_detail_is_short_and_redacted() -> None:
    body = b'{"message": "' + b"x " * 500 + b"token=" + KEY.encode() + b'"}'
    detail = error_detail(httpx.Response(400, content=body), [KEY])
    assert detail is not None and len(detail) <= 200 and KEY not in detail


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2.0), (" 0.5 ", 0.5), ("-3", 0.0), ("soon", None), (None, None), ("nan", None)],
)
def test_parse_retry_after_reads_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_reads_http_dates() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_backoff_is_full_jitter_within_the_exponential_bound() -> None:
    delays = [backoff(3, 0.1) for _ in range(200)]
    assert all(0 <= d <= 0.8 for d in delays)
    assert max(delays) > 0.4  # spread over the whole range, not a constant


async def test_throttle_spaces_and_serialises_callers() -> None:
    throttle = Throttle(0.05)
    deadline = asyncio.get_running_loop().time() + 5
    order: list[int] = []

    async def use(n: int) -> None:
        async with throttle.slot(deadline):
            order.append(n)

    await asyncio.gather(*(use(n) for n in range(3)))

    starts = list(throttle.starts)
    assert order == [0, 1, 2]
    assert all(b - a >= 0.05 for a, b in itertools.pairwise(starts))


async def test_throttle_refuses_a_turn_after_the_deadline() -> None:
    throttle = Throttle(10.0)
    deadline = asyncio.get_running_loop().time() + 1
    async with throttle.slot(deadline):
        pass

    with pytest.raises(QueueTimeout):
        async with throttle.slot(deadline):
            pass


# -- a stand-in upstream for shapes the simulator does not produce ----------------------------


async def _drifting(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "columns":
        return PlainTextResponse("<html>maintenance</html>", media_type="text/html")
    if name == "tags":
        return JSONResponse({"unexpected": "object"})
    if name.endswith("/traits"):
        return JSONResponse([{"id": "R1", "tag_id": "Tt1Tt1Tt1Tt1Tt1T"}, "junk", 3])
    if name == "vacancies":
        body = {"statusCode": 400, "error": "Bad Request", "message": {"message": f"token {KEY}"}}
        return JSONResponse(body, status_code=400)
    return JSONResponse({"statusCode": 418, "message": "teapot"}, status_code=418)  # files/expire


@pytest.fixture
async def drifting() -> AsyncIterator[FlatchrClient]:
    app = Starlette(routes=[Route("/company/{cid}/{name:path}", _drifting, methods=["GET"])])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        company: Any = type("C", (), {"slug": "acme", "hashid": "Ab12Cd34Ef56Gh78", "api_key": KEY})
        yield FlatchrPool(http, fast_settings()).client(integration_for(company, "http://up"))


async def test_non_json_answer_is_remote_unknown_http_error(drifting: FlatchrClient) -> None:
    with pytest.raises(RemoteUnknownHttpError, match="not JSON") as caught:
        await drifting.list_columns()
    assert "maintenance" not in str(caught.value)


async def test_object_where_list_expected_is_remote_unknown_http_error(
    drifting: FlatchrClient,
) -> None:
    with pytest.raises(RemoteUnknownHttpError, match="an object where a list"):
        await drifting.list_tags()


async def test_list_items_that_are_not_objects_are_skipped(drifting: FlatchrClient) -> None:
    traits = await drifting.applicant_traits("Aa1Aa1Aa1Aa1Aa1A")
    assert [t.id for t in traits] == ["R1"]


async def test_error_message_object_becomes_detail_without_the_key(
    drifting: FlatchrClient,
) -> None:
    with pytest.raises(RemoteInputInvalid) as caught:
        await drifting.list_vacancies()
    assert "token" in str(caught.value) and KEY not in str(caught.value)


async def test_unexpected_status_is_remote_unknown_http_error(drifting: FlatchrClient) -> None:
    with pytest.raises(RemoteUnknownHttpError, match="418") as caught:
        await drifting.download_file("k", "pdf")
    assert not isinstance(caught.value, RemoteUnavailable)


def test_scrub_drops_credentials_and_signed_urls_at_any_depth() -> None:
    raw = {
        "id": 7,
        "hired": False,
        "score": None,
        "Token": "t0p",
        "email": "a@b.fr",
        "cv": {"url": "https://s3/x?X-Amz-Signature=abc", "name": "cv.pdf", "size": 12},
        "files": [
            {"api_key": "k", "link": "//s3/y?x-amz-credential=c", "kept": "yes"},
            "plain ?X-Amz- in a list stays",  # only values under a key are checked
            3,
        ],
        "nested": {"deeper": {"password": "p", "value": [1, {"signature": "s", "ok": 1}]}},
    }
    assert scrub(raw) == {
        "id": 7, "hired": False, "score": None, "email": "a@b.fr",
        "cv": {"name": "cv.pdf", "size": 12},
        "files": [{"kept": "yes"}, "plain ?X-Amz- in a list stays", 3],
        "nested": {"deeper": {"value": [1, {"ok": 1}]}},
    }  # fmt: skip
    assert raw["Token"] == "t0p"  # the input is left as it was
