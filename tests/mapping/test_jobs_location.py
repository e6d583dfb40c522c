"""Vacancy address -> Job.location (design §5.1, §5.7): country table and street."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mapping.factories import CAREERS, vacancy
from unified.mapping import country_code, map_job
from unified.model import LocationRecord


def location(address: Any) -> LocationRecord | None:
    return map_job(vacancy(address=address), careers_base_url=CAREERS, slug="acme").location


def test_location_maps_every_address_field() -> None:
    address = {
        "locality": "Lyon",
        "postal_code": 69002,
        "route": "Rue de la République",
        "street_number": "12",
        "administrative_area_level_1": "Auvergne-Rhône-Alpes",
        "administrative_area_level_2": "Rhône",
        "formatted_address": "12 Rue de la République, 69002 Lyon, France",
        "country": "France",
        "location_lat": "45.76",
    }
    assert location(address) == LocationRecord(
        city="Lyon",
        country="FR",
        raw="12 Rue de la République, 69002 Lyon, France",
        state="Auvergne-Rhône-Alpes",
        street1="12 Rue de la République",
        street2=None,
        zip_code="69002",
    )


def test_location_reads_misspelt_formated_address() -> None:
    loc = location({"formated_address": "Paris, France"})
    assert loc is not None and loc.raw == "Paris, France"


def test_location_from_plain_string_address_is_raw_only() -> None:
    assert location("Nantes") == LocationRecord(raw="Nantes")


@pytest.mark.parametrize("address", [None, {}, "", "  ", {"locality": "", "country": " "}])
def test_location_absent_or_empty_is_none(address: Any) -> None:
    assert location(address) is None


@pytest.mark.parametrize(
    ("number", "route", "expected"),
    [
        ("12", "Rue de la Paix", "12 Rue de la Paix"),
        (" 12 ", " Rue de la Paix ", "12 Rue de la Paix"),
        (12, "Rue de la Paix", "12 Rue de la Paix"),
        ("12bis", "Rue de la Paix", "12bis Rue de la Paix"),
        (None, "Rue de la Paix", "Rue de la Paix"),
        ("", "Rue de la Paix", "Rue de la Paix"),
        ("12", None, "12"),
        ("12", "", "12"),
        ("", "", None),
        (None, None, None),
        ("  ", "  ", None),
    ],
)
def test_street1_joins_number_and_route(number: Any, route: Any, expected: str | None) -> None:
    loc = location({"street_number": number, "route": route, "locality": "Paris"})
    assert loc is not None and loc.street1 == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("France", "FR"),
        ("france", "FR"),
        (" FRANCE ", "FR"),
        ("Allemagne", "DE"),
        ("Germany", "DE"),
        ("Belgique", "BE"),
        ("Belgium", "BE"),
        ("Suisse", "CH"),
        ("Switzerland", "CH"),
        ("Espagne", "ES"),
        ("Spain", "ES"),
        ("Italie", "IT"),
        ("Luxembourg", "LU"),
        ("Pays-Bas", "NL"),
        ("Pays Bas", "NL"),
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("Royaume-Uni", "GB"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("Irlande", "IE"),
        ("Pologne", "PL"),
        ("République tchèque", "CZ"),
        ("Republique Tcheque", "CZ"),
        ("Czechia", "CZ"),
        ("Grèce", "GR"),
        ("Greece", "GR"),
        ("Suède", "SE"),
        ("Norvège", "NO"),
        ("Danemark", "DK"),
        ("Finlande", "FI"),
        ("Autriche", "AT"),
        ("Portugal", "PT"),
        ("Roumanie", "RO"),
        ("Hongrie", "HU"),
        ("Croatie", "HR"),
        ("Monaco", "MC"),
        ("Ukraine", "UA"),
        ("Canada", "CA"),
        ("États-Unis", "US"),
        ("Etats-Unis", "US"),
        ("ÉTATS-UNIS D'AMÉRIQUE", "US"),
        ("United States", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("Maroc", "MA"),
        ("Morocco", "MA"),
        ("Tunisie", "TN"),
        ("Tunisia", "TN"),
        ("Algérie", "DZ"),
        ("Algerie", "DZ"),
        ("Algeria", "DZ"),
    ],
)
def test_country_known_names_map_to_alpha2(name: str, expected: str) -> None:
    assert country_code(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Brésil", "Brésil"),
        ("Japan", "Japan"),
        ("Sénégal", "Sénégal"),
        ("Francia", "Francia"),
        ("FR", "FR"),
        ("fr", "fr"),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_country_unknown_stays_raw(name: str | None, expected: str | None) -> None:
    assert country_code(name) == expected


def test_location_country_unknown_is_kept_raw() -> None:
    loc = location({"country": "Côte d'Ivoire", "locality": "Abidjan"})
    assert loc is not None and loc.country == "Côte d'Ivoire"
