"""Applicant rows -> candidates; Flatchr tags -> tags, candidate tags (design §5.3, §5.5, §5.7)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from gateway.flatchr.models import ApplicantRow, Tag, Trait
from gateway.flatchr.models.parse import parse_datetime, split_list
from unified.keys import candidate_key_for_row, candidate_tag_key
from unified.mapping_tables import best_timestamp
from unified.model import (
    EPOCH,
    CandidateTagRecord,
    EmailRecord,
    PersonRecord,
    PhoneRecord,
    TagRecord,
)

_PHONE_NOISE = re.compile(r"[\s\u00a0\u202f().\-/]+")


def _phone_identity(phone: str) -> str:
    """Two spellings of one number ("06 00 00 00 00", "06.00.00.00.00") count once."""
    return _PHONE_NOISE.sub("", phone)


def group_candidates(
    rows: Sequence[ApplicantRow], *, known_remote_ids: Mapping[str, str] | None = None
) -> list[PersonRecord]:
    """One candidate per normalised e-mail (a row without e-mail is its own candidate),
    in order of first appearance in `rows`.

    `known_remote_ids` maps applicant hashids to the Flatchr candidate hashid once learned.
    """
    groups: dict[str, list[tuple[int, ApplicantRow]]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(candidate_key_for_row(row), []).append((index, row))
    known = known_remote_ids or {}
    return [_person(key, members, known) for key, members in groups.items()]


def _person(
    key: str, members: list[tuple[int, ApplicantRow]], known: Mapping[str, str]
) -> PersonRecord:
    # Newest first: latest created_at (missing counts as oldest); ties -> later in the result.
    newest_first = [
        row
        for _, row in sorted(members, key=lambda m: (m[1].created_at or EPOCH, m[0]), reverse=True)
    ]
    newest = newest_first[0]
    phones: dict[str, str] = {}
    for row in newest_first:
        phone = (row.phone or "").strip()
        if phone:
            phones.setdefault(_phone_identity(phone), phone)
    email = (newest.email or "").strip()
    in_order = [row for _, row in members]
    return PersonRecord(
        key=key,
        remote_id=known.get(newest.applicant),
        first_name=newest.firstname,
        last_name=newest.lastname,
        email_addresses=[EmailRecord(email_address=email)] if email else [],
        phone_numbers=[PhoneRecord(phone_number=p) for p in phones.values()],
        application_keys=list(dict.fromkeys(row.applicant for row in in_order)),
        remote_data={"applicants": [row.raw for row in in_order]},
        changed_at=max(best_timestamp(row.updated_at, row.created_at) for row in in_order),
    )


def is_candidate_tag(tag: Tag) -> bool:
    return (tag.type or "").strip().lower() == "candidates"


def map_tag(tag: Tag) -> TagRecord | None:
    """Only Flatchr tags of type `candidates` are unified tags."""
    if not is_candidate_tag(tag):
        return None
    return TagRecord(
        key=tag.id,
        remote_id=tag.id,
        name=tag.title,
        changed_at=best_timestamp(
            parse_datetime(tag.raw.get("updated_at")), parse_datetime(tag.raw.get("created_at"))
        ),
    )


def map_candidate_tags(
    candidate_key: str,
    traits_by_applicant: Sequence[Sequence[Trait]],
    tags_by_hashid: Mapping[str, Tag],
    *,
    changed_at: datetime = EPOCH,
) -> list[CandidateTagRecord]:
    """One link per tag over the candidate's applicants (in application order); value = the
    distinct values in order of first appearance, multi-values split on `;`, joined with `;`.
    Traits of unknown tags or of non-candidate tags are skipped."""
    values_by_tag: dict[str, dict[str, None]] = {}
    for traits in traits_by_applicant:
        for trait in traits:
            tag = tags_by_hashid.get(trait.tag_id)
            if tag is None or not is_candidate_tag(tag):
                continue
            values = values_by_tag.setdefault(tag.id, {})
            values.update(dict.fromkeys(split_list(trait.value)))
    return [
        CandidateTagRecord(
            key=candidate_tag_key(candidate_key, tag_key),
            candidate_key=candidate_key,
            tag_key=tag_key,
            value=";".join(values) or None,
            changed_at=changed_at,
        )
        for tag_key, values in values_by_tag.items()
    ]
