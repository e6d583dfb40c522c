"""Creating candidates, applicants, CV files and traits (shared by the seed generator, the
careers candidate creation C4, the trait route T3 and the /_sim/mutate hook)."""

from __future__ import annotations

import random
from datetime import datetime

from simulator.corpus import CONTENT_TYPES
from simulator.ids import Kind, hex_token, slugify
from simulator.model import (
    Applicant,
    Candidate,
    Company,
    CvFile,
    Source,
    Trait,
    Vacancy,
    World,
    iso,
)


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def find_candidate_by_email(company: Company, email: str | None) -> Candidate | None:
    """The oldest candidate whose e-mail matches once trimmed and lower-cased."""
    wanted = normalize_email(email)
    if not wanted:
        return None
    for candidate in company.candidates.values():
        if normalize_email(candidate.email) == wanted:
            return candidate
    return None


def new_candidate(
    world: World,
    company: Company,
    *,
    firstname: str,
    lastname: str,
    email: str | None,
    phone: str | None,
    created_at: datetime,
    consent_list: bool = False,
) -> Candidate:
    number, hashid = world.new_id(Kind.CANDIDATE)
    consent: bool | list[dict[str, object]] = True
    if consent_list:
        # The array form HF1 relied on to read the numeric candidate id.
        consent = [
            {
                "id": number * 3 + 1,
                "candidate_id": number,
                "type": "rgpd",
                "value": True,
                "created_at": iso(created_at),
            }
        ]
    candidate = Candidate(
        numeric_id=number,
        hashid=hashid,
        firstname=firstname,
        lastname=lastname,
        email=email,
        phone=phone,
        created_at=created_at,
        updated_at=created_at,
        consent=consent,
    )
    company.candidates[hashid] = candidate
    return candidate


def attach_cv(
    company: Company,
    candidate: Candidate,
    rng: random.Random,
    *,
    extension: str,
    created_at: datetime,
    data: bytes | None = None,
    file_name: str | None = None,
    content_type: str | None = None,
) -> CvFile:
    """Store a CV under an S3-like key and make it the candidate's CV (one CV per candidate:
    a newer one replaces the older one)."""
    uuid = hex_token(rng, 32)
    uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
    person = slugify(f"{candidate.firstname} {candidate.lastname}") or "cv"
    key = f"candidates/{created_at:%Y/%m}/{uuid}/{person}"
    cv = CvFile(
        key=key,
        extension=extension,
        file_name=file_name or f"{person}.{extension}",
        content_type=content_type or CONTENT_TYPES.get(extension, "application/octet-stream"),
        created_at=created_at,
        data=data,
    )
    company.files[key] = cv
    candidate.cv_key = key
    candidate.updated_at = created_at
    return cv


def new_applicant(
    world: World,
    company: Company,
    *,
    vacancy: Vacancy,
    candidate: Candidate,
    column_id: int,
    created_at: datetime,
    source: str,
    offerer: Source | None,
    status: int = 1,
    score: int = 0,
    comment: str = "",
    updated_at: datetime | None = None,
    external_id: str | None = None,
    imported: bool = False,
) -> Applicant:
    number, hashid = world.new_id(Kind.APPLICANT)
    _, apply_hashid = world.new_id(Kind.APPLY)
    applicant = Applicant(
        numeric_id=number,
        hashid=hashid,
        vacancy=vacancy.hashid,
        candidate=candidate.hashid,
        column_id=column_id,
        status=status,
        score=score,
        created_at=created_at,
        updated_at=updated_at or created_at,
        source=source,
        apply_hashid=apply_hashid,
        offerer=offerer.hashid if offerer else None,
        comment=comment,
        external_id=external_id,
        imported=imported,
    )
    company.applicants[hashid] = applicant
    return applicant


def set_trait(
    world: World, company: Company, applicant: Applicant, tag_hashid: str, value: str
) -> Trait:
    """T3 semantics (assumed): a multi-value tag gets one trait per distinct value; a single-value
    tag keeps one trait whose value is replaced."""
    tag = company.tag(tag_hashid)
    traits = company.traits.setdefault(applicant.hashid, [])
    same_tag = [t for t in traits if t.tag == tag_hashid]
    for trait in same_tag:
        if trait.value == value:
            return trait
    if same_tag and tag is not None and not tag.multiple:
        same_tag[0].value = value
        return same_tag[0]
    number, hashid = world.new_id(Kind.TRAIT)
    trait = Trait(numeric_id=number, hashid=hashid, tag=tag_hashid, value=value)
    traits.append(trait)
    return trait


def delete_applicant(company: Company, applicant_hashid: str) -> None:
    company.applicants.pop(applicant_hashid, None)
    company.traits.pop(applicant_hashid, None)
