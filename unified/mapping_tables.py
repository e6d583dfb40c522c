"""Lookup tables of the unified mapping (design §5.1, §5.7), with their text normaliser."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from unified.model import EPOCH

_SEPARATORS = re.compile(r"[\s\-_'\u2019/,]+")


def fold(text: str) -> str:
    """Accent- and case-insensitive form: "Intérim" -> "interim", "Pays-Bas" -> "pays bas"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.casefold().replace(".", "")).strip()


def best_timestamp(updated: datetime | None, created: datetime | None) -> datetime:
    """changedAt before the tracking store knows better: updated, else created, else epoch."""
    return updated or created or EPOCH


def midnight_utc(value: datetime) -> datetime:
    day = value.astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


CONTRACT_TYPES: dict[str, str] = {
    "cdi": "FULL_TIME",
    "cdd": "CONTRACT",
    "interim": "CONTRACT",
    "freelance": "CONTRACT",
    "independant": "CONTRACT",
    "stage": "INTERNSHIP",
    "alternance": "INTERNSHIP",
    "apprentissage": "INTERNSHIP",
    "saisonnier": "SEASONAL",
}

JOB_STATUSES: dict[int, str] = {1: "OPEN", 0: "CLOSED", 2: "DRAFT", 3: "ARCHIVED"}

EXPERIENCE_LEVELS: dict[int, str] = {
    1: "<1 year",
    2: "1-3 years",
    4: "3-5 years",
    6: "5-10 years",
    11: "10+ years",
}

REMOTE_STATUSES: dict[str, str] = {"fulltime": "REMOTE", "parttime": "HYBRID", "notime": "ON_SITE"}

SALARY_PERIODS: dict[str, str] = {"y": "YEAR", "m": "MONTH", "d": "DAY", "h": "HOUR"}

#: Careers distributions (`offer_id`): the public careers site and the intranet.
CAREERS_SITE_OFFER = 98
INTRANET_OFFER = 152

# alpha-2 -> French and English names (and common short forms), folded at import.
_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AD": ("Andorre", "Andorra"),
    "AL": ("Albanie", "Albania"),
    "AT": ("Autriche", "Austria"),
    "BA": ("Bosnie-Herzégovine", "Bosnie", "Bosnia and Herzegovina", "Bosnia"),
    "BE": ("Belgique", "Belgium"),
    "BG": ("Bulgarie", "Bulgaria"),
    "BY": ("Biélorussie", "Bélarus", "Belarus"),
    "CH": ("Suisse", "Switzerland"),
    "CY": ("Chypre", "Cyprus"),
    "CZ": ("Tchéquie", "République tchèque", "Czechia", "Czech Republic"),
    "DE": ("Allemagne", "Germany"),
    "DK": ("Danemark", "Denmark"),
    "EE": ("Estonie", "Estonia"),
    "ES": ("Espagne", "Spain"),
    "FI": ("Finlande", "Finland"),
    "FR": ("France",),
    "GB": (
        "Royaume-Uni",
        "Grande-Bretagne",
        "United Kingdom",
        "Great Britain",
        "UK",
        "Angleterre",
        "England",
        "Écosse",
        "Scotland",
        "Pays de Galles",
        "Wales",
        "Irlande du Nord",
        "Northern Ireland",
    ),
    "GR": ("Grèce", "Greece"),
    "HR": ("Croatie", "Croatia"),
    "HU": ("Hongrie", "Hungary"),
    "IE": ("Irlande", "Ireland"),
    "IS": ("Islande", "Iceland"),
    "IT": ("Italie", "Italy"),
    "LI": ("Liechtenstein",),
    "LT": ("Lituanie", "Lithuania"),
    "LU": ("Luxembourg",),
    "LV": ("Lettonie", "Latvia"),
    "MC": ("Monaco",),
    "MD": ("Moldavie", "Moldova", "République de Moldavie", "Republic of Moldova"),
    "ME": ("Monténégro", "Montenegro"),
    "MK": ("Macédoine du Nord", "Macédoine", "North Macedonia", "Macedonia"),
    "MT": ("Malte", "Malta"),
    "NL": ("Pays-Bas", "Hollande", "Netherlands", "The Netherlands", "Holland"),
    "NO": ("Norvège", "Norway"),
    "PL": ("Pologne", "Poland"),
    "PT": ("Portugal",),
    "RO": ("Roumanie", "Romania"),
    "RS": ("Serbie", "Serbia"),
    "RU": ("Russie", "Fédération de Russie", "Russia", "Russian Federation"),
    "SE": ("Suède", "Sweden"),
    "SI": ("Slovénie", "Slovenia"),
    "SK": ("Slovaquie", "Slovakia"),
    "SM": ("Saint-Marin", "San Marino"),
    "UA": ("Ukraine",),
    "VA": ("Vatican", "Saint-Siège", "Cité du Vatican", "Vatican City", "Holy See"),
    "CA": ("Canada",),
    "US": (
        "États-Unis",
        "États-Unis d'Amérique",
        "United States",
        "United States of America",
        "USA",
        "US",
    ),
    "MA": ("Maroc", "Morocco"),
    "TN": ("Tunisie", "Tunisia"),
    "DZ": ("Algérie", "Algeria"),
}

COUNTRY_CODES: dict[str, str] = {
    fold(name): code for code, names in _COUNTRY_NAMES.items() for name in names
}


def country_code(name: str | None) -> str | None:
    """ISO-3166 alpha-2 for a known French or English country name; anything else stays raw."""
    if name is None or not name.strip():
        return None
    return COUNTRY_CODES.get(fold(name), name)
