"""The exported schema is a committed artifact that honours the public contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from schema import build_schema
from tests.contract import breaking_changes, dangerous_changes

ROOT = Path(__file__).resolve().parents[1]
EXPORTED = ROOT / "schema" / "schema.graphql"
CONTRACT = ROOT / "contract" / "schema.graphql"
SHARED = ROOT.parent / "shared" / "schema.graphql"


def test_exported_schema_file_is_current() -> None:
    current = str(build_schema()) + "\n"
    assert EXPORTED.read_text(encoding="utf-8") == current, "run `make schema` and commit"


#: Additions the contract allows but a client may notice (docs/decisions.md lists them); a new
#: one fails here until it is recorded there and here.
KNOWN_DANGERS = [
    f"VALUE_ADDED_TO_ENUM: Enum value ErrorCode.{code} was added."
    for code in (
        "PLATFORM_UNAVAILABLE",
        "PLATFORM_TIMEOUT",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
    )
]


def test_exported_schema_contains_the_whole_contract() -> None:
    contract, exported = CONTRACT.read_text(), EXPORTED.read_text()
    assert breaking_changes(contract, exported) == []
    assert sorted(dangerous_changes(contract, exported)) == sorted(KNOWN_DANGERS)


def test_contract_check_notices_a_missing_field() -> None:
    exported = EXPORTED.read_text().replace("  salaryPeriod: SalaryPeriod\n", "", 1)
    assert breaking_changes(CONTRACT.read_text(), exported) == [
        "FIELD_REMOVED: Field Job.salaryPeriod was removed."
    ]


def test_contract_check_notices_an_incompatible_type() -> None:
    exported = EXPORTED.read_text().replace("  totalCount: Int!\n", "  totalCount: String!\n", 1)
    assert any("totalCount" in c for c in breaking_changes(CONTRACT.read_text(), exported))


def test_contract_check_allows_an_addition() -> None:
    exported = EXPORTED.read_text().replace(
        "  salaryPeriod: SalaryPeriod\n", "  salaryPeriod: SalaryPeriod\n  extra: Int\n", 1
    )
    assert breaking_changes(CONTRACT.read_text(), exported) == []


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared checkout beside the repo")
def test_repo_copy_of_the_contract_matches_shared() -> None:
    assert CONTRACT.read_text() == SHARED.read_text(), "copy ../shared/schema.graphql to contract/"
