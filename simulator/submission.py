"""Candidate creation (C4): reading the payload (JSON or form data), validating it, storing it.

The JSON route takes `{vacancy, firstname, lastname, token, type, resume, urls, answers: [...]}`;
the form route takes the same fields as form data with PHP-style brackets
(`answers[<question id>]=value`, `resume[data]=...`) or a `resume` file part.
"""

from __future__ import annotations

import base64
import binascii
import random
import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from simulator.corpus import CONTENT_TYPES
from simulator.model import Applicant, Company, Source, Vacancy, World
from simulator.people import (
    attach_cv,
    find_candidate_by_email,
    new_applicant,
    new_candidate,
    set_trait,
)
from simulator.state import SimState
from simulator.web import ApiError, bearer, json_body, key_company

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXTENSIONS = {content_type: ext for ext, content_type in reversed(CONTENT_TYPES.items())}


@dataclass(slots=True)
class Resume:
    kind: str  # link | document
    url: str | None = None
    data: bytes | None = None
    file_name: str | None = None
    content_type: str | None = None

    def extension(self) -> str:
        name = (self.file_name or self.url or "").split("?")[0].rsplit("/", 1)[-1]
        if "." in name and name.rsplit(".", 1)[1].lower() in CONTENT_TYPES:
            return name.rsplit(".", 1)[1].lower()
        return _EXTENSIONS.get((self.content_type or "").lower(), "pdf")


@dataclass(slots=True)
class Submission:
    company: Company
    vacancy: Vacancy
    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    resume: Resume
    answers: list[dict[str, str]] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    offerer_id: int | None = None
    source_id: str | None = None
    source: str | None = None
    comment: str = ""


async def read_payload(request: Request) -> dict[str, Any]:
    """JSON, urlencoded or multipart bodies as one nested dict."""
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return await json_body(request)
    payload: dict[str, Any] = {}
    async with request.form() as form:
        for key, value in form.multi_items():
            item: Any = value
            if isinstance(value, UploadFile):
                item = Resume(
                    kind="document",
                    data=await value.read(),
                    file_name=value.filename,
                    content_type=value.content_type,
                )
            _assign(payload, key, item)
    return payload


def _assign(payload: dict[str, Any], key: str, value: Any) -> None:
    head = key.split("[", 1)[0]
    path = [head, *_BRACKETS.findall(key[len(head) :])]
    target = payload
    for part in path[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = target[part] = {}
        target = nxt
    target[path[-1]] = value


def validate(sim: SimState, request: Request, payload: dict[str, Any]) -> Submission:
    world = sim.world
    token = payload.get("token") or payload.get("api_key") or bearer(request)
    key_owner = key_company(sim, token if isinstance(token, str) else None)
    slug = payload.get("vacancy")
    if not isinstance(slug, str) or not slug.strip():
        raise ApiError(400, '"vacancy" is required')
    found = world.find_vacancy_by_slug(slug.strip())
    if found is None:
        raise ApiError(404, "Vacancy not found")
    company, vacancy = found
    if key_owner is not company:
        raise ApiError(403, "This token does not belong to the vacancy's company")
    if vacancy.status != 1:
        raise ApiError(400, "Vacancy is not open to applications")
    names = {}
    for name in ("firstname", "lastname"):
        value = payload.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, f'"{name}" is required')
        names[name] = value.strip()
    email = payload.get("email")
    if email in (None, ""):
        email = None
    elif not isinstance(email, str) or not _EMAIL.match(email.strip()):
        raise ApiError(400, '"email" must be a valid email')
    phone = payload.get("phone")
    for name in ("type", "resume"):  # both marked required (*) by the reference (§2.4 C4)
        if payload.get(name) in (None, ""):
            raise ApiError(400, f'"{name}" is required')
    return Submission(
        company=company,
        vacancy=vacancy,
        firstname=names["firstname"],
        lastname=names["lastname"],
        email=email.strip() if isinstance(email, str) else None,
        phone=str(phone).strip() if phone not in (None, "") else None,
        resume=_resume(payload.get("type"), payload.get("resume")),
        answers=_answers(payload.get("answers")),
        urls=_urls(payload.get("urls")),
        offerer_id=_optional_int(payload.get("offerer_id"), "offerer_id"),
        source_id=str(payload["source_id"]) if payload.get("source_id") not in (None, "") else None,
        source=str(payload["source"]).strip() if payload.get("source") not in (None, "") else None,
        comment=str(payload.get("comment") or ""),
    )


def _optional_int(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise ApiError(400, f'"{name}" must be a number')


def _resume(kind: Any, resume: Any) -> Resume:
    """The CV; `type` and `resume` are both present (checked by `validate`)."""
    if kind not in ("link", "document"):
        raise ApiError(400, '"type" must be one of [link, document]')
    if isinstance(resume, Resume):  # a file part of a form: a document, whatever `type` says
        return resume
    if isinstance(resume, str) and kind == "link":
        if not resume.startswith(("http://", "https://")):
            raise ApiError(400, '"resume" must be a valid uri')
        return Resume(kind="link", url=resume)
    if isinstance(resume, dict) and kind == "document":
        data, name = resume.get("data"), resume.get("fileName")
        if not isinstance(data, str) or not data:
            raise ApiError(400, '"resume.data" is required')
        if not isinstance(name, str) or not name:
            raise ApiError(400, '"resume.fileName" is required')
        if data.startswith("data:") and "," in data:
            data = data.split(",", 1)[1]  # tolerate a data: URL
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, '"resume.data" must be a valid base64 string') from None
        if not content:
            raise ApiError(400, '"resume.data" must not be empty')
        content_type = resume.get("contentType")
        return Resume("document", None, content, name, str(content_type or "") or None)
    raise ApiError(400, f'"resume" does not match type "{kind}"')


def _urls(raw: Any) -> dict[str, str]:
    """`urls` (`{facebook, linkedin, twitter, other}`): an object whose values are strings;
    blank values are dropped (an empty form field)."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ApiError(400, '"urls" must be of type object')
    urls = {}
    for name, value in raw.items():
        if not isinstance(value, str):
            raise ApiError(400, f'"urls.{name}" must be a string')
        if value.strip():
            urls[str(name)] = value.strip()
    return urls


def _answers(raw: Any) -> list[dict[str, str]]:
    if raw in (None, ""):
        return []
    if isinstance(raw, dict):  # form data: answers[<question>]=value or answers[0][question]=...
        if all(isinstance(v, dict) for v in raw.values()):
            raw = list(raw.values())
        else:
            raw = [{"question": k, "value": v} for k, v in raw.items()]
    if not isinstance(raw, list):
        raise ApiError(400, '"answers" must be an array')
    answers = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("question") in (None, ""):
            raise ApiError(400, f'"answers[{index}].question" is required')
        value = item.get("value")
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        answers.append(
            {"question": str(item["question"]), "value": "" if value is None else str(value)}
        )
    return answers


def source_of(world: World, sub: Submission, default: str) -> tuple[str, Source | None]:
    """The C1 `source` label and the `applies[].offerer_id` origin of a new applicant: the
    free `source` name wins, then a custom source id, then the job-board offerer id."""
    custom = next(
        (s for s in sub.company.sources if sub.source_id in (s.hashid, str(s.numeric_id))), None
    )
    offerer = world.offerers.get(sub.offerer_id) if sub.offerer_id is not None else None
    origin = custom or offerer
    if sub.source:
        return sub.source, origin
    if custom is not None:
        return custom.label, custom
    if sub.source_id:
        return sub.source_id, offerer
    if offerer is not None:
        return offerer.label, offerer
    if sub.offerer_id is not None:
        return f"Offerer {sub.offerer_id}", None
    return default, None


def store(sim: SimState, sub: Submission, default_source: str) -> Applicant:
    """Create (or re-use, by e-mail) the candidate, its CV and the applicant in the first
    column; answers naming a numeric tag id become traits."""
    world, company, now = sim.world, sub.company, sim.now()
    candidate = find_candidate_by_email(company, sub.email) or new_candidate(
        world,
        company,
        firstname=sub.firstname,
        lastname=sub.lastname,
        email=sub.email,
        phone=sub.phone,
        created_at=now,
    )
    candidate.urls.update(sub.urls)  # merged into a re-used candidate's links (new values win)
    rng = random.Random(f"{world.seed}:cv:{len(company.files)}:{candidate.numeric_id}")
    cv = attach_cv(
        company,
        candidate,
        rng,
        extension=sub.resume.extension(),
        created_at=now,
        data=sub.resume.data,
        file_name=sub.resume.file_name,
        content_type=sub.resume.content_type,
    )
    cv.url = sub.resume.url
    label, origin = source_of(world, sub, default_source)
    applicant = new_applicant(
        world,
        company,
        vacancy=sub.vacancy,
        candidate=candidate,
        column_id=company.first_column().id,
        created_at=now,
        source=label,
        offerer=origin,
        comment=sub.comment,
    )
    applicant.offerer_id, applicant.source_id = sub.offerer_id, sub.source_id
    applicant.source_name = sub.source
    questions = {q.hashid: q for q in sub.vacancy.questions}
    by_text = {q.text.casefold(): q for q in sub.vacancy.questions}
    tags = {str(t.numeric_id): t for t in company.tags if t.type == "candidates"}
    for answer in sub.answers:
        question = questions.get(answer["question"]) or by_text.get(answer["question"].casefold())
        tag = tags.get(answer["question"])
        if question is None and tag is not None:
            for value in answer["value"].split(";") if tag.multiple else [answer["value"]]:
                if value:
                    set_trait(world, company, applicant, tag.hashid, value)
        applicant.answers.append(
            {
                "question": question.hashid if question else answer["question"],
                "value": answer["value"],
            }
        )
    return applicant
