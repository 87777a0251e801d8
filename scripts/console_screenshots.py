"""Regenerate the console screenshots in the README: docs/img/console-queue.png and
docs/img/console-case.png.

    .venv/bin/python scripts/console_screenshots.py

Starts a real `lurewatch serve` on a throwaway SQLite database, replays the bundled sample
chats (invented for the demo) through the API, logs in as a moderator in headless Chromium
(`/usr/bin/chromium`, or $LUREWATCH_CHROMIUM) and captures the queue and the riskiest case,
its messages revealed.
"""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from playwright.sync_api import sync_playwright

from lurewatch.service.demo import replay
from lurewatch.service.launch import running_server
from lurewatch.service.store.database import Database
from lurewatch.service.tenants import assign_platform, create_platform, create_user

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
CHROMIUM = os.environ.get("LUREWATCH_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "screenshots only"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{Path(tmp) / 'shots.db'}")
        database.upgrade()
        with database.transaction() as conn:
            platform, key = create_platform(conn, "demo")
            user_id = create_user(conn, "moderator", "moderator", PASSWORD + "!!!")
            assign_platform(conn, user_id, platform.id)
        database.dispose()
        with running_server(database.url) as base:
            sample = Path(str(resources.files("lurewatch") / "samples" / "demo.jsonl"))
            for _line in replay(sample, base, key.secret):
                pass
            shoot(base)


def shoot(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/console/login")
        page.fill("input[name=name]", "moderator")
        page.fill("input[name=password]", PASSWORD + "!!!")
        page.click("button[type=submit]")
        page.wait_for_selector("tr.case-row")
        page.screenshot(path=str(OUT / "console-queue.png"))
        page.click("tr.case-row >> nth=0")
        page.click("#claim")
        page.wait_for_selector("#decide")
        # Texts are held back by default; the screenshot shows them revealed (the demo's
        # invented chats), with the highlights a moderator then sees.
        page.click("#reveal-all")
        page.wait_for_selector("#reveal-all", state="detached")
        page.screenshot(path=str(OUT / "console-case.png"), full_page=True)
        browser.close()
    print(f"wrote {OUT / 'console-queue.png'} and {OUT / 'console-case.png'}")


if __name__ == "__main__":
    main()
