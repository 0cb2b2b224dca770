"""Outcome CSV (identified and de-identified) and the command-line FHIR export and import."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from myomap.cli import app


@pytest.fixture
def measured(people, actor_of, episode):
    """An episode with ODI and NPRS at an initial assessment and a re-assessment."""
    from datetime import timedelta

    from tests.factories import make_assessment

    actor = actor_of(people.owner)
    for odi, nprs, days in (([3] * 10, 7, 40), ([1] * 10, 3, 10)):
        on = episode.onset_date + timedelta(days)
        make_assessment(actor, episode, assessed_on=on, measures={"odi": odi, "nprs": nprs})
    return episode


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_outcome_csv_has_baseline_latest_and_the_important_change(measured, people, api_as):
    response = api_as(people.owner).get("/exports/outcomes.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {r["instrument"]: r for r in _rows(response.content.decode())}
    assert rows["odi"]["baseline"] == "60.0" and rows["odi"]["latest"] == "20.0"
    assert rows["odi"]["important_absolute"] == "True"
    assert rows["nprs"]["improvement"] == "4.0" and rows["nprs"]["family_name"] == "Okafor"


def test_the_deidentified_csv_has_no_names_birth_dates_ids_or_true_dates(measured, people, api_as):
    text = api_as(people.owner).get("/exports/outcomes.csv", deidentified="true").content.decode()
    client = measured.client
    for secret in (client.given_name, client.family_name, str(client.pk), str(measured.pk),
                   client.date_of_birth.isoformat(), measured.onset_date.isoformat()):  # fmt: skip
        assert secret not in text
    rows = _rows(text)
    assert "date_of_birth" not in rows[0] and rows[0]["episode"].startswith("C0001-E")
    # Intervals survive the shift: baseline 40 days and latest 10 days after onset.
    from datetime import date

    onset, first = (
        date.fromisoformat(rows[0]["onset_date"]),
        date.fromisoformat(rows[0]["baseline_on"]),
    )
    assert (first - onset).days == 40


def test_the_front_desk_gets_no_outcome_csv(people, api_as):
    assert api_as(people.front_desk).get("/exports/outcomes.csv").status_code == 403


def test_the_cli_exports_every_client_and_imports_into_another_clinic(people, world, tmp_path):
    from myomap.records.models import Client

    out = tmp_path / "clinic.json"
    runner = CliRunner()
    result = runner.invoke(
        app, ["export", "fhir", "--as", people.owner.username, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    result = runner.invoke(app, ["import", "fhir", str(out), "--as", people.outsider.username])
    assert result.exit_code == 0, result.output
    assert Client.objects.filter(clinic=people.other_clinic).count() == 1
    refused = runner.invoke(app, ["export", "fhir", "--as", people.front_desk.username,
                                  "--output", str(out)])  # fmt: skip
    assert refused.exit_code == 2 and "front-desk" in refused.output
