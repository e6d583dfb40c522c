"""The exported schema is a committed artifact that honours the public contract."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from gateway.core.settings import Settings
from schema import build_schema
from tests.contract import ContractDanger, breaking_changes, dangerous_changes

ROOT = Path(__file__).resolve().parents[1]
EXPORTED = ROOT / "schema" / "schema.graphql"
CONTRACT = ROOT / "contract" / "schema.graphql"
SHARED = ROOT.parent / "shared" / "schema.graphql"


def test_exported_schema_file_is_current() -> None:
    current = str(build_schema(Settings())) + "\n"
    assert EXPORTED.read_text(encoding="utf-8") == current, "run `make schema` and commit"


# The ini turns warnings into errors; dangerous changes are to be seen, not to fail the run.
@pytest.mark.filterwarnings("always::tests.contract.ContractDanger")
def test_exported_schema_contains_the_whole_contract() -> None:
    contract, exported = CONTRACT.read_text(), EXPORTED.read_text()
    assert breaking_changes(contract, exported) == []
    if dangers := dangerous_changes(contract, exported):
        warnings.warn("\n".join(["allowed by the contract:", *dangers]), ContractDanger, 1)


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
