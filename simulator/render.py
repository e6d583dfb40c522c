"""Flatchr wire shapes: storage records -> the JSON each endpoint returns.

Formats follow the reference, quirks included: ISO-8601 with milliseconds for vacancies and
candidates, epoch seconds for the applicant record (C2/C3), `DD/MM/YY` strings in the search
rows (C1), titles instead of ids in C1, `tag_id` as the tag *hashid* in traits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from simulator.corpus import ACTIVITIES, CHANNELS, CONTRACTS, EDUCATION_LEVELS, JOBS
from simulator.model import (
    Address,
    Column,
    Company,
    Distribution,
    Member,
    Question,
    Tag,
    Vacancy,
    iso,
)

Json = dict[str, Any]
METIERS = {metier_id: label for _, _, metier_id, label, _ in JOBS}
S3_HOST = "flatchr-sim.s3.eu-west-1.amazonaws.com"
CDN = "https://flatchr-sim.imgix.net"


def dmy(moment: datetime) -> str:
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year % 100:02d}"  # strftime is 5x slower


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _iso_or_none(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


def address_json(address: Address) -> Json:
    return {
        "street_number": address.street_number,
        "route": address.route,
        "locality": address.locality,
        "postal_code": address.postal_code,
        "administrative_area_level_1": address.administrative_area_level_1,
        "administrative_area_level_2": address.administrative_area_level_2,
        "country": address.country,
        "location_lat": address.lat,
        "location_lng": address.lng,
        "formatted_address": address.formatted,
    }


def company_json(company: Company) -> Json:
    return {
        "id": company.hashid,
        "name": company.name,
        "description": _blurb(company),
        "slug": company.slug,
        "size": "50-199",
        "email": company.email,
        "web": f"https://www.{company.slug}.example.com",
        "phone": company.phone,
        "status": 1,
        "siren": f"{company.numeric_id * 7919 % 1_000_000_000:09d}",
        "hosts": None,
        "vat_number": None,
        "hunter": False,
        "public": True,
        "activity_id": company.activity_id,
        "created_at": iso(company.created_at),
        "hiddens": {"auto": False},
        "shared_applicants": False,
        "shields": None,
        "ip_addresses": None,
        "billing_name": company.name,
        "retention_policy": "Vos données sont conservées 24 mois.",
        "activity": {"id": company.activity_id, "text": ACTIVITIES.get(company.activity_id, "")},
        "meta_logo": f"{CDN}/{company.slug}/logo.png",
        "logo": f"{CDN}/{company.slug}/logo.png",
        "address": address_json(company.address),
        "addressFormatted": company.address.formatted,
    }


def _blurb(company: Company) -> str:
    return (
        f"<p>{company.name} accompagne ses clients depuis {company.created_at.year}. "
        "Rejoignez une équipe engagée !</p>"
    )


def question_json(question: Question) -> Json:
    return {
        "id": question.hashid,
        "text": question.text,
        "type": question.type,
        "required": question.required,
        "options": question.options,
        "position": question.position,
        "size": question.size,
        "default_value": question.default_value,
        "parent_question": question.parent_question,
        "parent_answer_expected": question.parent_answer_expected,
    }


def distribution_json(distribution: Distribution) -> Json:
    return {
        "id": distribution.hashid,
        "offer_id": distribution.offer_id,
        "published": distribution.published,
        "created_at": iso(distribution.created_at),
        "external_id": distribution.external_id,
    }


def vacancy_json(company: Company, vacancy: Vacancy, fields: set[str]) -> Json:
    """A vacancy object; `fields` adds `address`, `tags`, `items`, `questions`, `faqs`,
    `benefits` (absent unless asked for, as with Flatchr's `fields` query)."""
    options = None
    if vacancy.numeric_id % 5:
        options = {
            "indeed": vacancy.numeric_id % 2 == 0,
            "linkedin": vacancy.numeric_id % 3 == 0,
            "optionals": ["phone"],
            "motivation": True,
            "social_links": False,
        }
    data: Json = {
        "id": vacancy.hashid,
        "vacancy_id": vacancy.numeric_id,
        "slug": vacancy.slug,
        "reference": vacancy.reference,
        "title": vacancy.title,
        "description": _blurb(company),
        "mission": vacancy.mission,
        "profile": vacancy.profile,
        "experience": vacancy.experience,
        "salary": vacancy.salary,
        "salary_max": vacancy.salary_max,
        "status": vacancy.status,
        "language": vacancy.language,
        "contract_type_id": vacancy.contract_type_id,
        "education_level_id": vacancy.education_level_id,
        "activity_id": vacancy.activity_id,
        "channel_id": vacancy.channel_id,
        "metier_id": vacancy.metier_id,
        "company_id": company.numeric_id,
        "mensuality": vacancy.mensuality,
        "apply_url": vacancy.apply_url,
        "currency": vacancy.currency,
        "created_at": iso(vacancy.created_at),
        "updated_at": iso(vacancy.updated_at),
        "start_date": _iso_or_none(vacancy.start_date),
        "end_date": _iso_or_none(vacancy.end_date),
        "driver_license": vacancy.driver_license,
        "remote": vacancy.remote,
        "handicap": vacancy.handicap,
        "partial": vacancy.partial,
        "kanban": False,
        "meta_title": vacancy.title,
        "meta_description": "",
        "meta_tags": "",
        "options": options,
        "contract_type": CONTRACTS.get(vacancy.contract_type_id, ""),
        "education_level": EDUCATION_LEVELS.get(vacancy.education_level_id, ""),
        "activity": ACTIVITIES.get(vacancy.activity_id, ""),
        "channel": CHANNELS.get(vacancy.channel_id, ""),
        "metier": METIERS.get(vacancy.metier_id, ""),
        "addressFormatted": vacancy.address.formatted if vacancy.address else "",
        "slug_mail": vacancy.slug_mail,
        "external_id": vacancy.external_id,
        "created_by": vacancy.created_by,
    }
    if "address" in fields:
        data["address"] = address_json(vacancy.address) if vacancy.address else None
    if "tags" in fields:
        data["tags"] = [
            tag_json(company, tag) for tag in company.tags if tag.hashid in vacancy.tag_ids
        ]
    if "items" in fields:
        data["items"] = [distribution_json(d) for d in vacancy.distributions]
    if "questions" in fields:
        data["questions"] = [question_json(q) for q in vacancy.questions]
    for extra in ("faqs", "benefits"):
        if extra in fields:
            data[extra] = []
    return data


def careers_item_json(company: Company, vacancy: Vacancy, distribution: Distribution) -> Json:
    embedded = vacancy_json(company, vacancy, {"address", "tags", "questions"})
    embedded["company"] = company_json(company)
    return {
        "id": distribution.hashid,
        "offer_id": distribution.offer_id,
        "external_id": distribution.external_id,
        "published": distribution.published,
        "status": "published",
        "publish_date": iso(distribution.created_at),
        "external_url": None,
        "created_at": iso(distribution.created_at),
        "vacancy_id": vacancy.numeric_id,
        "vacancy": embedded,
    }


def column_json(company: Company, column: Column) -> Json:
    return {
        "id": column.id,
        "title": column.title,
        "company_id": company.hashid,
        "position": column.position,
        "created_at": iso(column.created_at),
        "updated_at": iso(column.updated_at),
        "visible": column.visible,
        "hired": column.hired,
    }


def tag_json(company: Company, tag: Tag) -> Json:
    return {
        "id": tag.hashid,
        "tag_id": tag.numeric_id,
        "company_id": company.numeric_id,
        "title": tag.title,
        "values": tag.values,
        "multiple": tag.multiple,
        "visible": tag.visible,
        "creatable": tag.creatable,
        "folder": tag.folder,
        "type": tag.type,
        "position": tag.position,
        "tagCandidateRestriction": [],
    }


def member_json(company: Company, member: Member, with_user: bool) -> Json:
    data: Json = {
        "id": member.hashid,
        "role_id": member.role_id,
        "external_id": member.external_id,
        "company_id": company.numeric_id,
        "created_at": iso(member.created_at),
        "last_login": iso(member.last_login),
    }
    if with_user:
        user = member.user
        data["user"] = {
            "id": user.hashid,
            "user_id": user.numeric_id,
            "firstname": user.firstname,
            "lastname": user.lastname,
            "email": user.email,
            "phone": user.phone,
            "use_email": True,
            "status": 1,
            "language": user.language,
            "created_at": iso(user.created_at),
            "updated_at": iso(user.created_at),
            "token_vyte": None,
            "timezone": "Europe/Paris",
            "gmail_last_sync_id": None,
            "gmail_last_sync_date": None,
            "company": company.name,
        }
    return data
