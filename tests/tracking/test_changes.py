"""changedAt, remoteDeletedAt, updatedAfter and includeDeleted (design §6), through the HTTP
app over the simulator, on both tracking stores: each model changes, disappears, is served
from its snapshot when asked, and comes back."""

from __future__ import annotations

from typing import Any

from tests.tracking.conftest import Tracking
from unified.ids import to_global_id

JOBS = """query($f: JobFilter) { jobs(first: 250, filter: $f) { edges { node {
  id remoteId name changedAt remoteDeletedAt status } } } }"""
APPS = """query($f: ApplicationFilter) { applications(first: 250, filter: $f) { edges { node {
  id remoteId outcome changedAt remoteDeletedAt jobId candidateId } } } }"""
CANDIDATES = """query($f: CandidateFilter) { candidates(first: 250, filter: $f) { edges { node {
  id changedAt remoteDeletedAt applications(first: 5) { edges { node { remoteId } } } } } } }"""
STAGES = """query($f: CommonFilter) { applicationStages(first: 250, filter: $f) { edges { node {
  id remoteId name changedAt remoteDeletedAt } } } }"""
TAGS = """query($f: CommonFilter) { tags(first: 250, filter: $f) { edges { node {
  id remoteId name changedAt remoteDeletedAt } } } }"""
QUESTIONS = """query($f: CommonFilter) { screeningQuestions(first: 250, filter: $f) { edges {
  node { id remoteId changedAt remoteDeletedAt } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id
  ... on Job { changedAt remoteDeletedAt }
  ... on JobStage { name changedAt remoteDeletedAt }
  ... on JobScreeningQuestion { changedAt remoteDeletedAt }
  ... on CandidateTag { value changedAt remoteDeletedAt }
  ... on Candidate { changedAt remoteDeletedAt } } }"""
DELETED = {"includeDeleted": True}


async def by_remote(t: Tracking, query: str, root: str, f: Any = None) -> dict[str, Any]:
    data = await t.data(query, {"f": f})
    return {e["node"].get("remoteId") or e["node"]["id"]: e["node"] for e in data[root]["edges"]}


async def node(t: Tracking, global_id: str) -> Any:
    return (await t.data(NODE, {"id": global_id}))["node"]


async def test_job_changes_deletes_and_comes_back(tracking: Tracking) -> None:
    t = tracking
    before = await by_remote(t, JOBS, "jobs")
    again = await by_remote(t, JOBS, "jobs")
    assert before == again  # a new record's changedAt is when it was first seen, and stays
    renamed, deleted, *others = sorted(before)
    await t.mutate("rename_vacancy", vacancy=renamed, title="Renamed job")
    await t.mutate("delete_vacancy", vacancy=deleted)
    after = await by_remote(t, JOBS, "jobs")
    assert after[renamed]["changedAt"] > before[renamed]["changedAt"]
    assert deleted not in after
    assert all(after[k] == before[k] for k in others)  # nothing else moved
    gone = (await by_remote(t, JOBS, "jobs", DELETED))[deleted]
    assert gone["remoteDeletedAt"] is not None and gone["name"] == before[deleted]["name"]
    assert (await node(t, gone["id"]))["remoteDeletedAt"] == gone["remoteDeletedAt"]
    await t.mutate("restore", kind="vacancy", key=deleted)
    back = (await by_remote(t, JOBS, "jobs"))[deleted]
    assert back["remoteDeletedAt"] is None and back["changedAt"] > gone["changedAt"]


async def test_updated_after_is_strict_and_combines_with_other_filters(tracking: Tracking) -> None:
    t = tracking
    before = await by_remote(t, JOBS, "jobs")
    first, second, *_ = sorted(k for k, j in before.items() if j["status"] == "OPEN")
    since = max(j["changedAt"] for j in before.values())
    assert await by_remote(t, JOBS, "jobs", {"updatedAfter": since}) == {}  # strictly after
    await t.mutate("rename_vacancy", vacancy=first, title="One")
    await t.mutate("close_vacancy", vacancy=second, status=0)
    changed = await by_remote(t, JOBS, "jobs", {"updatedAfter": since})
    assert sorted(changed) == [first, second]
    closed = await by_remote(t, JOBS, "jobs", {"updatedAfter": since, "statuses": ["CLOSED"]})
    assert list(closed) == [second]
    exact = changed[first]["changedAt"]
    assert first not in await by_remote(t, JOBS, "jobs", {"updatedAfter": exact})


async def test_archived_applicant_is_declined_not_deleted(tracking: Tracking) -> None:
    t = tracking
    apps = await by_remote(t, APPS, "applications")
    jobs = await by_remote(t, JOBS, "jobs")
    people = await by_remote(t, CANDIDATES, "candidates")
    key = next(k for k, a in sorted(apps.items()) if a["outcome"] == "PENDING")
    await t.mutate("archive_applicant", applicant=key)
    after = await by_remote(t, APPS, "applications")
    assert after[key]["outcome"] == "DECLINED" and after[key]["remoteDeletedAt"] is None
    assert after[key]["changedAt"] > apps[key]["changedAt"]
    # the parents did not change: only a record nested under them did
    assert await by_remote(t, JOBS, "jobs") == jobs
    people_after = await by_remote(t, CANDIDATES, "candidates")
    owner = next(k for k, p in people.items() if apps[key]["candidateId"] == p["id"])
    assert people_after[owner]["changedAt"] == people[owner]["changedAt"]


async def test_application_and_candidate_deleted_root_and_nested(tracking: Tracking) -> None:
    t = tracking
    people = await by_remote(t, CANDIDATES, "candidates")
    # a candidate with a single application: deleting the applicant deletes the candidate too
    person_id, person = next(
        (k, p) for k, p in sorted(people.items()) if len(p["applications"]["edges"]) == 1
    )
    applicant = person["applications"]["edges"][0]["node"]["remoteId"]
    app = (await by_remote(t, APPS, "applications"))[applicant]
    await t.mutate("delete_applicant", applicant=applicant)
    assert applicant not in await by_remote(t, APPS, "applications")
    gone = (await by_remote(t, APPS, "applications", DELETED))[applicant]
    assert gone["remoteDeletedAt"] is not None and gone["jobId"] == app["jobId"]
    nested = """query($id: ID!, $f: ApplicationFilter) { job(id: $id) { applications(first: 250,
      filter: $f) { edges { node { remoteId remoteDeletedAt } } } } }"""
    live = await t.data(nested, {"id": app["jobId"], "f": None})
    assert applicant not in {e["node"]["remoteId"] for e in live["job"]["applications"]["edges"]}
    both = await t.data(nested, {"id": app["jobId"], "f": DELETED})
    found = {e["node"]["remoteId"]: e["node"] for e in both["job"]["applications"]["edges"]}
    assert found[applicant]["remoteDeletedAt"] == gone["remoteDeletedAt"]
    since = {**DELETED, "updatedAfter": app["changedAt"], "outcomes": [app["outcome"]]}
    assert applicant in await by_remote(t, APPS, "applications", since)  # deletion is a change
    assert person_id not in await by_remote(t, CANDIDATES, "candidates")
    cand = (await by_remote(t, CANDIDATES, "candidates", DELETED))[person_id]
    assert cand["remoteDeletedAt"] is not None
    await t.mutate("restore", kind="applicant", key=applicant)
    assert (await by_remote(t, APPS, "applications"))[applicant]["remoteDeletedAt"] is None
    assert (await by_remote(t, CANDIDATES, "candidates"))[person_id]["remoteDeletedAt"] is None


async def test_stages_and_job_stages(tracking: Tracking) -> None:
    t = tracking
    jobs = await t.data("{ jobs(first: 1) { edges { node { id stages { id name changedAt } } } } }")
    job = jobs["jobs"]["edges"][0]["node"]
    stages = await by_remote(t, STAGES, "applicationStages")
    renamed, deleted = sorted(stages)[0], sorted(stages)[-1]
    await t.mutate("rename_column", column_id=int(renamed), title="Renamed stage")
    await t.mutate("delete_column", column_id=int(deleted))
    after = await by_remote(t, STAGES, "applicationStages")
    assert after[renamed]["changedAt"] > stages[renamed]["changedAt"] and deleted not in after
    assert (await by_remote(t, STAGES, "applicationStages", DELETED))[deleted]["remoteDeletedAt"]
    job_stage = {s["id"]: s for s in job["stages"]}
    now = await t.data(NODE.replace("node(id: $id)", "job(id: $id)").replace("... on Job ", "")
                       .replace("{ changedAt remoteDeletedAt }\n", "", 1)
                       if False else "query($id: ID!) { job(id: $id) { stages { id name "
                       "changedAt } } }", {"id": job["id"]})  # fmt: skip
    by_id = {s["id"]: s for s in now["job"]["stages"]}
    renamed_link = next(i for i, s in by_id.items() if s["name"] == "Renamed stage")
    assert by_id[renamed_link]["changedAt"] > job_stage[renamed_link]["changedAt"]
    missing = set(job_stage) - set(by_id)
    assert len(missing) == 1
    gone = await node(t, missing.pop())
    assert gone["remoteDeletedAt"] is not None
    await t.mutate("restore", kind="column", key=deleted)
    assert (await by_remote(t, STAGES, "applicationStages"))[deleted]["remoteDeletedAt"] is None
    assert (await node(t, gone["id"]))["remoteDeletedAt"] is None


async def test_screening_questions_and_job_links(tracking: Tracking) -> None:
    t = tracking
    query = """{ jobs(first: 250) { edges { node { remoteId screeningQuestions {
      id question { remoteId } } } } } }"""
    jobs = (await t.data(query))["jobs"]["edges"]
    questions = await by_remote(t, QUESTIONS, "screeningQuestions")
    counts: dict[str, int] = {}
    for e in jobs:
        for link in e["node"]["screeningQuestions"]:
            counts[link["question"]["remoteId"]] = counts.get(link["question"]["remoteId"], 0) + 1
    job, link = next(
        (e["node"], q)
        for e in jobs
        for q in e["node"]["screeningQuestions"]
        if counts[q["question"]["remoteId"]] == 1
    )
    question = link["question"]["remoteId"]
    await t.mutate("delete_question", vacancy=job["remoteId"], question=question)
    assert (await node(t, link["id"]))["remoteDeletedAt"] is not None
    assert question not in await by_remote(t, QUESTIONS, "screeningQuestions")
    gone = (await by_remote(t, QUESTIONS, "screeningQuestions", DELETED))[question]
    assert gone["remoteDeletedAt"] is not None and question in questions
    await t.mutate("restore", kind="question", key=f"{job['remoteId']}:{question}")
    assert (await node(t, link["id"]))["remoteDeletedAt"] is None
    back = (await by_remote(t, QUESTIONS, "screeningQuestions"))[question]
    assert back["remoteDeletedAt"] is None and back["changedAt"] > questions[question]["changedAt"]


async def test_tags_and_candidate_tags(tracking: Tracking) -> None:
    t = tracking
    query = """{ candidates(first: 250) { edges { node { id applications(first: 5) { edges {
      node { remoteId } } } candidateTags { id value tag { remoteId } } } } } }"""
    people = (await t.data(query))["candidates"]["edges"]
    person = next(
        p["node"] for p in people
        if len(p["node"]["applications"]["edges"]) == 1 and p["node"]["candidateTags"]
    )  # fmt: skip
    link = person["candidateTags"][0]
    applicant = person["applications"]["edges"][0]["node"]["remoteId"]
    tag = link["tag"]["remoteId"]
    tags = await by_remote(t, TAGS, "tags")
    first_seen = await node(t, link["id"])
    await t.mutate("set_trait", applicant=applicant, tag=tag, value="changed value")
    changed = await node(t, link["id"])
    assert changed["value"] != first_seen["value"]
    assert changed["changedAt"] > first_seen["changedAt"]
    await t.mutate("delete_trait", applicant=applicant, tag=tag)
    assert (await node(t, link["id"]))["remoteDeletedAt"] is not None
    await t.mutate("restore", kind="trait", key=f"{applicant}:{tag}")
    assert (await node(t, link["id"]))["remoteDeletedAt"] is None
    await t.mutate("delete_tag", tag=tag)
    assert tag not in await by_remote(t, TAGS, "tags")
    assert (await by_remote(t, TAGS, "tags", DELETED))[tag]["remoteDeletedAt"] is not None
    await t.mutate("restore", kind="tag", key=tag)
    back = (await by_remote(t, TAGS, "tags"))[tag]
    assert back["remoteDeletedAt"] is None and back["changedAt"] > tags[tag]["changedAt"]
    assert to_global_id("Tag", tag) == back["id"]
