"""The committed example plans in docs/examples/ must match what the engine builds today."""

import importlib.util

from tests.clinical.plan_cases import EXAMPLES


def _regenerate_module():
    spec = importlib.util.spec_from_file_location("regenerate", EXAMPLES / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_example_plans_have_not_drifted():
    stale = _regenerate_module().drifted()
    assert not stale, (
        "regenerate with `.venv/bin/python docs/examples/regenerate.py --write` and review: "
        + ", ".join(p.name for p in stale)
    )


def test_the_required_examples_exist_with_their_documents():
    names = set(_regenerate_module().NAMES)
    assert names >= {"desk_worker", "athlete_piriformis", "chronic_high_risk", "red_flag_referral"}
    # The safety examples: pregnancy, anticoagulation with osteoporosis, a radicular picture.
    assert names >= {"pregnant_client", "anticoagulated_osteoporosis", "radicular"}
    # The plan-quality examples: acute lifting strain, runner, high-risk chronic, latent only.
    assert names >= {
        "labourer_acute_lifting",
        "runner_return_to_run",
        "high_risk_chronic_desk",
        "mild_latent_only",
    }
    assert all((EXAMPLES / f"{name}.assessment.json").is_file() for name in names)
