"""What a C4 call stored, as `/_sim/submissions` shows it next to the payload received.

Write tests assert on this instead of poking at the world: the applicant and its candidate
(re-used or new), the column, the answers as kept, the source as C1 shows it and as C4 was
given it, and the resume (link or document, without its bytes).
"""

from __future__ import annotations

from typing import Any

from simulator.model import Applicant, Company


def stored_view(company: Company, applicant: Applicant) -> dict[str, Any]:
    candidate = company.candidates[applicant.candidate]
    cv = company.files.get(candidate.cv_key) if candidate.cv_key else None
    resume = None
    if cv is not None:
        resume = {
            "kind": "link" if cv.url else "document",
            "url": cv.url,
            "key": cv.key,
            "extension": cv.extension,
            "file_name": cv.file_name,
            "content_type": cv.content_type,
            "size": len(cv.data) if cv.data is not None else None,
        }
    return {
        "applicant": applicant.hashid,
        "vacancy": applicant.vacancy,
        "column_id": applicant.column_id,
        "candidate": candidate.hashid,
        "candidate_applications": sum(
            1 for a in company.applicants.values() if a.candidate == candidate.hashid
        ),
        "firstname": candidate.firstname,
        "lastname": candidate.lastname,
        "email": candidate.email,
        "phone": candidate.phone,
        "answers": [dict(answer) for answer in applicant.answers],
        "source": applicant.source,
        "offerer": applicant.offerer,
        "offerer_id": applicant.offerer_id,
        "source_id": applicant.source_id,
        "source_name": applicant.source_name,
        "comment": applicant.comment,
        "resume": resume,
    }
