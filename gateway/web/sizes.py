"""Expected list lengths for the cost estimate (gateway.web.cost), per `Type.field`.

`LIST_SIZES` are the documented defaults (docs/operations.md, "Cost estimate"): what a
recruiting tenant's lists usually hold. Validation measures with them (its verdict is cached
per document). Before execution the guard raises them to the tenant's own figures where
those are larger (loaders.listsizes: computed from the snapshots the process holds), so a
tenant whose jobs have hundreds of applications is measured as such, and a document admitted
for one tenant is admitted for any tenant whose lists are no longer than the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping

#: expected list lengths per `Type.field` (docs/operations.md, "Cost estimate"); connections
#: count min(first, this), plain lists this; fields not listed: `first` / `assumed_list_size`
LIST_SIZES: Mapping[str, int] = {
    "Job.applications": 50,
    "Job.stages": 10,
    "Job.screeningQuestions": 10,
    "Job.integrationFields": 5,
    "Candidate.applications": 5,
    "Candidate.tags": 5,
    "Candidate.candidateTags": 5,
    "Candidate.attachments": 3,
    "Candidate.phoneNumbers": 2,
    "Candidate.emailAddresses": 2,
    "Tag.candidates": 20,
    "SingleSelectQuestionFormat.options": 10,
    "MultiSelectQuestionFormat.options": 10,
}


def tenant_sizes(figures: Mapping[str, int]) -> Mapping[str, int] | None:
    """`LIST_SIZES` raised to the tenant's figures where those are larger; None when none is
    (the estimate made at validation, with `LIST_SIZES`, then stands)."""
    larger = {k: v for k, v in figures.items() if v > LIST_SIZES.get(k, 0)}
    return {**LIST_SIZES, **larger} if larger else None
