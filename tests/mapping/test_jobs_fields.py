"""Vacancy -> Job (design §5.1): customFields, integrationFields, remoteData."""

from __future__ import annotations

from tests.mapping.factories import VACANCY_ID, job, vacancy
from unified.mapping import with_details
from unified.model import IntegrationFieldRecord

FULL = {
    "reference": "REF-42",
    "contract_type": {"id": 1, "text": "CDI"},
    "education_level": "Bac +5",
    "activity": "Internet",
    "channel": "Commerce / Vente",
    "metier": {"id": 49, "text": "Commercial conseil"},
    "language": "fr_FR",
    "tags": [{"id": "T1", "title": "Service IT"}, {"id": "T2", "title": "Urgent"}, "junk"],
}


def test_custom_fields_hold_raw_values_and_tag_titles() -> None:
    assert job(**FULL).custom_fields == {
        "reference": "REF-42",
        "contractType": "CDI",
        "educationLevel": "Bac +5",
        "activity": "Internet",
        "channel": "Commerce / Vente",
        "metier": "Commercial conseil",
        "language": "fr_FR",
        "vacancyNumber": 91234,
        "slug": "vq5r6pyxam9ammvp-data-analyst-h-f",
        "tags": ["Service IT", "Urgent"],
    }


def test_custom_fields_keep_every_key_when_values_missing() -> None:
    fields = job(vacancy_id=None, slug=None).custom_fields
    assert fields["reference"] is None and fields["vacancyNumber"] is None
    assert fields["tags"] == []
    assert len(fields) == 10


def test_integration_fields_list_the_same_raw_values_as_default() -> None:
    record = job(**FULL)
    by_name = {f.field_key: f for f in record.integration_fields}
    assert [f.field_key for f in record.integration_fields] == [
        "reference",
        "contract_type",
        "education_level",
        "activity",
        "channel",
        "metier",
        "language",
        "vacancy_id",
        "slug",
        "tags",
    ]
    assert by_name["contract_type"] == IntegrationFieldRecord(
        key=f"{VACANCY_ID}:contract_type",
        field_key="contract_type",
        type="DEFAULT",
        value="CDI",
        label="Contract type",
    )
    assert by_name["vacancy_id"].value == 91234
    assert by_name["tags"].value == ["Service IT", "Urgent"]
    assert {f.type for f in record.integration_fields} == {"DEFAULT"}


def test_remote_data_holds_vacancy_and_no_details() -> None:
    record = job(reference="REF-42", token="secret-token")
    assert record.remote_data["details"] is None
    assert record.remote_data["vacancy"]["reference"] == "REF-42"
    assert "token" not in record.remote_data["vacancy"]


def test_with_details_attaches_v2_raw_without_touching_the_rest() -> None:
    record = job()
    details = vacancy(questions=[{"id": "Q1", "type": "text"}])
    enriched = with_details(record, details)
    assert enriched.remote_data["details"]["questions"] == [{"id": "Q1", "type": "text"}]
    assert enriched.remote_data["vacancy"] == record.remote_data["vacancy"]
    assert record.remote_data["details"] is None
    assert enriched.name == record.name
