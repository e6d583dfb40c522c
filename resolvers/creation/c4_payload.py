"""The body of Flatchr's candidate creation (C4, careers host) from a validated draft.

Design §5.6/§5.7: the first CV attachment becomes the resume (`type: document` with base64,
file name and content type; `type: link` for a URL the gateway does not fetch); every other
attachment is not sent and gets a warning naming it. Answers go as `{question: <Flatchr
question id>, value: <text>}`: select labels (multi joined with `;`), "true"/"false", numbers
in shortest decimal form, dates YYYY-MM-DD; FILE and INFORMATION answers are not sent
(warning). Source: the integration's `offerer_id` whenever configured; `source_id` from
`source.id`, else the integration's; `source.name` as `source`. The API token is added by the
client, not here.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from resolvers.creation.files import content_type_for
from resolvers.creation.inputs import ValidAnswer, ValidAttachment, ValidDraft


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """The integration's source writing settings."""

    offerer_id: int | None = None
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class C4Payload:
    body: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def resume_attachment(draft: ValidDraft) -> ValidAttachment | None:
    """The attachment that becomes the resume: the first of type CV."""
    return next((a for a in draft.attachments if a.type == "CV"), None)


def build_c4_payload(draft: ValidDraft, *, vacancy_slug: str, source: SourceSettings) -> C4Payload:
    """Raises ValueError when the resume still has to be fetched (`fetch` set): fetch it and
    put the bytes in with `attachments.with_fetched` first."""
    warnings: list[str] = []
    body: dict[str, Any] = {
        "vacancy": vacancy_slug,
        "firstname": draft.first_name,
        "lastname": draft.last_name,
        "email": draft.email,
    }
    if draft.phone is not None:
        body["phone"] = draft.phone
    cv = resume_attachment(draft)
    if cv is not None:
        body.update(_resume(cv))
    for attachment in draft.attachments:
        if attachment is not cv:
            warnings.append(
                f"attachments[{attachment.index}] ({attachment.name}, {attachment.type}) was "
                "not sent: Flatchr takes one file, the first CV"
            )
    answers = []
    for answer in draft.answers:
        if answer.question_type in ("FILE", "INFORMATION"):
            kind = "file" if answer.question_type == "FILE" else "information-only"
            warnings.append(
                f"screeningQuestionAnswers[{answer.index}] was not sent: Flatchr does not take "
                f"{kind} answers when a candidate is created"
            )
            continue
        answers.append({"question": answer.question_remote_id, "value": encode_answer(answer)})
    if answers:
        body["answers"] = answers
    body.update(_source(draft, source))
    return C4Payload(body, warnings)


def _resume(cv: ValidAttachment) -> dict[str, Any]:
    if cv.fetch:
        raise ValueError(f"attachments[{cv.index}] must be fetched before the payload is built")
    if cv.data is not None:
        document = {
            "data": base64.b64encode(cv.data).decode("ascii"),
            "fileName": cv.name,
            "contentType": content_type_for(cv.name, cv.content_type, cv.data),
        }
        return {"type": "document", "resume": document}
    return {"type": "link", "resume": cv.url}


def _source(draft: ValidDraft, settings: SourceSettings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if settings.offerer_id is not None:
        out["offerer_id"] = settings.offerer_id
    given = draft.source
    source_id = given.id if given is not None and given.id else settings.source_id
    if source_id:
        out["source_id"] = source_id
    if given is not None and given.name:
        out["source"] = given.name
    return out


def encode_answer(answer: ValidAnswer) -> str:
    """Flatchr's text form of a checked answer value."""
    return encode_value(answer.value)


def encode_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return shortest_decimal(value)
    if isinstance(value, list):
        return ";".join(encode_value(v) for v in value)
    return str(value)


def shortest_decimal(number: int | float) -> str:
    """5 -> "5", 5.0 -> "5", 5.5 -> "5.5", 1e-7 -> "0.0000001": no exponent, no trailing 0."""
    if isinstance(number, int):
        return str(number)
    text = format(Decimal(repr(number)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
