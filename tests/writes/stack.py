"""The whole gateway (HTTP app, real schema, lifespan) over a simulator served by uvicorn on a
real socket, so C4 hangs end with a client disconnect as they would against Flatchr. Upstream
calls are counted in the simulator's request log; `/_sim/submissions` shows what C4 stored."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from devtools.local import integrations_for
from gateway.core.settings import ApiKeyConfig, FileConfig, Settings
from gateway.web.app import create_app
from gateway.web.auth import new_client_key
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.model import Company, Vacancy, World
from simulator.server import serve_in_thread
from unified.ids import to_global_id

RW_KEY, RW_SHA = new_client_key()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

#: settings that keep failure paths short (a C4 hang times out after 1 s)
FAST: dict[str, Any] = {
    "mode": "development",
    "retry_backoff": 0.01,
    "max_retries": 0,
    "read_timeout": 1.0,
    "upstream_deadline": 3.0,
    "reconcile_delay": 0.05,
    "reconcile_max_wait": 1.0,
    # These tests fail Flatchr on purpose several times in a row and retry at once; the
    # circuit breaker would (rightly) pause the calls: it has tests of its own.
    "breaker_failure_threshold": 100,
    "attachment_fetch_allow_hosts": ("127.0.0.1",),
    "attachment_fetch_timeout": 1.0,
}

APPLY = """
mutation($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    application { id remoteId jobId candidateId source outcome }
    candidate { id firstName lastName emailAddresses { emailAddress }
                applications { edges { node { id } } } }
    warnings
    userErrors { code message field }
  }
}
"""


@contextlib.contextmanager
def simulator(world: World | None = None) -> Iterator[tuple[World, str]]:
    world = world or generate_world()
    with serve_in_thread(create_simulator(world)) as url:
        yield world, url


@dataclass
class Stack:
    client: httpx.AsyncClient
    sim: httpx.AsyncClient
    world: World
    app: Any

    @property
    def acme(self) -> Company:
        return self.world.companies[0]

    def services(self) -> Any:
        return self.app.state.view.services()

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        return await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {RW_KEY}"},
        )

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def apply(self, payload: dict[str, Any]) -> dict[str, Any]:
        """createApplication's payload (the call must not fail as a whole)."""
        body = await self.gql(APPLY, {"input": payload})
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]["createApplication"]
        return result

    async def counts(self) -> dict[str, int]:
        body = (await self.sim.get("/_sim/log")).json()
        return {k: v for k, v in body["counts"].items() if v}

    async def submissions(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (await self.sim.get("/_sim/submissions")).json()[
            "submissions"
        ]
        return found

    async def fault(self, **spec: Any) -> None:
        (await self.sim.post("/_sim/faults", json=spec)).raise_for_status()

    def applicants_of(self, email: str, vacancy: str) -> list[Any]:
        return [
            a
            for a in self.acme.applicants.values()
            if a.vacancy == vacancy and _email(self.acme, a) == email.lower()
        ]


def _email(company: Company, applicant: Any) -> str | None:
    person = company.candidates.get(applicant.candidate)
    email = getattr(person, "email", None)
    return email.lower() if isinstance(email, str) else None


def job_id(vacancy: Vacancy) -> str:
    return to_global_id("Job", vacancy.hashid)


def open_job(world: World, *, questions: bool = False) -> Vacancy:
    """An open vacancy: without required questions, or (questions=True) the one asking the
    most question types."""
    company = world.companies[0]
    open_ones = [v for v in company.vacancies.values() if v.status == 1]
    if questions:
        return max(open_ones, key=lambda v: len({q.type for q in v.questions}))
    return next(v for v in open_ones if not any(q.required for q in v.questions))


def b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def application(job: str, email: str, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "jobId": job,
        "candidate": {"firstName": "Léa", "lastName": "Martin", "emailAddress": email},
        "attachments": [{"name": "cv.pdf", "type": "CV", "data": b64(PDF)}],
    }
    payload.update(extra)
    return payload


@contextlib.asynccontextmanager
async def start_stack(
    sim_url: str, world: World, integration: dict[str, Any] | None = None, **settings: Any
) -> AsyncIterator[Stack]:
    """The app over the simulator at `sim_url`; `integration` updates acme's settings
    (offerer_id, source_id), `settings` the process settings."""
    acme = integrations_for(world, sim_url)["acme"].model_copy(update=integration or {})
    config = FileConfig(
        integrations=[acme],
        api_keys=[ApiKeyConfig(sha256=RW_SHA, scopes=("read", "write"), integrations=("acme",))],
    )
    app = create_app(Settings(**{**FAST, **settings}), config)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gw", timeout=30
        ) as client,
        httpx.AsyncClient(base_url=sim_url, timeout=30) as sim,
    ):
        yield Stack(client, sim, world, app)
