"""The licensed questionnaires in the portal: offered only with the clinic's wording file (here
the placeholder sample), answered into the client-reported draft, and copied into the
assessment when the clinician accepts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portal.test_previsit import fill_and_send

SAMPLE = Path(__file__).parents[1] / "clinical" / "data" / "instrument_wording_sample.yaml"
LICENSED = ("odi", "rmdq", "start_back", "fabq")

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_portal(issue_link, portal_in, episode):
    link, token = issue_link()
    return portal_in(token), link


def test_without_the_wording_file_they_are_not_offered(settings, in_portal):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = None
    c, _ = in_portal
    page = c.get("/p/before/").content.decode()
    assert "questionnaires are not available here yet" in page
    for instrument in LICENSED:
        assert f"/p/before/{instrument}/" not in page
        assert c.get(f"/p/before/{instrument}/").status_code == 404
        assert c.post(f"/p/before/{instrument}/", {"odi_0": "1"}).status_code == 404


def test_odi_answered_in_the_portal_reaches_the_assessment(
    settings, client, people, actor_of, in_portal, episode
):
    from myomap.records.assessments.services import assessment_create

    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(SAMPLE)
    c, link = in_portal
    overview = c.get("/p/before/").content.decode()
    assert "not available here yet" not in overview
    for instrument in LICENSED:
        assert f"/p/before/{instrument}/" in overview
    page = c.get("/p/before/odi/").content.decode()
    assert "Sample text, odi section 1 heading" in page
    assert "myomap/myomap.css" in page
    # A half-answered form is refused, named, and keeps what was ticked.
    refused = c.post("/p/before/odi/", {"odi_0": "2", "odi_1": "9"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'name="odi_0" value="2" checked' in body
    assert '<a href="#q-odi_1">Question 2: choose one of the answers shown.</a>' in body
    link.refresh_from_db()
    assert not link.previsit.measures
    answers = {f"odi_{i}": "2" for i in range(10)}
    assert c.post("/p/before/odi/", {**answers, "save_and_leave": "1"}).status_code == 302
    link.previsit.refresh_from_db()
    assert link.previsit.measures == {"odi": [2] * 10}
    assert "✓ Done" in c.get("/p/before/").content.decode()
    fill_and_send(c)

    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    client.force_login(people.owner)
    panel = client.get(f"/assessments/{assessment.pk}/", follow=True).content.decode()
    assert "Oswestry" in panel and "score 40.0" in panel
    assessment.refresh_from_db()
    assert "odi" not in assessment.measures_input  # not until accepted
    response = client.post(
        f"/assessments/{assessment.pk}/client-reported/{link.previsit.pk}/accept/",
        {"parts": ["odi"]},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.measures_input["odi"] == [2] * 10
    assert assessment.scores["odi"]["score"] == 40.0
