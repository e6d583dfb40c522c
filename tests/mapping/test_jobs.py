"""Vacancy -> Job (design §5.1, §5.7): identity, description, enums, publication, postUrl."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mapping.factories import CAREERS, VACANCY_ID, dist, job, vacancy
from unified.mapping import map_job


def test_map_job_identity_fields() -> None:
    record = job()
    assert record.key == VACANCY_ID
    assert record.remote_id == VACANCY_ID
    assert record.numeric_id == 91234
    assert record.slug == "vq5r6pyxam9ammvp-data-analyst-h-f"
    assert record.name == "Data Analyst H/F"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"description": "<p>D</p>", "mission": "<p>M</p>", "profile": "<p>P</p>"},
            "<p>D</p>\n\n<p>M</p>\n\n<p>P</p>",
        ),
        ({"description": "<p>D</p>", "mission": "", "profile": "<p>P</p>"}, "<p>D</p>\n\n<p>P</p>"),
        ({"description": "  ", "mission": "<p>M</p>"}, "<p>M</p>"),
        ({"description": None, "profile": "<b>P</b>"}, "<b>P</b>"),
        ({"description": "", "mission": "", "profile": ""}, None),
        ({}, None),
    ],
)
def test_description_joins_non_empty_parts(fields: dict[str, Any], expected: str | None) -> None:
    assert job(**fields).description == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"contract_type": "CDI"}, "FULL_TIME"),
        ({"contract_type": "cdi"}, "FULL_TIME"),
        ({"contract_type": " CDI "}, "FULL_TIME"),
        ({"contract_type": {"id": 1, "text": "CDI"}}, "FULL_TIME"),
        ({"contract_type": "CDD"}, "CONTRACT"),
        ({"contract_type": "Intérim"}, "CONTRACT"),
        ({"contract_type": "intérim"}, "CONTRACT"),
        ({"contract_type": "INTERIM"}, "CONTRACT"),
        ({"contract_type": "INTÉRIM"}, "CONTRACT"),
        ({"contract_type": "Freelance"}, "CONTRACT"),
        ({"contract_type": "Indépendant"}, "CONTRACT"),
        ({"contract_type": "independant"}, "CONTRACT"),
        ({"contract_type": "Stage"}, "INTERNSHIP"),
        ({"contract_type": "Alternance"}, "INTERNSHIP"),
        ({"contract_type": "Apprentissage"}, "INTERNSHIP"),
        ({"contract_type": "Saisonnier"}, "SEASONAL"),
        ({"contract_type": "Bénévolat"}, None),
        ({"contract_type": "CDI ou CDD"}, None),
        ({"contract_type": ""}, None),
        ({}, None),
        ({"contract_type": "CDI", "partial": True}, "PART_TIME"),
        ({"contract_type": "Stage", "partial": "true"}, "PART_TIME"),
        ({"contract_type": "Bénévolat", "partial": 1}, "PART_TIME"),
        ({"partial": True}, "PART_TIME"),
        ({"contract_type": "CDI", "partial": False}, "FULL_TIME"),
        ({"contract_type": "CDD", "partial": "false"}, "CONTRACT"),
    ],
)
def test_employment_type_by_partial_then_contract_label(
    fields: dict[str, Any], expected: str | None
) -> None:
    assert job(**fields).employment_type == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (1, "OPEN"),
        (0, "CLOSED"),
        (2, "DRAFT"),
        (3, "ARCHIVED"),
        ("1", "OPEN"),
        ("0", "CLOSED"),
        (4, None),
        (-1, None),
        (None, None),
        ("open", None),
    ],
)
def test_status_by_code(status: Any, expected: str | None) -> None:
    assert job(status=status).status == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (None, "UNLISTED"),
        ([], "UNLISTED"),
        ([dist(98)], "PUBLIC"),
        ([dist(98), dist(152)], "PUBLIC"),
        ([dist(152), dist(98)], "PUBLIC"),
        ([dist(152)], "INTERNAL"),
        ([dist(152), dist(152)], "INTERNAL"),
        ([dist(152), dist(98, published=False)], "INTERNAL"),
        ([dist(98, published=False)], "UNLISTED"),
        ([dist(152, published=False)], "UNLISTED"),
        ([dist(98, published=False), dist(152, published=False)], "UNLISTED"),
        ([dist(152), dist(75)], "UNLISTED"),
        ([dist(75)], "UNLISTED"),
        ([dist(98, published=None, status="published")], "PUBLIC"),
        ([dist(98, published="true")], "PUBLIC"),
        ([dist(152, published=None, status="draft")], "UNLISTED"),
    ],
)
def test_visibility_from_published_distributions(
    items: list[dict[str, Any]] | None, expected: str
) -> None:
    fields = {} if items is None else {"items": items}
    assert job(**fields).visibility == expected


def test_category_and_department_are_activity_and_channel_labels() -> None:
    record = job(activity={"id": 25, "text": "Internet"}, channel="Commerce / Vente")
    assert (record.category, record.department) == ("Internet", "Commerce / Vente")


def test_category_and_department_absent_are_none() -> None:
    record = job(activity="", channel=None)
    assert (record.category, record.department) == (None, None)


@pytest.mark.parametrize(
    ("fields", "base", "slug", "expected"),
    [
        (
            {"apply_url": "https://jobs.example.org/apply/1"},
            CAREERS,
            "acme",
            "https://jobs.example.org/apply/1",
        ),
        ({}, CAREERS, "acme", f"{CAREERS}/company/acme/vacancy/vq5r6pyxam9ammvp-data-analyst-h-f/"),
        (
            {},
            CAREERS + "/",
            "acme",
            f"{CAREERS}/company/acme/vacancy/vq5r6pyxam9ammvp-data-analyst-h-f/",
        ),
        (
            {"apply_url": ""},
            CAREERS,
            "acme",
            f"{CAREERS}/company/acme/vacancy/vq5r6pyxam9ammvp-data-analyst-h-f/",
        ),
        (
            {"apply_url": "  "},
            CAREERS,
            "acme",
            f"{CAREERS}/company/acme/vacancy/vq5r6pyxam9ammvp-data-analyst-h-f/",
        ),
        ({}, CAREERS, None, None),
        ({}, CAREERS, "", None),
        ({"slug": None}, CAREERS, "acme", None),
        ({"slug": None, "apply_url": "https://x.example/a"}, CAREERS, None, "https://x.example/a"),
    ],
)
def test_post_url_apply_url_else_careers_page(
    fields: dict[str, Any], base: str, slug: str | None, expected: str | None
) -> None:
    assert map_job(vacancy(**fields), careers_base_url=base, slug=slug).post_url == expected


def test_post_url_careers_page_ends_with_slash() -> None:
    url = job().post_url
    assert url is not None and url.endswith("/") and not url.endswith("//")
