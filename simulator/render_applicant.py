"""Wire shapes of the applicant side: C1 search rows (titles, `DD/MM/YY`), the C2/C3
applicant record (epoch seconds, embedded candidate with CV key and pre-signed URL), T2 traits
(`tag_id` is the tag hashid)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from simulator.model import Applicant, Candidate, Column, Company, Trait, Vacancy, World, iso
from simulator.render import S3_HOST, dmy, epoch, vacancy_json

Json = dict[str, Any]


def search_row_json(
    applicant: Applicant, vacancy: Vacancy, candidate: Candidate, column: Column
) -> Json:
    return {
        "applicant": applicant.hashid,
        "vacancy": vacancy.title,
        "column": column.title,
        "vacancy_id": vacancy.numeric_id,
        "external_id": applicant.external_id or "",
        "status": applicant.status,
        "score": applicant.score,
        "hired": column.hired,
        "firstname": candidate.firstname,
        "lastname": candidate.lastname,
        "email": candidate.email,
        "phone": candidate.phone,
        "created_at": dmy(applicant.created_at),
        "updated_at": dmy(applicant.updated_at),
        "source": applicant.source,
    }


def candidate_json(company: Company, candidate: Candidate, now: datetime) -> Json:
    cv: Any = {}
    aws: Json = {}
    file = company.files.get(candidate.cv_key) if candidate.cv_key else None
    if file is not None:
        location = f"{S3_HOST}/{file.key}.{file.extension}"
        cv = f"{candidate.cv_scheme}{location}"
        # §5.11: URL fields sometimes lack a scheme; the signature lacks it when `cv` does.
        scheme = "" if not candidate.cv_scheme else "https://"
        signature = presign(location, now, scheme)
        aws = {"key": file.key, "extension": file.extension, "signature": signature}
    return {
        "id": candidate.hashid,
        "email": candidate.email,
        "firstname": candidate.firstname,
        "lastname": candidate.lastname,
        "urls": dict(candidate.urls),
        "phone": candidate.phone,
        "consent": candidate.consent,
        "created_at": iso(candidate.created_at),
        "updated_at": iso(candidate.updated_at),
        "cv": cv,
        "aws": aws,
    }


def presign(location: str, now: datetime, scheme: str = "https://") -> str:
    """A fake pre-signed S3 URL valid 24 h (its shape is what matters: X-Amz-* parameters,
    `X-Amz-Signature` included); `scheme` may be "" (the URL then starts with the host)."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    signature = hashlib.sha256(f"{location}|{stamp}".encode()).hexdigest()
    return (
        f"{scheme}{location}?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Credential=AKIASIMULATOR%2F{now:%Y%m%d}%2Feu-west-1%2Fs3%2Faws4_request"
        f"&X-Amz-Date={stamp}&X-Amz-Expires=86400&X-Amz-Signature={signature}"
        "&X-Amz-SignedHeaders=host"
    )


def applicant_record_json(
    world: World, company: Company, applicant: Applicant, now: datetime, *, archived: bool = False
) -> Json:
    """The applicant record of C2 (`applies`) or C3 (`archived`: `datas: []` and the full
    embedded vacancy)."""
    vacancy = company.vacancies[applicant.vacancy]
    candidate = company.candidates[applicant.candidate]
    data: Json = {
        "id": applicant.hashid,
        "vacancy_id": vacancy.hashid,
        "column_id": applicant.column_id,
        "score": applicant.score,
        "comment": applicant.comment,
        "created_at": epoch(applicant.created_at),
        "updated_at": epoch(applicant.updated_at),
        "status": applicant.status,
        "view": applicant.view,
        "anonym": False,
        "external_id": applicant.external_id,
        "candidate": candidate_json(company, candidate, now),
        "column": {},
        "vacancy": {},
        "foreigner": False,
    }
    if archived:
        data["vacancy"] = vacancy_json(company, vacancy, {"address", "tags"})
        data["datas"] = []
        return data
    data["applies"] = [
        {
            "id": other.apply_hashid,
            "created_at": iso(other.created_at),
            "vacancy_id": other.vacancy,
            "offerer_id": other.offerer,
            "import": other.imported,
        }
        for other in company.applicants.values()
        if other.candidate == applicant.candidate
    ]
    return data


def trait_json(trait: Trait) -> Json:
    return {"id": trait.hashid, "tag_id": trait.tag, "value": trait.value}
