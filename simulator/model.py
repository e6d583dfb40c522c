"""The simulator's in-memory world: plain dataclasses holding Flatchr's objects.

These are storage records, not wire shapes (`render.py` turns them into Flatchr JSON). Objects
refer to each other by hashid or numeric id, never by Python reference, so that a whole world
compares with `==` (the determinism test relies on it). Dicts keep insertion order, which is the
creation order Flatchr's collections come back in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.ids import HashIds, Kind


@dataclass(slots=True)
class Address:
    street_number: str
    route: str
    locality: str
    postal_code: str
    administrative_area_level_1: str  # the region, as Flatchr's examples hold it
    administrative_area_level_2: str  # the departement
    country: str
    lat: str
    lng: str

    @property
    def formatted(self) -> str:
        return (
            f"{self.street_number} {self.route}, {self.postal_code} {self.locality}, {self.country}"
        )


@dataclass(slots=True)
class Question:
    numeric_id: int
    hashid: str
    text: str
    type: str
    required: bool
    options: str  # `;`-separated
    position: int
    size: int
    default_value: str
    parent_question: str | None = None  # hashid of the parent question
    parent_answer_expected: Any = None


@dataclass(slots=True)
class Distribution:
    """A publication of a vacancy on a channel: `offer_id` 98 careers site, 152 intranet."""

    numeric_id: int
    hashid: str
    offer_id: int
    published: bool
    created_at: datetime
    external_id: str | None = None


@dataclass(slots=True)
class Vacancy:
    numeric_id: int
    hashid: str
    slug: str
    title: str
    reference: str
    mission: str
    profile: str
    experience: int
    salary: str | int
    salary_max: str | None
    status: int
    language: str
    contract_type_id: int
    education_level_id: int
    activity_id: int
    channel_id: int
    metier_id: int
    mensuality: str
    currency: str
    created_at: datetime
    updated_at: datetime
    start_date: datetime | None
    end_date: datetime | None
    remote: bool | str
    partial: bool
    driver_license: bool
    handicap: bool
    address: Address | None
    slug_mail: str
    created_by: str | None  # user hashid
    apply_url: str | None = None
    external_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)  # hashids of `vacancies` tags
    questions: list[Question] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)


@dataclass(slots=True)
class Column:
    id: int
    title: str
    position: int
    visible: bool
    hired: bool
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class Tag:
    numeric_id: int
    hashid: str
    title: str
    values: str  # `a;b;c` or ""
    type: str  # candidates | vacancies
    multiple: bool
    visible: bool
    creatable: bool
    folder: bool
    position: int | None


@dataclass(slots=True)
class Trait:
    numeric_id: int
    hashid: str
    tag: str  # tag hashid
    value: str


@dataclass(slots=True)
class CvFile:
    key: str  # S3 key without extension
    extension: str
    file_name: str
    content_type: str
    created_at: datetime
    data: bytes | None = None  # None: generated on demand from the key
    url: str | None = None  # the link a C4 `type: link` resume gave


@dataclass(slots=True)
class Candidate:
    """The person (name, contact, CV); one candidate can have several applicants."""

    numeric_id: int
    hashid: str
    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime
    consent: bool | list[dict[str, Any]]
    cv_key: str | None = None
    #: How `cv` is spelled: "https://" (most), "" (no scheme, §5.11; `aws.signature` then has
    #: none either) or "http://" (§5.11; the signature stays https).
    cv_scheme: str = "https://"
    urls: dict[str, str] = field(default_factory=dict)  # {facebook, linkedin, twitter, other}


@dataclass(slots=True)
class Applicant:
    """One application of one candidate to one vacancy (a C1 row)."""

    numeric_id: int
    hashid: str
    vacancy: str  # vacancy hashid
    candidate: str  # candidate hashid
    column_id: int
    status: int  # 1 active, 0 archived
    score: int
    created_at: datetime
    updated_at: datetime
    source: str  # the label C1 shows
    apply_hashid: str
    offerer: str | None  # offerer hashid (applies[].offerer_id)
    comment: str = ""
    external_id: str | None = None
    view: bool = False
    imported: bool = False
    answers: list[dict[str, Any]] = field(default_factory=list)
    # what C4 was given, as given (the label and origin above are derived from them)
    offerer_id: int | None = None
    source_id: str | None = None
    source_name: str | None = None


@dataclass(slots=True)
class User:
    numeric_id: int
    hashid: str
    firstname: str
    lastname: str
    email: str
    phone: str
    language: str
    created_at: datetime
    password: str


@dataclass(slots=True)
class Member:
    numeric_id: int
    hashid: str
    role_id: int
    created_at: datetime
    last_login: datetime
    user: User
    external_id: str | None = None


@dataclass(slots=True)
class Source:
    """An application origin: an official job board (`offerer`, int id on C4) or a custom
    source of the company (`source_id` on C4)."""

    numeric_id: int
    hashid: str
    label: str


@dataclass(slots=True)
class Company:
    numeric_id: int
    hashid: str
    slug: str
    name: str
    api_key: str  # valid: its `exp` is after the world's `now`
    expired_api_key: str  # same shape, `exp` before the world's `now` (401 "Token expired")
    created_at: datetime
    address: Address
    activity_id: int
    email: str
    phone: str
    columns: list[Column] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    vacancies: dict[str, Vacancy] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    applicants: dict[str, Applicant] = field(default_factory=dict)
    traits: dict[str, list[Trait]] = field(default_factory=dict)  # by applicant hashid
    members: list[Member] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # custom sources
    files: dict[str, CvFile] = field(default_factory=dict)  # by key

    def column(self, column_id: int) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def first_column(self) -> Column:
        return min(self.columns, key=lambda c: (c.position, c.id))

    def tag(self, hashid: str) -> Tag | None:
        return next((t for t in self.tags if t.hashid == hashid), None)


@dataclass
class World:
    seed: int
    now: datetime  # the generation anchor: seeded dates are before it
    companies: list[Company]
    offerers: dict[int, Source]  # official job boards by their C4 `offerer_id`
    salt: str
    counters: dict[Kind, int]
    hashids: HashIds = field(compare=False, repr=False, init=False)

    def __post_init__(self) -> None:
        self.hashids = HashIds(self.salt)

    def new_id(self, kind: Kind) -> tuple[int, str]:
        """Allocate the next numeric id of a family, with its hashid (ids are global, like
        database sequences)."""
        number = self.counters[kind]
        self.counters[kind] = number + 1
        return number, self.hashids.encode(kind, number)

    def company_by_hashid(self, hashid: str) -> Company | None:
        return next((c for c in self.companies if c.hashid == hashid), None)

    def company_by_slug(self, slug: str) -> Company | None:
        return next((c for c in self.companies if c.slug == slug), None)

    def company_by_key(self, key: str) -> Company | None:
        """The company that issued `key` (its current key or its expired one)."""
        return next((c for c in self.companies if key in (c.api_key, c.expired_api_key)), None)

    def find_vacancy(self, hashid: str) -> tuple[Company, Vacancy] | None:
        for company in self.companies:
            vacancy = company.vacancies.get(hashid)
            if vacancy is not None:
                return company, vacancy
        return None

    def find_vacancy_by_slug(self, slug: str) -> tuple[Company, Vacancy] | None:
        for company in self.companies:
            for vacancy in company.vacancies.values():
                if vacancy.slug == slug:
                    return company, vacancy
        return None


def iso(moment: datetime) -> str:
    """Flatchr's ISO-8601 form: milliseconds and a `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
