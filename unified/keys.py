"""Node keys of the unified model (design §4): pure, stable across restarts and instances.

The schema layer turns a key into a Relay global id, `base64("<TypeName>:<key>")`. Compound
keys join their parts with `:`; the parsers below return None for anything malformed so that a
forged or truncated id resolves to null instead of raising.

    Job                  <vacancy hashid>
    Application          <applicant hashid>
    ApplicationStage     <column id>
    JobStage             <vacancy hashid>:<column id>
    ScreeningQuestion    <question id>
    JobScreeningQuestion <vacancy hashid>:<question id>
    QuestionOption       <question id>:<option label>      (the label may contain ':')
    Tag                  <tag hashid>
    Candidate            e:<24 hex of sha256(normalised e-mail)> | a:<applicant hashid>
    CandidateTag         <candidate key>:<tag hashid>       (the candidate key contains ':')
"""

from __future__ import annotations

import hashlib
import re

from gateway.flatchr.models import ApplicantRow

SEP = ":"
EMAIL_PREFIX = "e"
APPLICANT_PREFIX = "a"
_EMAIL_KEY = re.compile(r"e:[0-9a-f]{24}")
_DIGITS = re.compile(r"[0-9]+")


def normalise_email(value: str | None) -> str | None:
    """Trimmed, lower-case e-mail; None when there is nothing left."""
    if value is None:
        return None
    text = value.strip().lower()
    return text or None


def candidate_key_for_email(email: str) -> str:
    """`e:<first 24 hex of sha256(normalised e-mail)>`: groups rows by person, no PII in ids."""
    normalised = normalise_email(email)
    if normalised is None:
        raise ValueError("candidate_key_for_email needs a non-empty e-mail")
    digest = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    return f"{EMAIL_PREFIX}{SEP}{digest[:24]}"


def candidate_key_for_row(row: ApplicantRow) -> str:
    """The candidate an applicant row belongs to: by e-mail, else the row is its own candidate."""
    email = normalise_email(row.email)
    if email is None:
        return f"{APPLICANT_PREFIX}{SEP}{row.applicant}"
    return candidate_key_for_email(email)


def is_candidate_key(key: str) -> bool:
    if _EMAIL_KEY.fullmatch(key):
        return True
    prefix, sep, rest = key.partition(SEP)
    return prefix == APPLICANT_PREFIX and sep == SEP and bool(rest) and SEP not in rest


def job_stage_key(vacancy_hashid: str, column_id: int | str) -> str:
    return f"{vacancy_hashid}{SEP}{column_id}"


def job_question_key(vacancy_hashid: str, question_id: str) -> str:
    return f"{vacancy_hashid}{SEP}{question_id}"


def option_key(question_id: str, label: str) -> str:
    return f"{question_id}{SEP}{label}"


def candidate_tag_key(candidate_key: str, tag_hashid: str) -> str:
    return f"{candidate_key}{SEP}{tag_hashid}"


def split_compound(key: str, parts: int, *, from_right: bool = False) -> tuple[str, ...] | None:
    """Split `key` into exactly `parts` non-empty parts on `:`.

    The last part (or the first one with `from_right`) keeps any further `:`. None when the
    key has fewer parts or an empty one.
    """
    if parts < 1:
        raise ValueError("parts must be >= 1")
    pieces = key.rsplit(SEP, parts - 1) if from_right else key.split(SEP, parts - 1)
    if len(pieces) != parts or not all(pieces):
        return None
    return tuple(pieces)


def parse_job_stage_key(key: str) -> tuple[str, int] | None:
    """`<vacancy hashid>:<column id>` -> (hashid, column id)."""
    pieces = split_compound(key, 2)
    if pieces is None or not _DIGITS.fullmatch(pieces[1]):
        return None
    return pieces[0], int(pieces[1])


def parse_job_question_key(key: str) -> tuple[str, str] | None:
    """`<vacancy hashid>:<question id>` -> (hashid, question id)."""
    pieces = split_compound(key, 2)
    return None if pieces is None else (pieces[0], pieces[1])


def parse_option_key(key: str) -> tuple[str, str] | None:
    """`<question id>:<label>` -> (question id, label); the label may hold `:`."""
    pieces = split_compound(key, 2)
    return None if pieces is None else (pieces[0], pieces[1])


def parse_candidate_tag_key(key: str) -> tuple[str, str] | None:
    """`<candidate key>:<tag hashid>` -> (candidate key, tag hashid)."""
    pieces = split_compound(key, 2, from_right=True)
    if pieces is None or not is_candidate_key(pieces[0]):
        return None
    return pieces[0], pieces[1]
