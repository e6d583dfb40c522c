"""Every root query and relationship of the contract, against the simulator."""

from __future__ import annotations

import asyncio
import base64

import pytest

from tests.api.conftest import Harness

JOB_FIELDS = """
id remoteId changedAt remoteDeletedAt name description employmentType status visibility
category department postUrl experienceLevel remoteWorkStatus salaryAmount salaryAmountFrom
salaryAmountTo salaryCurrency salaryPeriod
location { city country raw state street1 street2 zipCode }
customFields integrationFields { id key type value label }
openedAt closedAt remoteCreatedAt remoteUpdatedAt remoteData
stages { id index jobId stageId name changedAt job { id } stage { id name remoteId } }
"""


def gid(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def test_jobs_expose_every_contract_field(gw: Harness) -> None:
    data = await gw.data(
        f"{{ jobs(first: 5) {{ totalCount edges {{ cursor node {{ {JOB_FIELDS} }} }} }} }}"
    )
    conn = data["jobs"]
    assert conn["totalCount"] == 12
    job = conn["edges"][0]["node"]
    assert base64.b64decode(job["id"]).decode() == f"Job:{job['remoteId']}"
    assert job["changedAt"].endswith("Z")
    assert job["remoteDeletedAt"] is None
    assert job["postUrl"].endswith("/")
    assert set(job["remoteData"]) == {"vacancy", "details"}
    assert [s["index"] for s in job["stages"]] == list(range(len(job["stages"])))
    assert all(s["job"]["id"] == job["id"] for s in job["stages"])
    assert job["customFields"]["slug"]


async def test_job_by_id_and_node_return_the_same_job(gw: Harness) -> None:
    first = (await gw.data("{ jobs(first: 1) { edges { node { id name } } } }"))["jobs"]["edges"][0]
    job_id = first["node"]["id"]
    data = await gw.data(
        "query($id: ID!) { job(id: $id) { name } node(id: $id) { id ... on Job { name } } }",
        {"id": job_id},
    )
    assert data["job"]["name"] == first["node"]["name"]
    assert data["node"] == {"id": job_id, "name": first["node"]["name"]}


async def test_unknown_ids_resolve_to_null(gw: Harness) -> None:
    data = await gw.data(
        "query($j: ID!, $c: ID!, $a: ID!) { job(id: $j) { id } candidate(id: $c) { id } "
        "application(id: $a) { id } node(id: $j) { id } }",
        {
            "j": gid("Job", "NoSuchVacancy00"),
            "c": gid("Candidate", "e:" + "0" * 24),
            "a": gid("Application", "nope"),
        },
    )
    assert data == {"job": None, "candidate": None, "application": None, "node": None}


@pytest.mark.parametrize("bad", ["not-base64!", gid("Nope", "x"), gid("Job", ""), "Sm9i"])
async def test_malformed_ids_are_input_errors(gw: Harness, bad: str) -> None:
    result = await gw.execute("query($id: ID!) { job(id: $id) { id } }", {"id": bad})
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"


async def test_id_of_another_type_is_an_input_error(gw: Harness) -> None:
    result = await gw.execute("query($id: ID!) { job(id: $id) { id } }", {"id": gid("Tag", "x")})
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"


async def test_an_id_from_another_tenant_resolves_to_null(gw: Harness) -> None:
    other = await gw.data("{ jobs(first: 1) { edges { node { id } } } }", tenant="globex")
    job_id = other["jobs"]["edges"][0]["node"]["id"]
    data = await gw.data(
        "query($id: ID!) { job(id: $id) { id } node(id: $id) { id } }", {"id": job_id}
    )
    assert data == {"job": None, "node": None}


async def test_pagination_walks_every_application_once(gw: Harness) -> None:
    seen: list[str] = []
    after = None
    total = None
    while True:
        data = await gw.data(
            "query($after: String) { applications(first: 37, after: $after) { totalCount "
            "pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } }",
            {"after": after},
        )
        conn = data["applications"]
        total = conn["totalCount"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize("first", [251, 1000, -1])
async def test_first_out_of_range_is_an_input_error(gw: Harness, first: int) -> None:
    result = await gw.execute("query($n: Int) { jobs(first: $n) { totalCount } }", {"n": first})
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"
    assert "first" in result.errors[0].message


ROOT_LISTS = ["jobs", "candidates", "applications", "applicationStages", "screeningQuestions",
              "tags"]  # fmt: skip


@pytest.mark.parametrize("root", ROOT_LISTS)
@pytest.mark.parametrize("args", ["first: 251", 'after: "garbage"'])
async def test_every_root_list_rejects_bad_paging_before_any_upstream_call(
    gw: Harness, root: str, args: str
) -> None:
    result = await gw.execute(f"{{ {root}({args}) {{ totalCount }} }}")
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"
    assert await gw.counts() == {}


async def test_bad_cursor_is_an_input_error(gw: Harness) -> None:
    result = await gw.execute('{ jobs(after: "garbage") { totalCount } }')
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"


async def test_unknown_enum_value_in_a_filter_is_rejected(gw: Harness) -> None:
    result = await gw.execute("{ jobs(filter: { statuses: [NOPE] }) { totalCount } }")
    assert result.errors and "NOPE" in result.errors[0].message


async def test_job_filters_combine_with_and_and_lists_with_or(gw: Harness) -> None:
    all_jobs = await gw.data("{ jobs(first: 250) { edges { node { id name status } } } }")
    nodes = [e["node"] for e in all_jobs["jobs"]["edges"]]
    open_or_closed = await gw.data(
        "{ jobs(first: 250, filter: { statuses: [OPEN, CLOSED] }) { totalCount } }"
    )
    assert open_or_closed["jobs"]["totalCount"] == sum(
        1 for n in nodes if n["status"] in ("OPEN", "CLOSED")
    )
    word = nodes[0]["name"].split()[0].upper()
    both = await gw.data(
        "query($w: String) { jobs(first: 250, filter: { statuses: [OPEN], nameContains: $w }) "
        "{ edges { node { name status } } } }",
        {"w": word},
    )
    expected = [
        n for n in nodes if n["status"] == "OPEN" and word.casefold() in n["name"].casefold()
    ]
    assert len(both["jobs"]["edges"]) == len(expected)


async def test_application_filters_by_job_and_outcome(gw: Harness) -> None:
    jobs = await gw.data("{ jobs(first: 1) { edges { node { id applications { totalCount } } } } }")
    job = jobs["jobs"]["edges"][0]["node"]
    data = await gw.data(
        "query($j: [ID!]) { applications(filter: { jobIds: $j }) { totalCount } "
        "hired: applications(first: 250, filter: { outcomes: [HIRED] }) { edges { node { outcome } } } }",
        {"j": [job["id"]]},
    )
    assert data["applications"]["totalCount"] == job["applications"]["totalCount"]
    assert {e["node"]["outcome"] for e in data["hired"]["edges"]} <= {"HIRED"}


async def test_candidates_group_applications_by_email(gw: Harness) -> None:
    data = await gw.data(
        "{ candidates(first: 250) { totalCount edges { node { id remoteId emailAddresses { emailAddress } "
        "phoneNumbers { phoneNumber } applications { totalCount edges { node { candidate { id } } } } } } }"
        " applications(first: 1) { totalCount } }"
    )
    people = [e["node"] for e in data["candidates"]["edges"]]
    assert (
        sum(p["applications"]["totalCount"] for p in people) == data["applications"]["totalCount"]
    )
    assert any(p["applications"]["totalCount"] > 1 for p in people)
    for p in people:
        assert all(a["node"]["candidate"]["id"] == p["id"] for a in p["applications"]["edges"])
        assert p["remoteId"] is None  # not learned yet


async def test_candidate_filter_by_email_is_case_insensitive(gw: Harness) -> None:
    data = await gw.data(
        "{ candidates(first: 250) { edges { node { id emailAddresses { emailAddress } } } } }"
    )
    person = next(e["node"] for e in data["candidates"]["edges"] if e["node"]["emailAddresses"])
    email = person["emailAddresses"][0]["emailAddress"]
    found = await gw.data(
        "query($e: String) { candidates(filter: { email: $e }) { edges { node { id } } } }",
        {"e": "  " + email.upper() + " "},
    )
    assert [e["node"]["id"] for e in found["candidates"]["edges"]] == [person["id"]]


async def test_application_stages_tags_and_questions_lists(gw: Harness) -> None:
    data = await gw.data(
        "{ applicationStages { totalCount edges { node { id remoteId name } } } "
        "tags { totalCount edges { node { id name candidates(first: 5) { totalCount } } } } "
        "screeningQuestions(first: 250) { totalCount edges { node { id title format { type "
        "... on SingleSelectQuestionFormat { options { id name } } } } } } }"
    )
    assert data["applicationStages"]["totalCount"] >= 5
    assert data["tags"]["totalCount"] >= 1
    types = {e["node"]["format"]["type"] for e in data["screeningQuestions"]["edges"]}
    assert {"TEXT", "NUMBER", "BOOLEAN", "SINGLE_SELECT", "MULTI_SELECT", "DATE", "FILE"} <= types


async def test_job_screening_questions_with_preconditions(gw: Harness) -> None:
    data = await gw.data(
        "{ jobs(first: 250) { edges { node { id screeningQuestions { id index required jobId "
        "questionId preconditionQuestionId preconditionOptions preconditionQuestion { id } "
        "question { id title } job { id } } } } } }"
    )
    links = [q for e in data["jobs"]["edges"] for q in e["node"]["screeningQuestions"]]
    assert links
    conditional = [q for q in links if q["preconditionQuestionId"]]
    assert conditional, "the seeded data has a conditional question"
    for q in conditional:
        assert q["preconditionQuestion"]["id"] == q["preconditionQuestionId"]
    for q in links:
        assert q["question"]["id"] == q["questionId"]


async def test_nested_graph_both_ways(gw: Harness) -> None:
    data = await gw.data(
        "{ applications(first: 5) { edges { node { id jobId candidateId currentStageId "
        "job { id applications(first: 250) { edges { node { id } } } } "
        "candidate { id applications { edges { node { id } } } } currentStage { id } } } } }"
    )
    for edge in data["applications"]["edges"]:
        app = edge["node"]
        assert app["job"]["id"] == app["jobId"]
        assert app["candidate"]["id"] == app["candidateId"]
        assert app["currentStage"]["id"] == app["currentStageId"]
        assert app["id"] in {e["node"]["id"] for e in app["job"]["applications"]["edges"]}
        assert app["id"] in {e["node"]["id"] for e in app["candidate"]["applications"]["edges"]}


async def test_integration_reports_checks_and_guide(gw: Harness) -> None:
    data = await gw.data(
        "{ integration { id tool companyId slug status checks { name ok message } "
        "prerequisites connectionGuideUrl } }"
    )
    integ = data["integration"]
    assert integ["tool"] == "flatchr"
    assert integ["status"] == "ACTIVE"
    assert {c["name"] for c in integ["checks"]} == {
        "api_key_accepted",
        "columns_readable",
        "careers_slug_resolves",
        "circuit_breaker",
    }
    assert all(c["ok"] for c in integ["checks"])
    assert integ["connectionGuideUrl"].endswith("/docs/connecting-flatchr")


async def test_candidate_remote_ids_filter_finds_learned_ids(gw: Harness) -> None:
    people = await gw.data(
        "{ candidates(first: 5) { edges { node { id attachments { id } } } } }"
    )  # reading attachments learns the Flatchr candidate ids
    learned = await gw.data("{ candidates(first: 5) { edges { node { id remoteId } } } }")
    known = [e["node"] for e in learned["candidates"]["edges"] if e["node"]["remoteId"]]
    assert known and len(people["candidates"]["edges"]) == 5
    found = await gw.data(
        "query($r: [String!]) { candidates(filter: { remoteIds: $r }) { edges { node { id } } } }",
        {"r": [known[0]["remoteId"]]},
    )
    assert [e["node"]["id"] for e in found["candidates"]["edges"]] == [known[0]["id"]]


@pytest.mark.parametrize(
    "query",
    [
        "{ jobs(first: 999) { edges { node { applications { totalCount } } } } }",
        '{ applications(after: "bad") { totalCount } }',
        '{ job(id: "bad") { applications { totalCount } } }',
    ],
)
async def test_bad_arguments_are_refused_before_any_upstream_call(gw: Harness, query: str) -> None:
    result = await gw.execute(query)
    assert result.errors[0].extensions["code"] == "PLATFORM_INPUT_INVALID"
    await asyncio.sleep(0.01)  # a prefetch, had one started, would have reached upstream
    assert await gw.counts() == {}
