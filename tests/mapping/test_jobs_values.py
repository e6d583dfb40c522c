"""Vacancy -> Job (design §5.1, §5.7): experience, remote, salary, dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.mapping.factories import dist, job
from unified.model import EPOCH

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("experience", "expected"),
    [
        (1, "<1 year"),
        (2, "1-3 years"),
        (4, "3-5 years"),
        (6, "5-10 years"),
        (11, "10+ years"),
        ("4", "3-5 years"),
        (3, "3"),
        (0, "0"),
        (99, "99"),
        (None, None),
        ("senior", None),
    ],
)
def test_experience_level_by_code_else_raw_number(experience: Any, expected: str | None) -> None:
    assert job(experience=experience).experience_level == expected


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("fulltime", "REMOTE"),
        ("parttime", "HYBRID"),
        ("notime", "ON_SITE"),
        ("FULLTIME", "REMOTE"),
        (True, "REMOTE"),
        (False, "ON_SITE"),
        ("true", "REMOTE"),
        ("false", "ON_SITE"),
        ("sometimes", None),
        (None, None),
    ],
)
def test_remote_work_status_from_enum_or_boolean(remote: Any, expected: str | None) -> None:
    assert job(remote=remote).remote_work_status == expected


@pytest.mark.parametrize(
    ("salary", "salary_max", "amount", "low", "high"),
    [
        (40000, 50000, None, 40000.0, 50000.0),
        (40000, None, 40000.0, 40000.0, None),
        ("40 000", "50 000", None, 40000.0, 50000.0),
        (f"40{NBSP}000", None, 40000.0, 40000.0, None),
        (f"45{NNBSP}000,50", None, 45000.5, 45000.5, None),
        ("45 000,50", "52 000", None, 45000.5, 52000.0),
        ("0", "0", None, None, None),
        (0, 0, None, None, None),
        ("0", "50 000", None, None, 50000.0),
        ("40 000", "0", 40000.0, 40000.0, None),
        (None, "60000", None, None, 60000.0),
        ("", "", None, None, None),
        ("n/c", None, None, None, None),
        (None, None, None, None, None),
    ],
)
def test_salary_amounts(
    salary: Any, salary_max: Any, amount: float | None, low: float | None, high: float | None
) -> None:
    record = job(salary=salary, salary_max=salary_max)
    assert (record.salary_amount, record.salary_amount_from, record.salary_amount_to) == (
        amount,
        low,
        high,
    )


@pytest.mark.parametrize(
    ("mensuality", "expected"),
    [
        ("y", "YEAR"),
        ("m", "MONTH"),
        ("d", "DAY"),
        ("h", "HOUR"),
        ("Y", "YEAR"),
        (" m ", "MONTH"),
        ("w", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_salary_period_from_mensuality(mensuality: Any, expected: str | None) -> None:
    assert job(mensuality=mensuality).salary_period == expected


def test_salary_currency_and_period_reported_without_amount() -> None:
    record = job(salary="0", salary_max=None, currency="EUR", mensuality="y")
    assert record.salary_amount is None and record.salary_amount_from is None
    assert (record.salary_currency, record.salary_period) == ("EUR", "YEAR")


@pytest.mark.parametrize(("currency", "expected"), [("EUR", "EUR"), ("", None), (None, None)])
def test_salary_currency_as_given(currency: Any, expected: str | None) -> None:
    assert job(currency=currency).salary_currency == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "items": [
                    dist(98, created_at="2024-03-02T09:00:00Z"),
                    dist(152, created_at="2024-03-01T08:00:00.000Z"),
                ],
                "created_at": "2024-02-01T00:00:00Z",
            },
            datetime(2024, 3, 1, 8, tzinfo=UTC),
        ),
        (
            {
                "items": [dist(98, published=False, created_at="2024-01-05T00:00:00Z")],
                "created_at": "2024-02-01T00:00:00Z",
            },
            datetime(2024, 1, 5, tzinfo=UTC),
        ),
        (
            {"items": [dist(98)], "created_at": "2024-02-01T10:00:00Z"},
            datetime(2024, 2, 1, 10, tzinfo=UTC),
        ),
        ({"items": [], "created_at": "2024-02-01T10:00:00Z"}, datetime(2024, 2, 1, 10, tzinfo=UTC)),
        ({"created_at": "2024-02-01T10:00:00+01:00"}, datetime(2024, 2, 1, 9, tzinfo=UTC)),
        ({}, None),
    ],
)
def test_opened_at_earliest_distribution_else_created_at(
    fields: dict[str, Any], expected: datetime | None
) -> None:
    assert job(**fields).opened_at == expected


@pytest.mark.parametrize(
    ("end_date", "expected"),
    [
        ("2024-06-30", datetime(2024, 6, 30, tzinfo=UTC)),
        ("2024-06-30T17:45:00.000Z", datetime(2024, 6, 30, tzinfo=UTC)),
        ("2024-07-01T01:00:00+02:00", datetime(2024, 6, 30, tzinfo=UTC)),
        ("30/06/24", datetime(2024, 6, 30, tzinfo=UTC)),
        (None, None),
        ("", None),
        ("soon", None),
    ],
)
def test_closed_at_is_end_date_at_midnight_utc(end_date: Any, expected: datetime | None) -> None:
    assert job(end_date=end_date).closed_at == expected


@pytest.mark.parametrize(
    ("fields", "created", "updated", "changed"),
    [
        (
            {"created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"},
            datetime(2024, 1, 1, tzinfo=UTC),
            datetime(2024, 2, 1, tzinfo=UTC),
            datetime(2024, 2, 1, tzinfo=UTC),
        ),
        (
            {"created_at": "2024-01-01T00:00:00Z"},
            datetime(2024, 1, 1, tzinfo=UTC),
            None,
            datetime(2024, 1, 1, tzinfo=UTC),
        ),
        (
            {"updated_at": 1706745600},
            None,
            datetime(2024, 2, 1, tzinfo=UTC),
            datetime(2024, 2, 1, tzinfo=UTC),
        ),
        ({}, None, None, EPOCH),
    ],
)
def test_remote_timestamps_and_changed_at(
    fields: dict[str, Any], created: datetime | None, updated: datetime | None, changed: datetime
) -> None:
    record = job(**fields)
    assert (record.remote_created_at, record.remote_updated_at, record.changed_at) == (
        created,
        updated,
        changed,
    )
