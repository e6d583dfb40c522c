"""Typed raw records returned by the Flatchr client.

Each record is built leniently from Flatchr JSON with `from_json` and keeps the scrubbed
original in `raw` (for `remoteData`). These are still Flatchr's concepts (vacancy, applicant
row, column...); mapping them to the unified model happens in `unified/`.
"""

from gateway.flatchr.models.applicants import ApplicantRecord, ApplicantRow, Apply, CandidateRecord
from gateway.flatchr.models.common import Json
from gateway.flatchr.models.company import Column, Tag, Trait
from gateway.flatchr.models.vacancies import Address, CareersItem, Distribution, Question, Vacancy

__all__ = [
    "Address",
    "ApplicantRecord",
    "ApplicantRow",
    "Apply",
    "CandidateRecord",
    "CareersItem",
    "Column",
    "Distribution",
    "Json",
    "Question",
    "Tag",
    "Trait",
    "Vacancy",
]
