"""Browser journeys: Playwright drives Debian's Chromium (it cannot download its own browser
here) against a live server, and saves screenshots under var/screenshots/ to be looked at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from myomap.paths import var_dir

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = var_dir() / "screenshots"


def chromium_path() -> str:
    found = os.environ.get("MYOMAP_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium")
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def logged_in_page(page, live_server, people):
    from tests.factories import PASSWORD

    def login(username: str):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        return page

    return login
