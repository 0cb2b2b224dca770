"""The demo clinic `make run` creates: an assessed episode with its pain map and plan, a red-flag
referral, made through the real services."""

from __future__ import annotations

from myomap.records.models import Assessment, Episode, EpisodeStatus, Plan


def test_the_demo_assessed_episode_has_a_pain_map_and_a_plan(demo_clinic):
    plan = Plan.objects.get(episode__client__family_name="Okafor")
    assert plan.assessment.pain_entries.count() == 3
    assert plan.output["status"] == "ok" and plan.kb_version


def test_demo_clinic_has_an_assessed_episode_and_a_red_flag_referral(demo_clinic):
    clinic = demo_clinic
    assessed = Assessment.objects.get(clinic=clinic, episode__client__family_name="Okafor")
    assert assessed.scores["odi"]["scored"] and assessed.muscle_findings.count() == 1
    assert assessed.leg_length_result["kind"] == "functional"
    referred = Episode.objects.get(clinic=clinic, client__family_name="Liu")
    assert referred.status == EpisodeStatus.REFERRED
