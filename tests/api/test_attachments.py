"""Candidate attachments: CV found through the applicant record, signed URL, bytes on demand."""

from __future__ import annotations

import base64

from devtools.local import LocalGateway
from gateway.core.settings import Settings
from gateway.core.signing import DOWNLOAD_PATH, verify
from tests.api.conftest import Harness

ATTACHMENTS = """query($n: Int) { candidates(first: $n) { edges { node { id remoteId
  applications { totalCount }
  attachments { id remoteId type fileName contentType dataUrl applicationId } } } } }"""


async def _with_cv(gw: Harness) -> dict:
    data = await gw.data(ATTACHMENTS, {"n": 10})
    people = [e["node"] for e in data["candidates"]["edges"]]
    return next(p for p in people if p["attachments"])


async def test_attachments_come_from_the_applicant_record_once(gw: Harness) -> None:
    person = await _with_cv(gw)
    cv = person["attachments"][0]
    assert cv["type"] == "CV"
    assert cv["fileName"].endswith(".pdf")
    assert cv["contentType"] == "application/pdf"
    assert DOWNLOAD_PATH in cv["dataUrl"]
    token = cv["dataUrl"].split(DOWNLOAD_PATH, 1)[1]
    ref = verify(gw.settings.signing_key, token)
    assert ref is not None and ref.integration_id == "acme" and ref.key == cv["remoteId"]
    c2_calls = (await gw.counts()).get("C2", 0)
    assert 0 < c2_calls <= 10 * 3  # one per applicant of the page, never more
    await gw.reset_counts()
    again = await gw.data(ATTACHMENTS, {"n": 10})
    assert "C2" not in await gw.counts()  # learned once, cached without expiry
    # ...and the candidate's Flatchr id is now known
    assert any(e["node"]["remoteId"] for e in again["candidates"]["edges"])


async def test_attachment_data_downloads_the_cv_bytes(gw: Harness) -> None:
    person = await _with_cv(gw)
    query = "query($id: ID!) { candidate(id: $id) { attachments { data } } }"
    data = await gw.data(query, {"id": person["id"]})
    content = base64.b64decode(data["candidate"]["attachments"][0]["data"])
    assert content.startswith(b"%PDF")
    assert (await gw.counts()).get("C6") == 1


async def test_applicant_record_can_be_switched_off() -> None:
    gw = await LocalGateway.start(Settings(applicant_record_enabled=False))
    try:
        data = await gw.data(ATTACHMENTS, {"n": 10})
        assert all(not e["node"]["attachments"] for e in data["candidates"]["edges"])
        assert "C2" not in await gw.counts()
    finally:
        await gw.close()


def test_forged_or_expired_download_tokens_are_refused() -> None:
    from gateway.core.signing import FileRef, sign

    token = sign("secret", FileRef("acme", "k", "pdf", 2_000_000_000))
    assert verify("secret", token) is not None
    assert verify("other", token) is None
    assert verify("secret", token[:-2] + "AA") is None
    assert verify("secret", sign("secret", FileRef("acme", "k", "pdf", 10))) is None
    assert verify("secret", "garbage") is None


async def _upstream_column(gw: Harness, tenant: str, applicant: str) -> str | None:
    client = gw.services.pool.client(gw.integrations[tenant])
    rows = await client.search_applicants()
    return next(r.column for r in rows if r.applicant == applicant)


async def test_reading_attachments_never_moves_an_applicant_back(gw: Harness) -> None:
    """The same-column move must use the column of right now, not of the cached search."""
    query = "{ applications(first: 250) { edges { node { remoteId job { remoteId } candidate { id } currentStage { name } } } } }"
    apps = [e["node"] for e in (await gw.data(query))["applications"]["edges"]]  # cache warm
    client = gw.services.pool.client(gw.integrations["acme"])
    columns = await client.list_columns()
    unique = [c for c in columns if sum(d.title == c.title for d in columns) == 1]
    app = next(a for a in apps if a["currentStage"] and a["job"])
    target = next(c for c in unique if c.title != app["currentStage"]["name"])
    await client.move_applicant(app["job"]["remoteId"], app["remoteId"], target.id)  # a recruiter
    await gw.data(
        "query($id: ID!) { candidate(id: $id) { attachments { fileName } } }",
        {"id": app["candidate"]["id"]},
    )
    assert await _upstream_column(gw, "acme", app["remoteId"]) == target.title


async def test_attachments_refuse_the_move_when_the_column_title_is_ambiguous(gw: Harness) -> None:
    client = gw.services.pool.client(gw.integrations["globex"])
    columns = await client.list_columns()
    titles = [c.title for c in columns]
    duplicated = next(t for t in titles if titles.count(t) > 1)
    rows = [r for r in await client.search_applicants() if r.column == duplicated]
    assert rows, "the seeded globex has applicants in its duplicated column"
    query = "{ candidates(first: 250) { edges { node { id applications { edges { node { remoteId } } } } } } }"
    people = (await gw.data(query, tenant="globex"))["candidates"]["edges"]
    owner = next(
        p["node"]["id"]
        for p in people
        if any(
            a["node"]["remoteId"] == rows[0].applicant for a in p["node"]["applications"]["edges"]
        )
    )
    await gw.reset_counts()
    await gw.data(
        "query($id: ID!) { candidate(id: $id) { attachments { fileName } } }",
        {"id": owner},
        tenant="globex",
    )
    log = (await gw.sim.get("/_sim/log")).json()["requests"]
    moved = [r for r in log if r["endpoint"] == "C2" and rows[0].applicant in r["path"]]
    assert moved == []
    assert await _upstream_column(gw, "globex", rows[0].applicant) == duplicated


def test_download_tokens_are_not_malleable() -> None:
    from gateway.core.signing import FileRef, sign

    token = sign("secret", FileRef("acme", "k", "pdf", 2_000_000_000))
    payload, mac = token.split(".")
    for variant in (payload + "=." + mac, payload + "." + mac + "=", payload + ".!" + mac[1:]):
        assert verify("secret", variant) is None
