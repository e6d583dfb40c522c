"""Flatchr records -> unified-model records (design §5): the one place the mapping lives.

Pure functions, table-tested without I/O (tests/mapping/). The rules are split by area:
`mapping_jobs` (vacancies), `mapping_pipeline` (columns, applicant rows), `mapping_questions`
(screening questions), `mapping_candidates` (candidates, tags); the lookup tables are in
`mapping_tables`. Import from here.
"""

from __future__ import annotations

from unified.mapping_candidates import (
    group_candidates,
    is_candidate_tag,
    map_candidate_tags,
    map_tag,
)
from unified.mapping_jobs import (
    employment_type,
    experience_level,
    location,
    map_job,
    opened_at,
    post_url,
    visibility,
    with_details,
)
from unified.mapping_pipeline import (
    application_outcome,
    column_by_title,
    hired_column_ids,
    map_application,
    map_job_stages,
    map_stage,
)
from unified.mapping_questions import (
    map_job_questions,
    map_question,
    precondition_options,
    question_options,
    question_type,
)
from unified.mapping_tables import country_code

__all__ = [
    "application_outcome",
    "column_by_title",
    "country_code",
    "employment_type",
    "experience_level",
    "group_candidates",
    "hired_column_ids",
    "is_candidate_tag",
    "location",
    "map_application",
    "map_candidate_tags",
    "map_job",
    "map_job_questions",
    "map_job_stages",
    "map_question",
    "map_stage",
    "map_tag",
    "opened_at",
    "post_url",
    "precondition_options",
    "question_options",
    "question_type",
    "visibility",
    "with_details",
]
