"""axe-core on every page of the app at desktop, tablet and phone width: no serious or critical
violation. The pages are listed in PAGES (a name, who looks, and how to find its address in the
demo clinic), so a new page is one more line there. axe-core is vendored under
tests/e2e/vendor/ (see its README for the version) and injected into each page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from myomap.clinical.measures import INSTRUMENTS
from myomap.portal.previsit_views import STEPS as PREVISIT_STEPS
from myomap.web.presenters.assessment_steps import STEPS
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;undefined"
WIDTHS = {"desktop": 1280, "tablet": 820, "phone": 390}
FAILING_IMPACTS = ("serious", "critical")
PASSWORD = "axe-check-password-1"
MIN_TARGET_PX = 24  # WCAG 2.2 target size (minimum); the questionnaire answers aim for 44
# Portal pages are seen by a client holding a link, not by a staff login: these "users" open a
# link for the treated client (confirming the date of birth, except for "portal-unconfirmed").
PORTAL_VISITORS = {
    "portal-unconfirmed": "pre_visit",
    "portal-pre-visit": "pre_visit",
    "portal-between-visits": "between_visits",
}


@dataclass(frozen=True)
class Page:
    name: str
    user: str | None  # demo username, a PORTAL_VISITORS key, or None for before logging in
    path: Callable[[dict], str]  # demo data -> address
    status: int = 200


def _demo_data() -> dict:
    """One of each kind of record in the demo clinic, to build page addresses from."""
    from myomap.accounts.models import Membership
    from myomap.records.models import Assessment, Episode, Plan, TreatmentSession

    assessment = Assessment.objects.filter(episode__client__family_name="Okafor").first()
    episode = assessment.episode
    plan = Plan.objects.filter(episode=episode).first()
    session = TreatmentSession.objects.first()
    treated = session.episode
    staff = Membership.objects.filter(clinic=episode.clinic, role="clinician").first()
    return {
        "client": episode.client.pk,
        "episode": episode.pk,
        "treated": treated.pk,
        "assessment": assessment.pk,
        "plan": plan.pk,
        "session": session.pk,
        "membership": staff.pk,
        "any_episode": Episode.objects.first().pk,
        "treated_client": treated.client,
    }


# Add pages here (portal pages included); the addresses come from the demo clinic.
PAGES: list[Page] = [
    Page("login", None, lambda d: "/login/"),
    Page("password-reset", None, lambda d: "/password-reset/"),
    Page("not-found-anonymous", None, lambda d: "/no-such-page/", 404),
    Page("today", "clinician", lambda d: "/"),
    Page("client-list", "clinician", lambda d: "/clients/"),
    Page("client-new", "clinician", lambda d: "/clients/new/"),
    Page("client", "clinician", lambda d: f"/clients/{d['client']}/"),
    Page("client-edit", "clinician", lambda d: f"/clients/{d['client']}/edit/"),
    Page("episode-new", "clinician", lambda d: f"/clients/{d['client']}/episodes/new/"),
    Page("episode", "clinician", lambda d: f"/episodes/{d['episode']}/"),
    Page("assessment", "clinician", lambda d: f"/assessments/{d['assessment']}/"),
    *(
        Page(
            f"assessment-step-{step.slug}",
            "clinician",
            lambda d, slug=step.slug: f"/assessments/{d['assessment']}/steps/{slug}/",
        )
        for step in STEPS
        if step.slug != "measures"  # it redirects to the first questionnaire, listed below
    ),
    *(
        Page(
            f"assessment-measure-{instrument}",
            "clinician",
            lambda d, i=instrument: f"/assessments/{d['assessment']}/steps/measures/{i}/",
        )
        for instrument in INSTRUMENTS
    ),
    Page("pain-map", "clinician", lambda d: f"/assessments/{d['assessment']}/pain-map/"),
    Page("plan", "clinician", lambda d: f"/plans/{d['plan']}/"),
    Page("plan-edit", "clinician", lambda d: f"/plans/{d['plan']}/edit/"),
    Page("session-new", "clinician", lambda d: f"/episodes/{d['treated']}/sessions/new/"),
    Page("session-note", "clinician", lambda d: f"/sessions/{d['session']}/"),
    Page("unsigned-notes", "clinician", lambda d: "/sessions/outstanding/"),
    Page("progress", "clinician", lambda d: f"/episodes/{d['treated']}/progress/"),
    Page("home-programme", "clinician", lambda d: f"/episodes/{d['treated']}/home-programme/"),
    Page(
        "discharge-summary", "clinician", lambda d: f"/episodes/{d['treated']}/discharge-summary/"
    ),
    Page("source-card", "clinician", lambda d: "/sources/OSTELO-2008/"),
    Page("account", "clinician", lambda d: "/account/"),
    Page("two-factor", "clinician", lambda d: "/account/two-factor/"),
    Page("api-tokens", "owner", lambda d: "/settings/api-tokens/"),
    Page("forbidden", "frontdesk", lambda d: f"/assessments/{d['assessment']}/", 403),
    Page("not-found", "clinician", lambda d: "/clients/00000000-0000-0000-0000-000000000000/", 404),
    Page("clinic", "owner", lambda d: "/clinic/"),
    Page("staff", "owner", lambda d: "/clinic/staff/"),
    Page("staff-member", "owner", lambda d: f"/clinic/staff/{d['membership']}/"),
    Page("audit-log", "owner", lambda d: "/clinic/audit/"),
    Page("portal-confirm", "portal-unconfirmed", lambda d: "/p/confirm"),
    Page("portal-previsit", "portal-pre-visit", lambda d: "/p/before/"),
    *(
        Page(f"portal-previsit-{slug}", "portal-pre-visit", lambda d, s=slug: f"/p/before/{s}/")
        for slug, _title, _hint in PREVISIT_STEPS
    ),
    Page("portal-diary", "portal-between-visits", lambda d: "/p/diary/"),
    Page("portal-programme", "portal-between-visits", lambda d: "/p/programme/"),
]


def _demo_module():
    import importlib

    try:  # the demo data's own package, where the layout has one
        return importlib.import_module("myomap.demo")
    except ImportError:
        return importlib.import_module("myomap.records.demo")


@pytest.fixture
def demo(db, monkeypatch, tmp_path):
    from django.contrib.auth import get_user_model

    demo_module = _demo_module()

    monkeypatch.setattr(demo_module, "demo_logins_file", lambda: tmp_path / "logins.json")
    demo_module.demo_clinic_create()
    for user in get_user_model().objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return _demo_data()


def _portal_open(page, base: str, visitor: str, client) -> None:
    """Open a fresh portal link for the client as a client would, with its own cookie."""
    from urllib.parse import parse_qs, urlparse

    from myomap.accounts.actor import actor_for_user
    from myomap.accounts.models import Membership
    from myomap.portal.links import portal_link_create

    owner = Membership.objects.filter(clinic=client.clinic, role="owner").first().user
    issued = portal_link_create(
        actor=actor_for_user(owner, remote_addr="127.0.0.1"),
        client_id=client.pk,
        purpose=PORTAL_VISITORS[visitor],
    )
    token = parse_qs(urlparse(issued.url).query)["t"][0]
    page.goto(f"{base}/p/open?t={token}")
    if visitor == "portal-unconfirmed":
        return
    born = client.date_of_birth
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/p/confirm" not in url)


def _log_in(page, base: str, username: str | None, demo: dict) -> None:
    page.context.clear_cookies()
    if username is None:
        return
    if username in PORTAL_VISITORS:
        _portal_open(page, base, username, demo["treated_client"])
        return
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the loaded page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's Content Security
        # Policy (no inline scripts) does not block; a script tag would be refused.
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' | ' + n.failureSummary)}));
        }"""
    )
    return [v for v in results if v["impact"] in FAILING_IMPACTS]


def small_targets(page) -> list[str]:
    """Visible links, buttons and inputs smaller than the minimum target in both directions,
    leaving out links inside running text (WCAG's inline exception). Elements other than
    controls (the body chart's regions) are measured by their own tests."""
    return page.evaluate(
        """(min) => {
            const out = [];
            for (const el of document.querySelectorAll(
                'button, input:not([type=hidden]), select, textarea, a[href]')) {
              const r = el.getBoundingClientRect();
              if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
              if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
              // A control's label is part of its target: clicking it operates the control.
              let w = r.width, h = r.height;
              for (const label of el.labels || []) {
                const b = label.getBoundingClientRect();
                w = Math.max(w, b.width); h = Math.max(h, b.height);
              }
              if (w < min && h < min)
                out.push(`${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''}`
                  + ` ${Math.round(w)}x${Math.round(h)}`);
            }
            return out;
        }""",
        MIN_TARGET_PX,
    )


def test_axe_finds_no_serious_or_critical_violation_on_any_page(page, live_server, demo):
    base = live_server.url
    found: dict[str, list] = {}
    targets: dict[str, list] = {}
    for user in dict.fromkeys(p.user for p in PAGES):
        _log_in(page, base, user, demo)
        for entry in (p for p in PAGES if p.user == user):
            for size, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(f"{base}{entry.path(demo)}")
                assert response is not None and response.status == entry.status, entry.name
                violations = axe_violations(page)
                if violations:
                    found[f"{entry.name}@{size}"] = violations
                small = small_targets(page)
                if small:
                    targets[f"{entry.name}@{size}"] = small
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report = {"violations": found, "small_targets": targets}
    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(report, indent=2))
    assert found == {}, json.dumps(found, indent=2)[:6000]
    assert targets == {}, json.dumps(targets, indent=2)[:6000]
