"""A real plan (the desk-worker example) and a progress review that walks it to discharge."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from myomap.clinical.planning import plan_build
from myomap.clinical.progress import progress_evaluate

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
# Sessions that meet each stage's exit criteria in turn (desk-worker plan).
SESSIONS_TO_DISCHARGE = [
    {"number": 1, "nprs_before": 6, "muscles_in_spasm": [], "confirmed_trigger_points": []},
    {"number": 2, "nprs_before": 5, "muscles_shortened": []},
    {
        "number": 3,
        "nprs_before": 4,
        "pelvis_level": True,
        "criteria_met": ["movement_control_restored"],
    },
    {"number": 4, "nprs_before": 3, "muscles_weak": []},
    {"number": 5, "nprs_before": 2, "criteria_met": ["return_to_activity"]},
]


@pytest.fixture(scope="session")
def desk_plan() -> dict:
    document = json.loads((EXAMPLES / "desk_worker.assessment.json").read_text())
    return plan_build(document)


@pytest.fixture(scope="session")
def desk_progress(desk_plan) -> dict:
    return progress_evaluate({"plan": desk_plan, "sessions": SESSIONS_TO_DISCHARGE})


@pytest.fixture
def programme_args(desk_plan) -> dict:
    return {
        "plan_output": desk_plan,
        "stage_id": None,
        "prescribed": None,
        "clinic_name": "Harbourside Physiotherapy",
        "client_name": "Alex Morgan",
        "therapist_name": "Olivia Hart",
        "issued_on": date(2026, 11, 21),
    }


def measure(name: str, first: float, last: float | None) -> dict:
    reading = {"value": last, "on": date(2027, 1, 9), "label": ""} if last is not None else None
    return {
        "measure": name,
        "first": {"value": first, "on": date(2026, 11, 21), "label": ""},
        "last": reading,
    }


@pytest.fixture
def discharge_args(desk_plan, desk_progress) -> dict:
    return {
        "clinic_name": "Harbourside Physiotherapy",
        "therapist_name": "Olivia Hart",
        "client": {"name": "Alex Morgan", "date_of_birth": date(1984, 3, 2), "age": 42},
        "episode": {
            "onset_date": date(2026, 9, 1),
            "complaint": "right-sided low back pain",
            "status": "discharged",
        },
        "measures": [measure("nprs", 7, 3), measure("odi", 38, 30), measure("psfs", 4, None)],
        "progress": desk_progress,
        "stage_labels": {},
        "sessions_count": 5,
        "first_session_on": date(2026, 11, 25),
        "last_session_on": date(2027, 1, 9),
        "plan_output": desk_plan,
        "written_on": date(2027, 1, 10),
    }
