"""The console in a real browser (Playwright driving Debian's chromium) against a real server.

Skipped where chromium or Playwright is missing, except under CI, where they must exist.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_service_api import GROOMING, messages

from lurewatch.service.launch import running_server
from lurewatch.service.store.database import Database
from lurewatch.service.tenants import assign_platform, create_platform, create_user

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("LUREWATCH_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery"


def _need_browser() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright for Python is not installed (pip install '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}; .ci/run should have installed it")
        pytest.skip(problem)
    return sync_playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    tmp = tmp_path_factory.mktemp("browser")
    database = Database(f"sqlite:///{tmp / 'b.db'}")
    database.upgrade()
    with database.transaction() as conn:
        platform, key = create_platform(conn, "acme")
        for name in ("mo", "mia"):
            assign_platform(conn, create_user(conn, name, "moderator", PASSWORD), platform.id)
    database.dispose()
    with running_server(database.url) as base:
        httpx.post(
            f"{base}/v1/messages",
            json={"messages": messages("g", GROOMING)},
            headers={"X-API-Key": key.secret or ""},
        ).raise_for_status()
        alert = httpx.get(f"{base}/v1/alerts", headers={"X-API-Key": key.secret or ""}).json()
        yield base, alert["alerts"][0]["id"]


def test_moderator_reviews_decides_and_exports_a_report(server: tuple[str, int]) -> None:
    sync_playwright = _need_browser()
    base, alert_id = server
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        mo = browser.new_context(accept_downloads=True).new_page()
        errors: list[str] = []
        mo.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        def login(page: Any, name: str) -> None:
            page.goto(f"{base}/console/login")
            page.fill("input[name=name]", name)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")

        login(mo, "mo")
        row = mo.locator("tr.case-row").first
        assert row.is_visible() and f"#{alert_id}" in row.inner_text()
        row.click()
        mo.wait_for_url(f"**/console/cases/{alert_id}")
        mo.click("#claim")
        assert mo.locator("#decide").is_visible()
        assert mo.locator("svg.risk-chart polyline.risk-line").is_visible()
        # by default (console_blur "all") every message text is held back until revealed
        transcript = mo.locator(".transcript")
        assert "bra" not in transcript.inner_text() and "secret" not in transcript.inner_text()
        assert mo.locator("mark.sig").count() == 0
        assert mo.locator("button.reveal").count() == len(GROOMING) + 1  # each, and all
        mo.locator("#m6 button.reveal").click()  # one message: "... its our secret"
        mo.wait_for_selector("#m6 span.revealed")
        assert "its our secret" in mo.locator("#m6").inner_text()
        assert "bra" not in transcript.inner_text()
        mo.click("#reveal-all")  # then the whole case
        mo.wait_for_selector("span.revealed mark.sig-sexual")
        assert "bra" in transcript.inner_text()
        assert mo.locator("mark.sig").count() > 0  # evidence spans highlighted
        assert mo.locator("button.reveal").count() == 0  # nothing left to reveal

        mia_page = browser.new_context().new_page()
        login(mia_page, "mia")
        mia_page.goto(f"{base}/console/cases/{alert_id}")
        assert "Claimed by mo" in mia_page.locator("#locked").inner_text()
        assert mia_page.locator("#claim").count() == 0

        mo.keyboard.press("e")  # shortcut: escalate
        assert mo.locator("#decision").input_value() == "escalate"
        mo.fill("#reason", "asked for pictures and to meet")
        mo.click("#decide button[type=submit]")
        mo.wait_for_selector("#report")
        with mo.expect_download() as info:
            mo.click("#report")
        data = Path(info.value.path()).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as pack:
            assert set(pack.namelist()) == {
                "report.xml",
                "conversation.csv",
                "evidence.json",
                "manifest.json",
            }
            manifest = json.loads(pack.read("manifest.json"))
            assert b"Online Enticement of Children" in pack.read("report.xml")
        assert manifest["text_only"] is True
        assert not errors, f"browser console errors: {errors}"
        browser.close()


def test_readme_shows_console_screenshots_made_by_the_script() -> None:
    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text()
    for name in ("console-queue.png", "console-case.png"):
        assert f"docs/img/{name}" in readme and (root / "docs" / "img" / name).stat().st_size > 0
    assert "scripts/console_screenshots.py" in readme
