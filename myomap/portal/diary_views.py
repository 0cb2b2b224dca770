"""Portal pages between visits: the client's home programme (the handout's cards) and the diary
form. Thin over `myomap.records.diary`: the link's verified client and episode come from
`portal_purpose_view`, each page reads through one portal selector (audited as the client), and
the form posts to `diary_entry_create`. Works without JavaScript; a refused form comes back as
sent, with each error on its field."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from myomap.errors import ValidationFailed
from myomap.handouts.programme import home_programme_build
from myomap.handouts.selectors import person_name
from myomap.portal.access import PortalAccess
from myomap.portal.edge import portal_once_per_token, portal_purpose_view
from myomap.records.diary.programme import ClientProgramme
from myomap.records.diary.selectors import (
    portal_diary_recent,
    portal_episode,
    portal_programme_get,
)
from myomap.records.diary.services import BACKDATE_DAYS, diary_entry_create, exercise_field
from myomap.records.models.diary import COMMENT_MAX
from myomap.today import clinic_today

BETWEEN_VISITS = "between_visits"
SCALE = list(range(11))


def _rows(cards: list[dict], posted: dict[str, str], errors: dict[str, list[str]]) -> list[dict]:
    """One diary row per programme card: its field names, what was posted, its errors."""
    rows = []
    for card in cards:
        names = {part: exercise_field(card["id"], part) for part in ("done", "effort", "pain")}
        rows.append(
            {
                "card": card,
                "names": names,
                "done": posted.get(names["done"], ""),
                "effort": posted.get(names["effort"], ""),
                "pain": posted.get(names["pain"], ""),
                "errors": {part: errors.get(name, []) for part, name in names.items()},
            }
        )
    return rows


def _handout(programme: ClientProgramme | None) -> dict | None:
    """The printed handout's view model (cards with dose, steps, "stop if") for the portal."""
    if programme is None or not programme.has_programme:
        return None
    episode = programme.episode
    return home_programme_build(
        plan_output=programme.plan_output or {},
        stage_id=programme.stage_id,
        prescribed=programme.prescribed,
        clinic_name=episode.clinic.name,
        client_name=episode.client.full_name,
        therapist_name=person_name(programme.therapist),
        issued_on=clinic_today(),
    )


def _cards(handout: dict | None) -> list[dict]:
    return list((handout or {}).get("exercises", {}).get("items", []))


def _diary_page(
    request: HttpRequest,
    access: PortalAccess,
    *,
    posted: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = portal_programme_get(access)
    handout = _handout(programme)
    today = clinic_today()
    episode = programme.episode if programme else None
    context = {
        "client": access.client,
        "programme": programme,
        "handout": handout,
        "rows": _rows(_cards(handout), posted or {}, errors or {}),
        "recent": portal_diary_recent(access, episode) if episode else [],
        "posted": posted or {"entry_date": today.isoformat()},
        "errors": errors or {},
        "today": today,
        "scale": SCALE,
        "backdate_days": BACKDATE_DAYS,
        "comment_max": COMMENT_MAX,
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "portal/diary/diary.html", context, status=status)


@portal_purpose_view(BETWEEN_VISITS)
@portal_once_per_token
def portal_diary(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    if request.method != "POST":
        return _diary_page(request, access)
    episode = portal_episode(access)
    posted = {k: str(request.POST.get(k, "")) for k in request.POST if k != "csrfmiddlewaretoken"}
    if episode is None:
        return _diary_page(request, access, status=404)
    repeated = {
        k: ["This question was answered more than once; choose one answer."]
        for k in request.POST
        if len(request.POST.getlist(k)) > 1
    }
    if repeated:
        return _diary_page(request, access, posted=posted, errors=repeated, status=400)
    try:
        diary_entry_create(actor=access.actor, episode=episode, data=posted)
    except ValidationFailed as exc:
        return _diary_page(request, access, posted=posted, errors=exc.errors, status=400)
    return redirect(reverse("portal_diary") + "?saved=1#diary-saved")


@portal_purpose_view(BETWEEN_VISITS)
def portal_programme(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    programme = portal_programme_get(access)
    return render(
        request,
        "portal/diary/programme.html",
        {"client": access.client, "programme": programme, "handout": _handout(programme)},
    )
