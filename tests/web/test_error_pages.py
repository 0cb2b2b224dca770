"""Error pages are the application's own: an unknown address, a refused role and a crash each
get a styled page with a way back, never Django's bare text; a favicon is served."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from myomap.urls import urlpatterns as real_urls


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [*real_urls, path("crash-for-test/", crash)]
handler500 = "myomap.web.views.errors.server_error"
handler404 = "myomap.web.views.errors.page_not_found"


def test_an_unknown_address_gets_the_styled_not_found_page(people, browser_as):
    response = browser_as(people.owner).get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert (
        "myomap.css" in html and "<h1>Not found</h1>" in html and "Back to the start page" in html
    )


def test_a_logged_out_unknown_address_is_styled_too(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "myomap.css" in response.content.decode()


@pytest.mark.urls("tests.web.test_error_pages")
def test_a_crash_gets_the_styled_server_error_page(db):
    browser = Client(raise_request_exception=False)
    response = browser.get("/crash-for-test/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "myomap.css" in html and "Something went wrong" in html and "boom" not in html


def test_the_front_desk_is_refused_with_the_styled_page(people, browser_as, planned_episode):
    response = browser_as(people.front_desk).get(f"/episodes/{planned_episode.pk}/")
    html = response.content.decode()
    assert response.status_code == 403 and "<h1>Not allowed</h1>" in html and "myomap.css" in html


def test_a_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.svg")
