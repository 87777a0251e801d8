"""The API's contract: /openapi.json must match the committed snapshot.

After a deliberate API change, regenerate it with
`LUREWATCH_UPDATE_SNAPSHOTS=1 pytest tests/test_service_openapi.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi.testclient import TestClient

from lurewatch.engine.detector import Detector
from lurewatch.service.api.app import create_app
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


def test_openapi_matches_snapshot(tmp_path: Path, detector: Detector) -> None:
    database = Database(f"sqlite:///{tmp_path / 'o.db'}")
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    served = TestClient(app).get("/openapi.json").json()
    text = json.dumps(served, indent=2, sort_keys=True) + "\n"
    if os.environ.get("LUREWATCH_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.exists(), "no snapshot: run with LUREWATCH_UPDATE_SNAPSHOTS=1"
    assert json.loads(SNAPSHOT.read_text()) == served, (
        "the API changed: review it, then regenerate tests/snapshots/openapi.json "
        "(LUREWATCH_UPDATE_SNAPSHOTS=1)"
    )
    paths = set(served["paths"])
    assert {
        "/v1/messages",
        "/v1/alerts",
        "/v1/settings",
        "/v1/conversations/{conversation_id}",
        "/v1/senders/{sender_id}",
        "/v1/webhooks/events",
        "/healthz",
        "/readyz",
    } <= paths
    assert "APIKeyHeader" in served["components"]["securitySchemes"]


def test_every_reading_endpoint_declares_its_document(tmp_path: Path, detector: Detector) -> None:
    """Integrators generate clients from the schema: no 200 answer is an untyped object (the
    declarations are checked on the way out, so they are what the API sends)."""
    database = Database(f"sqlite:///{tmp_path / 'o.db'}")
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    served = TestClient(app).get("/openapi.json").json()
    untyped = []
    for path, operations in served["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get("200", {}).get("content", {})
            schema = answer.get("application/json", {}).get("schema")
            if path.startswith("/v1/") and (not schema or "$ref" not in schema):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []
    conversation = served["components"]["schemas"]["ConversationDocument"]
    assert {"participants", "behaviour", "minor_count", "explanation"} <= set(
        conversation["properties"]
    )


def test_no_docs_pages_that_load_scripts_from_a_cdn(tmp_path: Path, detector: Detector) -> None:
    """FastAPI's /docs and /redoc load unpinned scripts and fonts from CDNs on the origin
    that serves the console; only the schema is served."""
    database = Database(f"sqlite:///{tmp_path / 'o.db'}")
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    client = TestClient(app)
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "cdn.jsdelivr.net" not in answer.text and "fonts.googleapis" not in answer.text
    assert client.get("/openapi.json").status_code == 200
    home = client.get("/", follow_redirects=False)  # a browser at the server's address
    assert home.status_code == 303 and home.headers["location"] == "/console/"
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    api_doc = (Path(__file__).parents[1] / "docs" / "api.md").read_text()
    assert "/docs`" not in api_doc and "/redoc" not in readme + api_doc
