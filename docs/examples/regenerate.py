"""Regenerate the committed example plans from their assessment documents.

    .venv/bin/python docs/examples/regenerate.py --write   # rewrite the *.plan.json / *.plan.txt
    .venv/bin/python docs/examples/regenerate.py           # exit 1 if any committed file drifted

`tests/clinical/test_examples.py` runs the check, so a change to the planner or the knowledge
base that alters an example fails until the examples are regenerated and reviewed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from myomap.clinical.plan_text import plan_render_text  # noqa: E402
from myomap.clinical.planning import plan_build  # noqa: E402

NAMES = (
    "desk_worker",
    "athlete_piriformis",
    "chronic_high_risk",
    "red_flag_referral",
    "pregnant_client",
    "anticoagulated_osteoporosis",
    "radicular",
    "labourer_acute_lifting",
    "runner_return_to_run",
    "high_risk_chronic_desk",
    "mild_latent_only",
)


def rendered(name: str) -> dict[Path, str]:
    """The files an example should have, keyed by path."""
    assessment = json.loads((HERE / f"{name}.assessment.json").read_text(encoding="utf-8"))
    plan = plan_build(assessment)
    return {
        HERE / f"{name}.plan.json": json.dumps(plan, indent=2, ensure_ascii=False) + "\n",
        HERE / f"{name}.plan.txt": plan_render_text(plan),
    }


def drifted() -> list[Path]:
    stale = []
    for name in NAMES:
        for path, text in rendered(name).items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
    return stale


def main(argv: list[str]) -> int:
    if "--write" in argv:
        for name in NAMES:
            for path, text in rendered(name).items():
                path.write_text(text, encoding="utf-8")
        return 0
    stale = drifted()
    for path in stale:
        print(f"out of date: {path.name}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
