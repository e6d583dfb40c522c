"""C2 move, C3 archive, S1 columns, T1-T3 tags and traits, U1 members, C6 CV download."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from gateway.flatchr.models import ApplicantRecord
from simulator.model import Applicant, Company
from simulator.state import SimState

from .helpers import HASHID, ISO, assert_error, auth

FIXED_NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def _path(company: Company, applicant: Applicant) -> str:
    return f"/company/{company.hashid}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"


def _with_cv(company: Company) -> Applicant:
    return next(a for a in company.applicants.values() if company.candidates[a.candidate].cv_key)


async def _move(
    client: httpx.AsyncClient, company: Company, applicant: Applicant, body: Any
) -> httpx.Response:
    return await client.put(_path(company, applicant), json=body, headers=auth(company))


async def test_move_applicant_full_record(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    sim.clock = lambda: FIXED_NOW
    applicant = _with_cv(acme)
    target = acme.columns[2]
    response = await _move(client, acme, applicant, {"column_id": target.id})
    assert response.status_code == 200
    record = response.json()
    assert record["id"] == applicant.hashid
    assert record["vacancy_id"] == applicant.vacancy and record["column_id"] == target.id
    assert isinstance(record["created_at"], int) and record["updated_at"] == int(
        FIXED_NOW.timestamp()
    )
    assert record["column"] == {} and record["vacancy"] == {} and record["foreigner"] is False
    candidate = record["candidate"]
    assert HASHID.match(candidate["id"]) and ISO.match(candidate["created_at"])
    assert candidate["aws"]["key"] and candidate["aws"]["extension"]
    assert "X-Amz-Signature=" in candidate["aws"]["signature"]
    assert candidate["cv"].endswith("." + candidate["aws"]["extension"])
    assert record["applies"] and {a["vacancy_id"] for a in record["applies"]} >= {applicant.vacancy}
    assert set(record["applies"][0]) == {"id", "created_at", "vacancy_id", "offerer_id", "import"}
    assert applicant.column_id == target.id and applicant.updated_at == FIXED_NOW


async def test_move_applicant_same_column_bumps_updated_at(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    sim.clock = lambda: FIXED_NOW
    applicant = next(iter(acme.applicants.values()))
    response = await _move(client, acme, applicant, {"column_id": applicant.column_id})
    assert response.status_code == 200
    assert applicant.updated_at == FIXED_NOW


async def test_move_applicant_consent_list_carries_candidate_id(
    client: httpx.AsyncClient, acme: Company
) -> None:
    applicant = next(
        a
        for a in acme.applicants.values()
        if isinstance(acme.candidates[a.candidate].consent, list)
    )
    record = (await _move(client, acme, applicant, {"column_id": applicant.column_id})).json()
    consent = record["candidate"]["consent"]
    assert consent[0]["candidate_id"] == acme.candidates[applicant.candidate].numeric_id


async def test_move_applicant_column_id_missing_400(
    client: httpx.AsyncClient, acme: Company
) -> None:
    applicant = next(iter(acme.applicants.values()))
    assert_error(await _move(client, acme, applicant, {}), 400)
    assert_error(await _move(client, acme, applicant, {"column_id": "4021"}), 400)
    assert_error(await _move(client, acme, applicant, {"column_id": True}), 400)


async def test_move_applicant_unknown_column_400(client: httpx.AsyncClient, acme: Company) -> None:
    applicant = next(iter(acme.applicants.values()))
    assert_error(await _move(client, acme, applicant, {"column_id": 1}), 400)


async def test_move_applicant_wrong_vacancy_404(client: httpx.AsyncClient, acme: Company) -> None:
    applicant = next(iter(acme.applicants.values()))
    other = next(v for v in acme.vacancies if v != applicant.vacancy)
    path = f"/company/{acme.hashid}/vacancy/{other}/applicant/{applicant.hashid}"
    response = await client.put(path, json={"column_id": applicant.column_id}, headers=auth(acme))
    assert_error(response, 404)


async def test_archive_applicant_status_zero_datas(
    client: httpx.AsyncClient, acme: Company
) -> None:
    applicant = next(a for a in acme.applicants.values() if a.status == 1)
    response = await client.delete(_path(acme, applicant), headers=auth(acme))
    assert response.status_code == 200
    record = response.json()
    assert record["status"] == 0 and record["datas"] == [] and "applies" not in record
    assert record["vacancy"]["id"] == applicant.vacancy
    assert applicant.status == 0


async def test_columns_shape(client: httpx.AsyncClient, acme: Company) -> None:
    columns = (await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))).json()
    assert [c["position"] for c in columns] == sorted(c["position"] for c in columns)
    keys = {"id", "title", "company_id", "position", "created_at", "updated_at", "visible"}
    assert set(columns[0]) == keys | {"hired"}
    assert columns[0]["company_id"] == acme.hashid and isinstance(columns[0]["id"], int)
    assert [c["title"] for c in columns if c["hired"]] == ["Recruté"]
    assert any(c["visible"] is False for c in columns)


async def test_tags_shape(client: httpx.AsyncClient, acme: Company) -> None:
    tags = (await client.get(f"/company/{acme.hashid}/tags", headers=auth(acme))).json()
    assert {t["type"] for t in tags} == {"candidates", "vacancies"}
    langues = next(t for t in tags if t["title"] == "Langues")
    assert HASHID.match(langues["id"]) and isinstance(langues["tag_id"], int)
    assert langues["values"] == "Anglais;Espagnol;Allemand;Italien"
    assert langues["tagCandidateRestriction"] == []


async def test_traits_tag_id_is_hashid(client: httpx.AsyncClient, acme: Company) -> None:
    applicant_id = next(a for a, traits in acme.traits.items() if traits)
    response = await client.get(
        f"/company/{acme.hashid}/applicant/{applicant_id}/traits", headers=auth(acme)
    )
    traits = response.json()
    tag_hashids = {t.hashid for t in acme.tags}
    assert traits and all(t["tag_id"] in tag_hashids for t in traits)
    assert set(traits[0]) == {"id", "tag_id", "value"}


async def test_traits_unknown_applicant_404(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(
        f"/company/{acme.hashid}/applicant/AAAAAAAAAAAAAAAA/traits", headers=auth(acme)
    )
    assert_error(response, 404)


async def test_trait_create_then_listed(client: httpx.AsyncClient, acme: Company) -> None:
    applicant = next(iter(acme.applicants.values()))
    tag = next(t for t in acme.tags if t.title == "Langues")
    base = f"/company/{acme.hashid}/applicant/{applicant.hashid}"
    response = await client.post(
        f"{base}/trait", json={"tag": tag.hashid, "value": "Italien"}, headers=auth(acme)
    )
    assert response.status_code == 200
    created = response.json()
    assert created["tag_id"] == tag.hashid and created["value"] == "Italien"
    traits = (await client.get(f"{base}/traits", headers=auth(acme))).json()
    assert created in traits


async def test_trait_unknown_tag_404_missing_value_400(
    client: httpx.AsyncClient, acme: Company
) -> None:
    applicant = next(iter(acme.applicants.values()))
    path = f"/company/{acme.hashid}/applicant/{applicant.hashid}/trait"
    body = {"tag": "AAAAAAAAAAAAAAAA", "value": "x"}
    assert_error(await client.post(path, json=body, headers=auth(acme)), 404)
    assert_error(
        await client.post(path, json={"tag": acme.tags[0].hashid}, headers=auth(acme)), 400
    )


async def test_members_with_user_field(client: httpx.AsyncClient, acme: Company) -> None:
    path = f"/company/{acme.hashid}/members"
    bare = (await client.get(path, headers=auth(acme))).json()
    assert bare and "user" not in bare[0]
    members = (await client.get(path, params={"fields": "user"}, headers=auth(acme))).json()
    user = members[0]["user"]
    assert HASHID.match(members[0]["id"]) and HASHID.match(user["id"])
    assert isinstance(user["user_id"], int) and user["email"]


async def test_files_expire_returns_cv_bytes(client: httpx.AsyncClient, acme: Company) -> None:
    cv = acme.files[acme.candidates[_with_cv(acme).candidate].cv_key or ""]
    params = {"key": cv.key, "extension": cv.extension, "token": acme.api_key}
    response = await client.get(f"/company/{acme.hashid}/files/expire", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(cv.content_type)
    assert response.content


async def test_files_expire_second_call_within_second_429(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    cv = next(iter(acme.files.values()))
    params = {"key": cv.key, "extension": cv.extension, "token": acme.api_key}
    first = await client.get(f"/company/{acme.hashid}/files/expire", params=params)
    second = await client.get(f"/company/{acme.hashid}/files/expire", params=params)
    assert first.status_code == 200
    assert_error(second, 429)
    assert int(second.headers["Retry-After"]) >= 1
    clock = sim.monotonic()
    sim.monotonic = lambda: clock + 1.01
    third = await client.get(f"/company/{acme.hashid}/files/expire", params=params)
    assert third.status_code == 200


async def test_files_expire_unknown_key_404(client: httpx.AsyncClient, acme: Company) -> None:
    params = {"key": "candidates/none", "extension": "pdf", "token": acme.api_key}
    assert_error(await client.get(f"/company/{acme.hashid}/files/expire", params=params), 404)


async def test_cv_and_signature_url_schemes_drift(client: httpx.AsyncClient, acme: Company) -> None:
    """Reference §5.11: URL fields sometimes lack a scheme (`cv`, `aws.signature`) or use
    http://. The signature lacks one exactly when `cv` does; it always keeps X-Amz-Signature."""
    seen: dict[str, tuple[str, str]] = {}
    for applicant in acme.applicants.values():
        cv_key = acme.candidates[applicant.candidate].cv_key
        if not cv_key:
            continue
        response = await _move(client, acme, applicant, {"column_id": applicant.column_id})
        candidate = response.json()["candidate"]
        cv, signature = candidate["cv"], candidate["aws"]["signature"]
        scheme = (
            "https://"
            if cv.startswith("https://")
            else "http://"
            if cv.startswith("http://")
            else ""
        )
        assert "X-Amz-Signature=" in signature
        if scheme:
            assert signature.startswith("https://")
        else:
            assert cv.startswith("flatchr-sim.s3.") and signature.startswith("flatchr-sim.s3.")
        assert signature.split("?")[0] == ("https://" if scheme else "") + cv.removeprefix(scheme)
        seen.setdefault(scheme, (cv, signature))
    assert set(seen) == {"https://", "http://", ""}


async def test_gateway_scrubs_schemeless_signature(
    client: httpx.AsyncClient, acme: Company
) -> None:
    """The gateway's `scrub` drops the signature (it contains X-Amz-) whatever its scheme."""
    for scheme in ("", "http://"):
        applicant = next(
            a
            for a in acme.applicants.values()
            if acme.candidates[a.candidate].cv_key
            and acme.candidates[a.candidate].cv_scheme == scheme
        )
        response = await _move(client, acme, applicant, {"column_id": applicant.column_id})
        raw = response.json()
        record = ApplicantRecord.from_json(raw)
        assert record.candidate is not None
        assert record.candidate.cv_key == raw["candidate"]["aws"]["key"]
        assert record.candidate.cv_extension == raw["candidate"]["aws"]["extension"]
        assert "signature" not in record.candidate.raw["aws"]
        assert record.candidate.raw["cv"] == raw["candidate"]["cv"]
        assert not any("X-Amz-" in str(v) for v in record.candidate.raw["aws"].values())
