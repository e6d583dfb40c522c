"""The cost estimate admits what frontends send and refuses what is really big: the frontend
corpus against the attack corpus, on the real schema with the default limits."""

from __future__ import annotations

import pytest
from graphql import OperationDefinitionNode, parse

from bench.attack_timings import ATTACKS
from devtools.local import integrations_for
from gateway.core.settings import Settings
from gateway.web import cost
from gateway.web.sizes import LIST_SIZES, tenant_sizes
from loaders.listsizes import list_sizes
from loaders.tenant import tenant_of
from schema import build_schema
from simulator.data import generate_world
from tests.api.frontend_corpus import FRONTEND
from tests.e2e.conftest import A_KEY, start_stack

SCHEMA = build_schema()._schema
SETTINGS = Settings()
#: real-schema fan-outs beyond the bench's: each selects far more than max_cost objects
FAN_OUTS = {
    "applications of every job, their candidates' applications": """{ jobs(first: 250) {
      edges { node { applications(first: 250) { edges { node { candidate {
      applications(first: 250) { edges { node { id job { id } } } } } } } } } } } }""",
    "tags, their candidates, their applications": """{ tags(first: 250) { edges { node {
      candidates(first: 250) { edges { node { id applications(first: 250) { edges { node {
      job { applications(first: 250) { edges { node { id } } } } } } } } } } } } } }""",
    "candidates with every list": """{ candidates(first: 250) { edges { node {
      applications(first: 250) { edges { node { job { stages { stage { id name } }
      screeningQuestions { question { id title } } } } } } } } } }""",
}


def measure(query: str, sizes: object = LIST_SIZES) -> tuple[cost.Measure, list[object]]:
    document = parse(query)
    op = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return cost.measure_operation(SCHEMA, document, op, SETTINGS, {}, sizes)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(FRONTEND))
def test_frontend_queries_are_admitted(name: str) -> None:
    measure_, problems = measure(FRONTEND[name])
    assert problems == [], (name, measure_)


#: the 50,000-token document is stopped by the parser's token limit (gateway.web.guard)
REFUSED = {k: v for k, v in {**ATTACKS, **FAN_OUTS}.items() if k != "50,000 tokens"}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_attack_documents_are_still_refused(name: str) -> None:
    _, problems = measure(REFUSED[name])
    assert problems, name


def test_tag_browser_costs_what_it_returns_not_first_times_first() -> None:
    tag_browser = FRONTEND["tag browser"]
    with_defaults, _ = measure(tag_browser)
    as_before, _ = measure(tag_browser, {})  # every plain list 10, every connection `first`
    assert as_before.cost > SETTINGS.max_cost > with_defaults.cost
    # 50 tags x min(50, 20 candidates a tag) x (5 tags a candidate x 5 fields + ...)
    assert with_defaults.cost < 50 * 20 * 40


def test_a_tenant_with_longer_lists_is_measured_by_its_own_figures() -> None:
    pipeline = FRONTEND["pipeline board"]
    assert tenant_sizes({"Job.applications": 10, "Job.stages": 4}) is None  # shorter: defaults
    longer = tenant_sizes({"Job.applications": 100})
    assert longer is not None and longer["Job.applications"] == 100
    assert longer["Candidate.tags"] == LIST_SIZES["Candidate.tags"]
    default_cost, _ = measure(pipeline)
    tenant_cost, problems = measure(pipeline, longer)
    assert tenant_cost.cost > default_cost.cost
    assert tenant_cost.cost > SETTINGS.max_cost and problems


async def test_the_frontend_corpus_runs_through_the_gateway() -> None:
    async for stack in start_stack():
        first = await stack.query(A_KEY, "{ candidates(first: 1) { edges { node { id } } } }")
        jobs = await stack.query(A_KEY, "{ jobs(first: 1) { edges { node { id } } } }")
        ids = {
            "id": first["data"]["candidates"]["edges"][0]["node"]["id"],
            "job": jobs["data"]["jobs"]["edges"][0]["node"]["id"],
        }
        for name, query in FRONTEND.items():
            variables = {"id": ids["job"] if "JobDetail" in query else ids["id"]}
            body = await stack.query(A_KEY, query, variables)
            assert "errors" not in body, (name, body.get("errors"))
            assert body["data"], name


async def test_a_tenant_with_long_lists_is_refused_what_the_defaults_admit() -> None:
    query = "{ jobs(first: %d) { edges { node { applications(first: 200) { edges { node { id }"
    query += " } } } } } }"
    default_cost = measure(query % 10)[0].cost
    world = generate_world(vacancies=2, applicants=400)  # ~200 applications a job
    async for stack in start_stack(world, max_cost=default_cost + 10):
        admitted = await stack.query(A_KEY, query % 10)  # the applications snapshot is now held
        assert len(admitted["data"]["jobs"]["edges"]) == 2
        services = stack.app_services()
        tenant = tenant_of(integrations_for(world)["acme"])
        figures = list_sizes(services.cache.memo, tenant)
        assert figures["Job.applications"] > LIST_SIZES["Job.applications"]
        refused = await stack.query(A_KEY, query % 9)
    errors = refused["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["PLATFORM_QUERY_TOO_COMPLEX"]
    assert errors[0]["extensions"]["cost"] > default_cost + 10
    assert "data" not in refused
