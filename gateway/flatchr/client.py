"""The Flatchr client: one typed method per upstream endpoint, for one integration.

Each method names its endpoint id (as the simulator's request log and the metrics do) and
returns the typed records of `gateway.flatchr.models`. Failures are raised as the errors of
`gateway.core.errors`, translated in one place (`from_upstream_status` / `from_transport_error`).
Instances come from `FlatchrPool.client()`, which shares one httpx client and the per-company
limits between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from gateway.core.errors import InputInvalid, from_upstream_status
from gateway.core.settings import IntegrationConfig
from gateway.flatchr import passthrough as pt
from gateway.flatchr.checks import Check, run_checks
from gateway.flatchr.models import (
    ApplicantRecord,
    ApplicantRow,
    CareersItem,
    Column,
    Tag,
    Trait,
    Vacancy,
)
from gateway.flatchr.models.parse import format_mdy, parse_int, scrub
from gateway.flatchr.options import Breaker, NoBreaker
from gateway.flatchr.responses import (
    decode_json,
    error_detail,
    expect_list,
    expect_object,
    raise_for_status,
)
from gateway.flatchr.retry import RetryMode
from gateway.flatchr.transport import Call, Upstream

Json = dict[str, Any]


def _seg(value: str | int) -> str:
    """A path segment; ids are opaque and must never change the path's shape."""
    return quote(str(value), safe="")


class FlatchrClient:
    """Speaks to one integration's Flatchr company (API host and careers host).

    Holds no connection of its own; `Authorization: Bearer <api key>` is added to every call
    that needs it, and the key never appears in errors, logs or returned URLs.
    """

    def __init__(
        self, integration: IntegrationConfig, upstream: Upstream, breaker: Breaker | None = None
    ) -> None:
        self.integration = integration
        self._upstream = upstream
        self._breaker = breaker or NoBreaker()
        self._api = integration.api_base_url.rstrip("/")
        self._careers = integration.careers_base_url.rstrip("/")
        self._company = f"/company/{_seg(integration.company_id)}"

    # -- plumbing -----------------------------------------------------------------------------

    def _key(self) -> str:
        return self.integration.resolved_api_key().get_secret_value()

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._key()}"}

    async def _send(self, call: Call) -> httpx.Response:
        # One logical call (retries included) is one verdict for the circuit breaker.
        with self._breaker.guard():
            response = await self._upstream.send(call)
            raise_for_status(response, call.what, (self._key(),))
        return response

    async def _json(self, call: Call) -> Any:
        return decode_json(await self._send(call), call.what)

    def _call(
        self,
        endpoint: str,
        what: str,
        method: str,
        url: str,
        retry: RetryMode = RetryMode.IDEMPOTENT,
        *,
        auth: bool = True,
        **options: Any,
    ) -> Call:
        headers = {**options.pop("headers", {}), **(self._auth() if auth else {})}
        return Call(endpoint, what, method, url, retry, headers=headers, **options)

    def _get(self, endpoint: str, what: str, path: str, **params: str) -> Call:
        return self._call(endpoint, what, "GET", self._api + path, params=params or None)

    # -- vacancies ----------------------------------------------------------------------------

    async def list_vacancies(
        self, fields: Sequence[str] = ("address", "tags", "items"), status: int | None = None
    ) -> list[Vacancy]:
        """[V1] `GET /company/{company}/vacancies`: every vacancy of the company (no paging).

        `fields` asks for optional blocks (`address`, `tags`, `items` = distributions);
        `status` filters on the vacancy status code.
        """
        params = {"fields": ",".join(fields)} if fields else {}
        if status is not None:
            params["status"] = str(status)
        call = self._get("V1", "list vacancies", f"{self._company}/vacancies", **params)
        return [Vacancy.from_json(v) for v in expect_list(await self._json(call), call.what)]

    async def get_vacancy(
        self, vacancy_hashid: str, fields: Sequence[str] = ("questions", "address", "tags")
    ) -> Vacancy:
        """[V2] `GET /vacancy/{vacancy}`: one vacancy, with its screening questions by default."""
        params = {"fields": ",".join(fields)} if fields else {}
        call = self._get("V2", "get vacancy", f"/vacancy/{_seg(vacancy_hashid)}", **params)
        return Vacancy.from_json(expect_object(await self._json(call), call.what))

    async def careers_feed(self, slug: str) -> list[CareersItem]:
        """[V4] `GET <careers>/company/{slug}.json`: published vacancies (no auth needed).

        An unknown slug is `RemoteNotFound`.
        """
        url = f"{self._careers}/company/{_seg(slug)}.json"
        call = self._call("V4", "careers feed", "GET", url, auth=False)
        data = await self._json(call)
        return [CareersItem.from_json(i) for i in expect_list(data, call.what, "items")]

    # -- applicants ---------------------------------------------------------------------------

    async def search_applicants(
        self,
        *,
        firstname: str | None = None,
        lastname: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        hired: bool | None = None,
        column: str | None = None,
        vacancy: str | None = None,
        start: date | None = None,
        end: date | None = None,
        start_update: date | None = None,
        end_update: date | None = None,
    ) -> list[ApplicantRow]:
        """[C1] `POST /company/{company}/search/applicants`: one row per application.

        `column` is a column *title*, `vacancy` a vacancy *hashid*; date windows are sent as
        MM/DD/YY. A read despite the POST, so it is retried like a GET.
        """
        texts = {
            "firstname": firstname,
            "lastname": lastname,
            "email": email,
            "phone": phone,
            "column": column,
            "vacancy": vacancy,
        }
        body: Json = {name: text for name, text in texts.items() if text is not None}
        if hired is not None:
            body["hired"] = hired
        days = {"start": start, "end": end, "start_update": start_update, "end_update": end_update}
        body.update({name: format_mdy(day) for name, day in days.items() if day is not None})
        url = f"{self._api}{self._company}/search/applicants"
        call = self._call("C1", "search applicants", "POST", url, json=body)
        return [ApplicantRow.from_json(r) for r in expect_list(await self._json(call), call.what)]

    async def move_applicant(
        self, vacancy_hashid: str, applicant_hashid: str, column_id: int
    ) -> ApplicantRecord:
        """[C2] `PUT .../vacancy/{vacancy}/applicant/{applicant}` `{column_id}`: move to a column.

        Returns the full applicant record (candidate, CV key, applies). Moving to the current
        column is the only way to read that record. A write: retried only when the request
        provably never left.
        """
        url = self._applicant_url(vacancy_hashid, applicant_hashid)
        body = {"column_id": column_id}
        call = self._call("C2", "move applicant", "PUT", url, RetryMode.CONNECT_ONLY, json=body)
        return ApplicantRecord.from_json(expect_object(await self._json(call), call.what))

    def _applicant_url(self, vacancy_hashid: str, applicant_hashid: str) -> str:
        return (
            f"{self._api}{self._company}/vacancy/{_seg(vacancy_hashid)}"
            f"/applicant/{_seg(applicant_hashid)}"
        )

    async def create_candidate(self, payload: Json, *, dry_run: bool = False) -> Json:
        """[C4] `POST <careers>/vacancy/candidate/json` (or `/test` when `dry_run`, [C4T]).

        `payload` is Flatchr's body (`vacancy` slug, `firstname`, `lastname`, ...); the API key
        is added as `token` and as the Bearer header. Never retried, not even after a timeout:
        the application may exist upstream, so `RemoteUnavailable` is raised and the caller
        reconciles (search by e-mail). Flatchr returns no id: `{status, response}`.
        """
        endpoint, route = ("C4T", "test") if dry_run else ("C4", "json")
        url = f"{self._careers}/vacancy/candidate/{route}"
        body = {**payload, "token": self._key()}
        call = self._call(endpoint, "create candidate", "POST", url, RetryMode.NEVER, json=body)
        response = await self._send(call)
        answer = expect_object(decode_json(response, call.what), call.what)
        # Some careers answers are HTTP 200 with the failure status inside the body.
        inner = parse_int(answer.get("status"))
        if inner is not None and inner >= 400:
            detail = error_detail(response, (self._key(),))
            raise from_upstream_status(inner, call.what, detail=detail)
        result: Json = scrub(answer)
        return result

    async def download_file(self, key: str, extension: str) -> tuple[bytes, str | None]:
        """[C6] `GET /company/{company}/files/expire?key&extension&token`: CV bytes and content
        type. Spaced client-side to one call per `cv_download_interval` per company (Flatchr
        allows 1/s) and retried on 429 honouring `Retry-After`."""
        url = f"{self._api}{self._company}/files/expire"
        params = {"key": key, "extension": extension, "token": self._key()}
        call = self._call("C6", "download CV", "GET", url, params=params, throttled=True)
        response = await self._send(call)
        return response.content, response.headers.get("content-type")

    # -- columns and tags ---------------------------------------------------------------------

    async def list_columns(self) -> list[Column]:
        """[S1] `GET /company/{company}/columns`: the company-wide pipeline columns."""
        call = self._get("S1", "list columns", f"{self._company}/columns")
        return [Column.from_json(c) for c in expect_list(await self._json(call), call.what)]

    async def list_tags(self) -> list[Tag]:
        """[T1] `GET /company/{company}/tags`: tag definitions (candidate and vacancy tags)."""
        call = self._get("T1", "list tags", f"{self._company}/tags")
        return [Tag.from_json(t) for t in expect_list(await self._json(call), call.what)]

    async def applicant_traits(self, applicant_hashid: str) -> list[Trait]:
        """[T2] `GET /company/{company}/applicant/{applicant}/traits`: its tag values."""
        path = f"{self._company}/applicant/{_seg(applicant_hashid)}/traits"
        call = self._get("T2", "list applicant traits", path)
        return [Trait.from_json(t) for t in expect_list(await self._json(call), call.what)]

    # -- passthrough and diagnostics -----------------------------------------------------------

    async def passthrough(
        self,
        api: pt.PassthroughApi,
        method: str,
        path: str,
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> pt.PassthroughResponse:
        """Any request on the integration's API (`"API"`) or careers (`"CAREERS"`) host.

        The path must be a plain absolute path (no scheme, host, `..`, `@`, backslash or control
        characters: `InputInvalid` otherwise). The integration's Bearer credentials are added;
        Flatchr's status is returned as it is (no error translation), redirects are not
        followed, and only GETs are retried.
        """
        if api not in ("API", "CAREERS"):
            raise InputInvalid("Passthrough api must be API or CAREERS", field="api")
        base = self._api if api == "API" else self._careers
        call = pt.build_call(base, method, path, query, headers, body, self._auth())
        return pt.response_of(await self._upstream.send(call))

    async def check_connection(self, slug: str | None = None) -> list[Check]:
        """Diagnose the integration: `api_key_accepted`, `columns_readable` (one S1 call) and
        `careers_slug_resolves` (V4 with `slug`, else the integration's slug). Never raises for
        a failed check; each `Check` says in plain words what to fix."""
        return await run_checks(self, slug if slug is not None else self.integration.slug)
