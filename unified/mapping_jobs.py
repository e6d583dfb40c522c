"""Vacancy -> Job (design §5.1, §5.7). Pure functions, no I/O."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from gateway.flatchr.models import Address, Distribution, Vacancy
from gateway.flatchr.models.parse import parse_str
from unified.mapping_tables import (
    CAREERS_SITE_OFFER,
    CONTRACT_TYPES,
    EXPERIENCE_LEVELS,
    INTRANET_OFFER,
    JOB_STATUSES,
    REMOTE_STATUSES,
    SALARY_PERIODS,
    best_timestamp,
    country_code,
    fold,
    midnight_utc,
)
from unified.model import IntegrationFieldRecord, JobRecord, Json, LocationRecord

# (Flatchr field name, customFields key, label) in the order both lists show them.
_RAW_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("reference", "reference", "Reference"),
    ("contract_type", "contractType", "Contract type"),
    ("education_level", "educationLevel", "Education level"),
    ("activity", "activity", "Activity"),
    ("channel", "channel", "Channel"),
    ("metier", "metier", "Job family"),
    ("language", "language", "Language"),
    ("vacancy_id", "vacancyNumber", "Vacancy number"),
    ("slug", "slug", "Slug"),
    ("tags", "tags", "Tags"),
)


def map_job(v: Vacancy, *, careers_base_url: str, slug: str | None) -> JobRecord:
    """`slug` is the company's careers slug (for the fallback postUrl)."""
    salary_from = _amount(v.salary)
    salary_to = _amount(v.salary_max)
    raw_values = _raw_values(v)
    return JobRecord(
        key=v.id,
        remote_id=v.id,
        name=v.title,
        description=_description(v),
        employment_type=employment_type(v.contract_type, partial=v.partial),
        status=JOB_STATUSES.get(v.status) if v.status is not None else None,
        visibility=visibility(v.items),
        category=_clean(v.activity),
        department=_clean(v.channel),
        post_url=post_url(v, careers_base_url=careers_base_url, company_slug=slug),
        experience_level=experience_level(v.experience),
        remote_work_status=REMOTE_STATUSES.get(v.remote) if v.remote else None,
        salary_amount=salary_from if salary_to is None else None,
        salary_amount_from=salary_from,
        salary_amount_to=salary_to,
        salary_currency=_clean(v.currency),
        salary_period=SALARY_PERIODS.get(fold(v.mensuality)) if v.mensuality else None,
        location=location(v.address),
        custom_fields={custom: raw_values[name] for name, custom, _ in _RAW_FIELDS},
        integration_fields=[
            IntegrationFieldRecord(
                key=f"{v.id}:{name}",
                field_key=name,
                type="DEFAULT",
                value=raw_values[name],
                label=label,
            )
            for name, _, label in _RAW_FIELDS
        ],
        opened_at=opened_at(v),
        closed_at=midnight_utc(v.end_date) if v.end_date else None,
        remote_created_at=v.created_at,
        remote_updated_at=v.updated_at,
        remote_data={"vacancy": v.raw, "details": None},
        changed_at=best_timestamp(v.updated_at, v.created_at),
        numeric_id=v.vacancy_id,
        slug=v.slug,
    )


def with_details(job: JobRecord, details: Vacancy) -> JobRecord:
    """Attach the V2 record (questions...) as remoteData.details."""
    return dataclasses.replace(job, remote_data={**job.remote_data, "details": details.raw})


def employment_type(contract: str | None, *, partial: bool) -> str | None:
    if partial:
        return "PART_TIME"
    return CONTRACT_TYPES.get(fold(contract)) if contract else None


def visibility(items: list[Distribution] | None) -> str:
    """PUBLIC when published on the careers site (98); INTERNAL when the only published
    distributions are intranet ones (152); else UNLISTED (also when items were not fetched)."""
    published = {d.offer_id for d in items or () if d.published}
    if CAREERS_SITE_OFFER in published:
        return "PUBLIC"
    if published == {INTRANET_OFFER}:
        return "INTERNAL"
    return "UNLISTED"


def opened_at(v: Vacancy) -> datetime | None:
    """The earliest distribution's created_at, else the vacancy's created_at."""
    dates = [d.created_at for d in v.items or () if d.created_at is not None]
    return min(dates) if dates else v.created_at


def post_url(v: Vacancy, *, careers_base_url: str, company_slug: str | None) -> str | None:
    apply_url = _clean(v.apply_url)
    if apply_url:
        return apply_url
    vacancy_slug = _clean(v.slug)
    company = _clean(company_slug)
    if not vacancy_slug or not company:
        return None
    return f"{careers_base_url.rstrip('/')}/company/{company}/vacancy/{vacancy_slug}/"


def experience_level(code: int | None) -> str | None:
    if code is None:
        return None
    return EXPERIENCE_LEVELS.get(code, str(code))


def location(address: Address | None) -> LocationRecord | None:
    if address is None:
        return None
    street = " ".join(p.strip() for p in (address.street_number, address.route) if p and p.strip())
    record = LocationRecord(
        city=_clean(address.locality),
        country=country_code(address.country),
        raw=_clean(address.formatted_address),
        state=_clean(address.administrative_area_level_1),
        street1=street or None,
        street2=None,
        zip_code=_clean(address.postal_code),
    )
    return None if record == LocationRecord() else record


def _description(v: Vacancy) -> str | None:
    parts = [p.strip() for p in (v.description, v.mission, v.profile) if p and p.strip()]
    return "\n\n".join(parts) or None


def _amount(value: float | None) -> float | None:
    return None if value is None or value == 0 else value


def _clean(value: str | None) -> str | None:
    """Trimmed text, None when empty."""
    if value is None:
        return None
    return value.strip() or None


def _raw_values(v: Vacancy) -> dict[str, Any]:
    tag_titles = [t for t in (_tag_title(tag) for tag in v.tags) if t is not None]
    return {
        "reference": v.reference,
        "contract_type": v.contract_type,
        "education_level": v.education_level,
        "activity": v.activity,
        "channel": v.channel,
        "metier": v.metier,
        "language": v.language,
        "vacancy_id": v.vacancy_id,
        "slug": v.slug,
        "tags": tag_titles,
    }


def _tag_title(tag: Json) -> str | None:
    return _clean(parse_str(tag.get("title") or tag.get("text") or tag.get("name")))
