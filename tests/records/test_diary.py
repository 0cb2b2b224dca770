"""The client's diary: entries refused whole on bad input, the pain-rise alert at its
boundaries, reminder cadence, and the clinician's scoped, audited reads."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from myomap.accounts.models import AuditEvent
from myomap.errors import Forbidden, NotFound, ValidationFailed
from myomap.records.diary.selectors import diary_for_episode
from myomap.records.diary.services import (
    diary_alert_review,
    diary_entry_create,
    diary_settings_set,
)
from myomap.records.models import DiaryAlert, DiaryEntry, DiarySettings, Episode
from tests.factories import (
    EXERCISE,
    OTHER_CLIENT,
    make_client,
    make_session,
)
from tests.factories import diary_entry as entry
from tests.factories import diary_entry_for as entry_for


@pytest.fixture
def as_client(treated, client_actor_of):
    return client_actor_of(treated)


def write(as_client, episode, **kwargs):
    return diary_entry_create(actor=as_client, episode=episode, data=entry(**kwargs))


def test_an_entry_keeps_what_the_client_sent_and_is_audited_as_theirs(as_client, treated):
    saved = write(as_client, treated, days_ago=1, nprs=5, comment="Stiff in the morning.")
    assert (saved.nprs, saved.exercises_listed, saved.exercises_done) == (5, 1, 1)
    assert saved.exercises[0] == {
        "exercise": EXERCISE,
        "name": saved.exercises[0]["name"],
        "done": True,
        "effort": 5,
        "pain": 3,
    }
    assert saved.comment == "Stiff in the morning."
    event = AuditEvent.objects.get(object_type="diary_entry", action="create")
    assert event.username == f"client:{treated.client_id}" and event.user is None
    assert event.clinic_id == treated.clinic_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nprs": "11"}, "nprs"),
        ({"nprs": "1_0"}, "nprs"),
        ({"nprs": ""}, "nprs"),
        ({"nprs": "4.5"}, "nprs"),
        ({"entry_date": "tomorrow"}, "entry_date"),
        ({"entry_date": (date.today() + timedelta(days=1)).isoformat()}, "entry_date"),
        ({"entry_date": (date.today() - timedelta(days=8)).isoformat()}, "entry_date"),
        ({f"ex-{EXERCISE}-done": "maybe"}, f"ex-{EXERCISE}-done"),
        ({f"ex-{EXERCISE}-done": ""}, f"ex-{EXERCISE}-done"),
        ({f"ex-{EXERCISE}-effort": "12"}, f"ex-{EXERCISE}-effort"),
        ({f"ex-{EXERCISE}-pain": "-1"}, f"ex-{EXERCISE}-pain"),
        ({"comment": "x" * 1001}, "comment"),
        ({"comment": "bad\x00"}, "comment"),
        ({"ex-bird_dog-done": "yes"}, "exercises"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    as_client, treated, changes, field
):
    with pytest.raises(ValidationFailed) as refused:
        diary_entry_create(actor=as_client, episode=treated, data={**entry(), **changes})
    assert field in refused.value.errors
    assert not DiaryEntry.objects.exists() and not DiarySettings.objects.exists()


def test_how_hard_and_how_painful_only_for_an_exercise_done(as_client, treated):
    data = entry(done="no", **{f"ex-{EXERCISE}-effort": "4"})
    with pytest.raises(ValidationFailed) as refused:
        diary_entry_create(actor=as_client, episode=treated, data=data)
    assert f"ex-{EXERCISE}-effort" in refused.value.errors
    saved = diary_entry_create(actor=as_client, episode=treated, data=entry(done="no"))
    assert saved.exercises_done == 0 and saved.exercises[0]["effort"] is None


def test_one_entry_a_day(as_client, treated):
    write(as_client, treated, days_ago=0)
    with pytest.raises(ValidationFailed) as refused:
        write(as_client, treated, days_ago=0, nprs=2)
    assert "entry_date" in refused.value.errors
    assert DiaryEntry.objects.count() == 1


# --- the pain-rise rule -------------------------------------------------------------------


def alerts():
    return list(DiaryAlert.objects.filter(reviewed_at__isnull=True))


@pytest.mark.parametrize(
    ("pains", "raised"),
    [
        ((6, 6), True),  # +2 and +2 against session 1's 4: inclusive
        ((5, 6), False),  # +1 is below the minimal important change
        ((6, 5, 6), False),  # the raised entries are not consecutive
        ((3, 7, 8), True),
    ],
)
def test_two_consecutive_entries_two_above_the_session_raise_one_alert(
    as_client, treated, pains, raised
):
    for days_ago, nprs in zip(range(len(pains), 0, -1), pains, strict=True):
        write(as_client, treated, days_ago=days_ago - 1, nprs=nprs)
    found = alerts()
    assert bool(found) is raised
    if raised:
        (alert,) = found
        assert alert.reference_nprs == 4 and alert.threshold == 2
        assert alert.reference_label == "session 1's pain on arrival"


def test_a_backdated_entry_completes_a_run_with_its_neighbour(as_client, treated):
    write(as_client, treated, days_ago=0, nprs=7)
    assert not alerts()
    write(as_client, treated, days_ago=2, nprs=6)
    assert len(alerts()) == 1


def test_a_visit_between_two_high_entries_starts_a_new_reference(owner, as_client, treated):
    write(as_client, treated, days_ago=2, nprs=6)
    make_session(
        owner, treated, sign=False, days_ago=1, nprs_before=6
    )  # session 2: pain 6 on arrival
    write(as_client, treated, days_ago=0, nprs=7)  # +1 against session 2
    assert not alerts()


def test_before_any_session_the_assessment_baseline_is_the_reference(
    people, actor_of, planned_episode, client_actor_of
):
    as_client = client_actor_of(planned_episode)  # the demo assessment's NPRS is 6
    for days_ago in (1, 0):
        diary_entry_create(
            actor=as_client, episode=planned_episode, data=entry_for(planned_episode, days_ago, 8)
        )
    (alert,) = alerts()
    assert alert.reference_label == "the assessment's baseline" and alert.reference_nprs == 6


def test_one_open_alert_at_a_time_and_a_new_one_after_review(owner, as_client, treated):
    for days_ago in (3, 2, 1):
        write(as_client, treated, days_ago=days_ago, nprs=7)
    (alert,) = alerts()
    diary_alert_review(actor=owner, episode_id=treated.pk, alert_id=str(alert.pk), note="Called.")
    assert not alerts()
    reviewed = DiaryAlert.objects.get(pk=alert.pk)
    assert reviewed.reviewed_by == owner.user and reviewed.review_note == "Called."
    write(as_client, treated, days_ago=0, nprs=7)  # pairs with yesterday's: a new run
    assert len(alerts()) == 1
    with pytest.raises(ValidationFailed):
        diary_alert_review(actor=owner, episode_id=treated.pk, alert_id=str(alert.pk), note="")


def test_reviewing_needs_a_real_alert_of_this_clinic(people, actor_of, owner, as_client, treated):
    write(as_client, treated, days_ago=1, nprs=7)
    write(as_client, treated, days_ago=0, nprs=7)
    (alert,) = alerts()
    with pytest.raises(ValidationFailed) as malformed:  # not an id: refused naming the field
        diary_alert_review(actor=owner, episode_id=treated.pk, alert_id="not-an-id", note="")
    assert "alert" in malformed.value.errors
    with pytest.raises(NotFound):  # an id, but no alert of this episode
        diary_alert_review(actor=owner, episode_id=treated.pk, alert_id=str(uuid.uuid4()), note="")
    with pytest.raises(NotFound):
        diary_alert_review(
            actor=actor_of(people.outsider), episode_id=treated.pk, alert_id=str(alert.pk), note=""
        )
    with pytest.raises(ValidationFailed) as refused:
        diary_alert_review(actor=owner, episode_id=treated.pk, alert_id=str(alert.pk), note="\x00")
    assert "note" in refused.value.errors
    assert alerts()


# --- reminders and the clinician's read ---------------------------------------------------


def test_the_cadence_is_weekly_from_the_first_entry_and_set_by_the_clinician(
    owner, as_client, treated
):
    write(as_client, treated, days_ago=0)
    row = DiarySettings.objects.get(episode=treated)
    assert row.reminder_days == 7 and row.next_reminder_on == date.today() + timedelta(days=7)
    diary_settings_set(actor=owner, episode_id=treated.pk, reminder_days="14")
    row.refresh_from_db()
    assert row.reminder_days == 14 and row.set_by == owner.user
    diary_settings_set(actor=owner, episode_id=treated.pk, reminder_days="0")
    row.refresh_from_db()
    assert row.reminder_days == 0 and row.next_reminder_on is None
    for bad in ("5", "weekly", "", "-7"):
        with pytest.raises(ValidationFailed) as refused:
            diary_settings_set(actor=owner, episode_id=treated.pk, reminder_days=bad)
        assert "reminder_days" in refused.value.errors


def test_the_clinicians_read_is_scoped_clinical_only_and_audited(
    people, actor_of, owner, as_client, treated
):
    write(as_client, treated, days_ago=1, nprs=5)
    write(as_client, treated, days_ago=0, nprs=6, done="no")
    overview = diary_for_episode(actor=owner, episode=treated)
    assert [r.entry.nprs for r in overview.rows] == [5, 6]
    assert [r.raised for r in overview.rows] == [False, True]
    assert sum(w.done for w in overview.weeks) == 1
    assert sum(w.prescribed for w in overview.weeks) == 2
    assert AuditEvent.objects.filter(object_type="diary_entry", action="list").exists()
    with pytest.raises(Forbidden):
        diary_for_episode(actor=actor_of(people.front_desk), episode=treated)
    with pytest.raises(NotFound):
        diary_settings_set(
            actor=actor_of(people.outsider), episode_id=treated.pk, reminder_days="7"
        )


def test_the_diary_is_in_the_clients_export_and_goes_with_an_erasure(owner, as_client, treated):
    import io
    import json
    import zipfile

    from myomap.records.client_data import (
        client_erase,
        client_export_for_user,
        clinic_retention_set,
    )

    for days_ago in (1, 0):
        write(as_client, treated, days_ago=days_ago, nprs=7)
    export = client_export_for_user(
        actor=owner, client_id=treated.client_id, letters=lambda **_: {}
    )
    record = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("record.json"))
    (episode,) = record["episodes"]
    assert [e["nprs"] for e in episode["diary_entries"]] == [7, 7]
    assert len(episode["diary_alerts"]) == 1
    clinic_retention_set(actor=owner, years=1)
    later = date.today() + timedelta(days=3 * 366)
    result = client_erase(actor=owner, client_id=treated.client_id, confirm="Okafor", today=later)
    assert result.erased
    assert not DiaryEntry.objects.exists() and not DiaryAlert.objects.exists()
    assert not DiarySettings.objects.exists()


def test_only_the_episodes_own_client_may_write_its_diary(
    people, owner, client_actor_of, treated, client_record
):
    other = make_client(owner, **OTHER_CLIENT)
    stranger = client_actor_of(Episode(client=other, clinic=people.clinic))
    for actor in (stranger, owner):
        with pytest.raises(NotFound):
            diary_entry_create(actor=actor, episode=treated, data=entry())
    assert not DiaryEntry.objects.exists()
