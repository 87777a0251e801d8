"""The HTTP API on both stores: ingest, idempotency, reads, alerts, settings and errors."""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, select, text

from lurewatch.engine.detector import Detector
from lurewatch.service.api.app import create_app
from lurewatch.service.scoring_model import model_version
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import idempotency
from lurewatch.service.store.schema import messages as messages_table
from lurewatch.service.tenants import (
    create_api_key,
    create_platform,
    find_platform,
    save_platform_settings,
)

GROOMING = [
    ("adult", "hey there"),
    ("kid", "hi"),
    ("adult", "asl?"),
    ("kid", "13 f"),
    ("adult", "you are so mature for your age, do your parents check your phone?"),
    ("adult", "dont tell anyone about us ok, its our secret"),
    ("adult", "do you have snapchat? add me, i want to see a pic of you"),
    ("adult", "i could pick you up after school, your mom wont know"),
    ("adult", "have you ever kissed a boy? i want to touch you"),
    ("adult", "send me a pic in your bra"),
    ("adult", "delete our chats so your mom doesnt see them"),
    ("adult", "i want to meet you this weekend, ill drive to your town"),
]


def messages(
    conversation: str, lines: list[tuple[str, str]], start: int = 0
) -> list[dict[str, Any]]:
    return [
        {
            "conversation_id": conversation,
            "message_id": f"{conversation}-{start + i}",
            "sender_id": f"{conversation}-{sender}",
            "sent_at": f"2026-05-01T10:{(start + i) % 60:02d}:00Z",
            "text": text,
        }
        for i, (sender, text) in enumerate(lines)
    ]


class Api:
    """A test client for one platform, plus the store behind it."""

    def __init__(self, database: Database, detector: Detector, **settings: Any) -> None:
        self.database = database
        self.detector = detector
        with database.transaction() as conn:
            self.platform, key = create_platform(conn, "acme")
            _, other_key = create_platform(conn, "other")
        assert key.secret and other_key.secret
        self.key, self.other_key = key.secret, other_key.secret
        app = create_app(
            Settings(database_url=database.url, **settings), database=database, detector=detector
        )
        self.client = TestClient(app, headers={"X-API-Key": self.key})

    def post(self, batch: list[dict[str, Any]], **kwargs: Any) -> Any:
        return self.client.post("/v1/messages", json={"messages": batch}, **kwargs)


@pytest.fixture
def api(database: Database, detector: Detector) -> Iterator[Api]:
    yield Api(database, detector)


def test_a_batch_of_new_senders_where_only_some_send_their_context(api: Api) -> None:
    """The context is optional per message: new senders with and without it go in together."""
    batch = messages("c1", GROOMING[:4])
    batch[1]["sender"] = {"declared_age": 13, "account_created_at": "2026-04-30T09:00:00Z"}
    answer = api.post(batch)
    assert answer.status_code == 200, answer.text
    kid = api.client.get("/v1/senders/c1-kid").json()
    adult = api.client.get("/v1/senders/c1-adult").json()
    assert (kid["declared_age"], kid["age_band"]) == (13, None)
    assert kid["account_created_at"].startswith("2026-04-30T09:00:00")
    assert (adult["declared_age"], adult["age_band"], adult["account_created_at"]) == (None,) * 3
    assert api.client.get("/v1/conversations/c1").json()["minors"] == ["c1-kid"]


def test_ingest_accepts_scores_and_reports_duplicates(api: Api) -> None:
    batch = messages("c1", GROOMING[:4])
    first = api.post(batch)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["accepted"] == 4 and body["duplicates"] == 0
    assert [r["status"] for r in body["results"]] == ["accepted"] * 4
    (conv,) = body["conversations"]
    assert conv["conversation_id"] == "c1" and 0.0 <= conv["risk"] <= 1.0
    again = api.post(batch[2:] + messages("c1", GROOMING[4:5], start=4)).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate", "accepted"]
    doc = api.client.get("/v1/conversations/c1").json()
    assert doc["message_count"] == 5
    assert [h["message_id"] for h in doc["risk_history"]] == [f"c1-{i}" for i in range(5)]


def test_a_resent_batch_answers_the_risk_of_every_conversation_it_names(api: Api) -> None:
    """A client whose answer was lost resends the batch (no Idempotency-Key): every message
    is a duplicate, and the answer still gives each conversation's risk as it is now."""
    batch = messages("g", GROOMING)
    first = api.post(batch).json()
    assert first["conversations"][0]["warning"] is True
    again = api.post(batch).json()
    assert again["duplicates"] == len(batch)
    assert again["conversations"] == first["conversations"]
    mixed = api.post(batch[:2] + messages("b", GROOMING[:2])).json()
    assert [c["conversation_id"] for c in mixed["conversations"]] == ["g", "b"]
    assert mixed["conversations"][0] == first["conversations"][0]
    elsewhere = TestClient(api.client.app, headers={"X-API-Key": api.other_key})
    other = elsewhere.post("/v1/messages", json={"messages": messages("x", GROOMING[:1])})
    assert other.status_code == 200  # another platform's conversation "x"
    named = api.post([batch[0], {**batch[1], "conversation_id": "x"}])  # a duplicate anyway
    assert [c["conversation_id"] for c in named.json()["conversations"]] == ["g"]


def test_a_resent_batch_answers_as_the_original_did_in_shadow_mode(api: Api) -> None:
    """In shadow mode a scored conversation's entry names no alert, so a resent batch's
    stored entry names none either, though an alert raised before is still open."""
    assert api.post(messages("g", GROOMING)).json()["conversations"][0]["alert_id"]
    assert api.client.patch("/v1/settings", json={"shadow_mode": True}).status_code == 200
    more = messages("g", GROOMING[4:8], start=len(GROOMING))
    original = api.post(more).json()
    again = api.post(more).json()
    assert again["duplicates"] == len(more)
    assert again["conversations"] == original["conversations"]
    assert again["conversations"][0]["alert_id"] is None


def test_a_settings_change_does_not_wait_for_ingest_in_flight(api: Api) -> None:
    """Ingest's inserts lock the platform's row for key share (their foreign keys); the
    settings change's lock must not conflict with that (on SQLite one writer at a time
    is the rule anyway)."""
    if api.database.dialect != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    with api.database.engine.connect() as other, other.begin():
        other.exec_driver_sql(
            "SELECT 1 FROM platforms WHERE id = %(p)s FOR KEY SHARE", {"p": api.platform.id}
        )
        started = time.monotonic()
        answer: list[Any] = []

        def change() -> None:
            answer.append(api.client.patch("/v1/settings", json={"shadow_mode": True}))

        patch = threading.Thread(target=change)
        patch.start()
        patch.join(5.0)
        waited = time.monotonic() - started
    patch.join()
    assert answer[0].status_code == 200
    assert waited < 5.0, "the settings change waited for the open ingest transaction"


def test_duplicate_inside_one_batch_is_stored_once(api: Api) -> None:
    batch = messages("c1", GROOMING[:2])
    body = api.post([*batch, batch[0]]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "accepted", "duplicate"]
    assert api.client.get("/v1/conversations/c1").json()["message_count"] == 2


def test_one_id_for_two_different_messages_in_one_batch_is_refused(api: Api) -> None:
    """As an import refuses it: the second would be answered `duplicate` and dropped without
    a word. What makes it another message is the import's rule (`same_message_key`)."""
    first = messages("c1", GROOMING[:2])
    for change in ({"text": "b"}, {"sender_id": "c1-other"}, {"conversation_id": "c2"}):
        body = problem(api.post([*first, {**first[0], **change}]), 422)
        assert [e["pointer"] for e in body["errors"]] == ["/messages/2/message_id"], change
        assert "/messages/0" in body["errors"][0]["detail"]
        assert "own id" in body["detail"] and "first at /messages/2/message_id" in body["detail"]
    assert api.client.get("/v1/conversations/c1").status_code == 404  # nothing was stored
    # the same message again, even dated again, is a client's repeat: stored once
    again = {**first[0], "sent_at": "2026-05-01T11:00:00Z"}
    body = api.post([*first, again]).json()
    assert (body["accepted"], body["duplicates"]) == (2, 1)
    # an id already stored for another message is a conflict, not stored (before, it was
    # answered `duplicate` and dropped without a word); the same message is a duplicate
    mid = first[0]["message_id"]
    later = api.post([{**first[0], "text": "another text"}, {**first[1], "sent_at": "x"}])
    assert later.status_code == 422  # (a bad time: checked before anything is stored)
    later = api.post([{**first[0], "text": "another text"}, first[1]]).json()
    assert later["results"] == [
        {"message_id": mid, "status": "conflict"},
        {"message_id": first[1]["message_id"], "status": "duplicate"},
    ]
    assert (later["accepted"], later["duplicates"], later["conflicts"]) == (0, 1, 1)
    metrics = api.client.get("/metrics").text
    assert re.search(r'_ingested_total\{platform="[^"]+",result="conflict"\} 1\.0', metrics)
    with api.database.read() as conn:
        stored = conn.execute(
            select(messages_table.c.text).where(
                messages_table.c.message_id == first[0]["message_id"]
            )
        ).scalar_one()
    assert stored == first[0]["text"]


def test_grooming_conversation_raises_one_alert_that_is_updated(api: Api) -> None:
    for i in range(0, len(GROOMING), 2):
        api.post(messages("g", GROOMING[i : i + 2], start=i))
    alerts = api.client.get("/v1/alerts").json()["alerts"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert["conversation_id"] == "g" and alert["status"] == "open"
    assert alert["sender_id"] == "g-adult"
    assert alert["evidence"]["messages"], "an alert carries its evidence"
    assert "g-kid" in alert["evidence"]["minors"]
    assert alert["model_version"] == model_version(api.detector)  # which model raised it
    conv = api.client.get("/v1/conversations/g").json()
    # the flagged sender's behaviours, as the conversation's own record has them
    assert alert["labels"] and set(alert["labels"]) == set(conv["behaviour"]["g-adult"]["labels"])
    assert conv["warning"] is True and conv["alert_id"] == alert["id"]
    sender = api.client.get("/v1/senders/g-adult").json()
    assert sender["alert_ids"] == [alert["id"]]
    assert sender["conversations"][0]["conversation_id"] == "g"


def test_a_conversation_lists_at_most_the_participants_asked_for(api: Api) -> None:
    """`?participants=N` lists the N riskiest, the flagged one always; the count is whole."""
    api.post(messages("g", GROOMING))
    one = api.client.get("/v1/conversations/g?participants=1").json()
    assert one["participant_count"] == 2 and list(one["participants"]) == ["g-adult"]
    both = api.client.get("/v1/conversations/g").json()  # default: up to 100
    assert set(both["participants"]) == {"g-adult", "g-kid"}
    for wrong in ("0", "10001", "many"):
        answer = api.client.get(f"/v1/conversations/g?participants={wrong}")
        assert answer.status_code == 422, wrong


def test_a_sender_lists_at_most_the_conversations_asked_for(api: Api) -> None:
    """`?conversations=N` lists N of the sender's conversations (of equal risks: by id); the
    count is whole."""
    api.post(
        [
            {**message, "sender_id": "pal", "text": "hey"}
            for i in (2, 0, 1)
            for message in messages(f"c{i}", [("pal", "hey")])
        ]
    )
    one = api.client.get("/v1/senders/pal?conversations=1").json()
    assert one["conversation_count"] == 3
    assert [c["conversation_id"] for c in one["conversations"]] == ["c0"]
    every = api.client.get("/v1/senders/pal").json()  # default: up to 100
    assert [c["conversation_id"] for c in every["conversations"]] == ["c0", "c1", "c2"]
    assert len({c["conversation_risk"] for c in every["conversations"]}) == 1
    for wrong in ("0", "10001", "many"):
        answer = api.client.get(f"/v1/senders/pal?conversations={wrong}")
        assert answer.status_code == 422, wrong


def test_ordinary_chat_raises_no_alert(api: Api) -> None:
    chat = [
        ("a", "did you see the game last night"),
        ("b", "yeah what a finish"),
        ("a", "lets get pizza before the next one"),
        ("b", "sure, bring the receipts"),
    ]
    body = api.post(messages("o", chat)).json()
    assert body["conversations"][0]["alert_id"] is None
    assert api.client.get("/v1/alerts").json()["alerts"] == []


def test_streamed_scores_equal_one_big_batch(database: Database, detector: Detector) -> None:
    """Scoring state persisted between batches continues exactly where it stopped."""
    api = Api(database, detector)
    for i, _ in enumerate(GROOMING):
        api.post(messages("s", GROOMING[i : i + 1], start=i))
    api.post(messages("b", GROOMING))
    one = api.client.get("/v1/conversations/s").json()["risk_history"]
    big = api.client.get("/v1/conversations/b").json()["risk_history"]
    assert [h["conversation_risk"] for h in one] == pytest.approx(
        [h["conversation_risk"] for h in big]
    )


def test_shadow_mode_scores_but_raises_no_alert(api: Api) -> None:
    assert api.client.patch("/v1/settings", json={"shadow_mode": True}).status_code == 200
    api.post(messages("g", GROOMING))
    assert api.client.get("/v1/conversations/g").json()["warning"] is True
    assert api.client.get("/v1/alerts").json()["alerts"] == []


def test_idempotency_key_replays_the_answer_and_refuses_another_body(api: Api) -> None:
    batch = messages("c1", GROOMING[:3])
    first = api.post(batch, headers={"Idempotency-Key": "k1"})
    replay = api.post(batch, headers={"Idempotency-Key": "k1"})
    assert replay.json() == first.json()  # "accepted", not "duplicate": the same answer
    other = api.post(messages("c2", GROOMING[:1]), headers={"Idempotency-Key": "k1"})
    assert other.status_code == 409
    assert other.headers["content-type"] == "application/problem+json"
    # an answer stored before `conflicts` existed replays with it, as the schema says
    with api.database.transaction() as conn:
        stored = conn.execute(select(idempotency.c.response)).scalar_one()
        old = {k: v for k, v in stored.items() if k != "conflicts"}
        conn.execute(idempotency.update().values(response=old))
    assert api.post(batch, headers={"Idempotency-Key": "k1"}).json() == first.json()


def test_alerts_paginate_with_a_cursor(api: Api) -> None:
    for c in range(3):
        api.post(messages(f"g{c}", GROOMING))
    page = api.client.get("/v1/alerts", params={"limit": 2}).json()
    assert len(page["alerts"]) == 2 and page["next_cursor"]
    rest = api.client.get("/v1/alerts", params={"limit": 2, "after": page["next_cursor"]}).json()
    assert len(rest["alerts"]) == 1 and rest["next_cursor"] is None
    ids = [a["id"] for a in page["alerts"] + rest["alerts"]]
    assert ids == sorted(set(ids))


def test_closed_alert_is_not_reraised_at_the_same_risk(api: Api) -> None:
    api.post(messages("g", GROOMING))
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    closed = api.client.post(f"/v1/alerts/{alert['id']}/close", json={"outcome": "dismissed"})
    assert closed.json()["status"] == "closed"
    api.post(messages("g", [("kid", "ok"), ("adult", "send me a pic")], start=len(GROOMING)))
    assert len(api.client.get("/v1/alerts").json()["alerts"]) == 1


def test_with_alert_update_delta_0_only_a_rise_updates_or_reraises_an_alert(api: Api) -> None:
    """0 means any rise, not every batch: the child answering "ok" changes no risk."""
    assert api.client.patch("/v1/settings", json={"alert_update_delta": 0}).status_code == 200
    api.post(messages("g", GROOMING))
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    body = api.post(messages("g", [("kid", "ok")], start=len(GROOMING))).json()
    assert body["conversations"][0]["risk"] == alert["risk"]
    assert api.client.get(f"/v1/alerts/{alert['id']}").json() == alert  # not "updated"
    api.client.post(f"/v1/alerts/{alert['id']}/close", json={"outcome": "dismissed"})
    api.post(messages("g", [("kid", "ok")], start=len(GROOMING) + 1))
    assert len(api.client.get("/v1/alerts").json()["alerts"]) == 1  # not raised again


def test_settings_patch_validates_and_persists(api: Api) -> None:
    got = api.client.get("/v1/settings").json()
    assert 0 < got["warning_threshold"] < 1 and got["retention_days"] == 30
    assert got["webhook_secret"].startswith("whsec_")
    changed = api.client.patch("/v1/settings", json={"retention_days": 90, "warning_k": 2})
    assert changed.json()["retention_days"] == 90 and changed.json()["warning_k"] == 2
    assert api.client.get("/v1/settings").json()["retention_days"] == 90
    bad = api.client.patch("/v1/settings", json={"level_high": 0.3})
    assert bad.status_code == 422 and bad.json()["errors"][0]["pointer"] == "/level_high"
    loopback = api.client.patch("/v1/settings", json={"webhook_url": "http://127.0.0.1:9/x"})
    assert loopback.status_code == 422
    assert loopback.json()["errors"][0]["pointer"] == "/webhook_url"


def test_settings_patch_null_puts_the_warning_rule_back_to_the_models(api: Api) -> None:
    """As docs/api.md, "Settings", says: GET shows the rule in effect, null goes back."""
    rule = api.detector.rule
    got = api.client.get("/v1/settings").json()
    assert (got["warning_threshold"], got["warning_k"], got["warning_n"]) == (
        rule.threshold,
        rule.k,
        rule.n,
    )
    assert api.client.patch("/v1/settings", json={"warning_threshold": 0.5}).status_code == 200
    reset = api.client.patch("/v1/settings", json={"warning_threshold": None})
    assert reset.status_code == 200 and reset.json()["warning_threshold"] == rule.threshold
    with api.database.read() as conn:
        stored = find_platform(conn, api.platform.id).settings
    assert stored.warning_threshold is None  # the model's, whichever model it is


def test_a_settings_patch_keeps_a_change_that_committed_while_it_waited(api: Api) -> None:
    """A PATCH merges onto the settings as stored when it writes them, not as read when its
    key was checked (a webhook URL's DNS check may take seconds in between): another
    change of other fields, committed meanwhile, is kept."""
    answers: list[Any] = []
    with api.database.transaction() as conn:  # another change, not yet committed
        changed = api.platform.settings.model_copy(update={"retention_days": 365})
        save_platform_settings(conn, api.platform.id, changed)
        patch = threading.Thread(
            target=lambda: answers.append(
                api.client.patch("/v1/settings", json={"shadow_mode": True})
            )
        )
        patch.start()
        time.sleep(0.5)  # the PATCH has read the settings and waits for the lock
    patch.join()
    assert answers[0].status_code == 200, answers[0].text
    got = api.client.get("/v1/settings").json()
    assert (got["retention_days"], got["shadow_mode"]) == (365, True)


def _audit_entries(api: Api, action: str) -> list[dict[str, Any]]:
    from lurewatch.service import audit

    with api.database.read() as conn:
        return [e for e in audit.entries(conn) if e["action"] == action]


def test_closing_an_alert_is_audited(api: Api) -> None:
    api.post(messages("g", GROOMING))
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    key_id = api.key.split("_")[1]
    other = TestClient(api.client.app, headers={"X-API-Key": api.other_key})
    assert other.post(f"/v1/alerts/{alert['id']}/close", json={"outcome": "dismissed"}).is_error
    assert not _audit_entries(api, "alert.close")  # nothing closed, nothing recorded
    closed = api.client.post(f"/v1/alerts/{alert['id']}/close", json={"outcome": "actioned"})
    assert closed.status_code == 200
    (entry,) = _audit_entries(api, "alert.close")
    assert entry["actor"] == f"api-key:{key_id}" and entry["target"] == f"alert:{alert['id']}"
    assert entry["detail"] == {"platform": api.platform.id, "outcome": "actioned"}
    again = api.client.post(f"/v1/alerts/{alert['id']}/close", json={"outcome": "dismissed"})
    assert again.status_code == 200 and again.json()["outcome"] == "actioned"  # kept
    assert len(_audit_entries(api, "alert.close")) == 1  # no dismissal that never happened


def test_settings_audit_leaves_credentials_in_the_webhook_url_out(
    database: Database, detector: Detector
) -> None:
    api = Api(database, detector, allow_private_webhooks=True)
    url = "http://hookuser:S3cretPass@127.0.0.1:9/hook?x=1"
    changed = api.client.patch("/v1/settings", json={"webhook_url": url, "webhook_secret": None})
    assert changed.status_code == 200 and changed.json()["webhook_url"] == url  # kept as given
    (entry,) = _audit_entries(api, "settings.change")
    assert entry["detail"] == {
        "webhook_url": "http://127.0.0.1:9/hook?x=1",
        "webhook_secret": "***",
    }
    assert "S3cretPass" not in str(entry) and "hookuser" not in str(entry)
    api.client.patch("/v1/settings", json={"webhook_url": None})
    assert _audit_entries(api, "settings.change")[0]["detail"] == {"webhook_url": None}


# Errors ------------------------------------------------------------------------------------


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_validation_errors_point_at_the_bad_field(api: Api) -> None:
    good = messages("c", GROOMING[:3])
    cases = {
        "/messages/1/sent_at": {**good[1], "sent_at": "yesterday"},
        "/messages/2/text": {**good[2], "text": 42},
    }
    for where, bad in cases.items():
        batch = [bad if m["message_id"] == bad["message_id"] else m for m in good]
        body = problem(api.post(batch), 422)
        assert where in [e["pointer"] for e in body["errors"]]
    naive = problem(api.post([{**good[0], "sent_at": "2026-05-01T10:00:00"}]), 422)
    assert naive["errors"][0]["pointer"] == "/messages/0/sent_at"
    missing = problem(api.post([{k: v for k, v in good[0].items() if k != "sender_id"}]), 422)
    assert missing["errors"][0]["pointer"] == "/messages/0/sender_id"
    assert api.client.get("/v1/conversations/c").status_code == 404  # nothing was stored


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("sent_at", 0, "/sent_at"),  # not read as a Unix time
        ("sent_at", "1777629600", "/sent_at"),
        ("sender", {"account_created_at": 1777629600}, "/sender/account_created_at"),
        ("sender", {"declared_age": True}, "/sender/declared_age"),  # not age 1
        ("sender", {"declared_age": "12"}, "/sender/declared_age"),
        ("sender", {"declared_age": 12.0}, "/sender/declared_age"),
    ],
)
def test_values_of_the_wrong_json_type_are_refused_not_converted(
    api: Api, field: str, value: Any, where: str
) -> None:
    body = problem(api.post([{**messages("c", GROOMING[:1])[0], field: value}]), 422)
    assert body["errors"][0]["pointer"] == f"/messages/0{where}"
    assert api.client.get("/v1/conversations/c").status_code == 404  # nothing was stored


def test_settings_of_the_wrong_json_type_are_refused_not_converted(api: Api) -> None:
    before = api.client.get("/v1/settings").json()
    for patch in (
        {"shadow_mode": "true"},
        {"shadow_mode": 1},
        {"retention_days": "365"},
        {"warning_k": True},
        {"warning_threshold": "0.5"},
    ):
        refused = problem(api.client.patch("/v1/settings", json=patch), 422)
        assert refused["errors"][0]["pointer"] == f"/{next(iter(patch))}", patch
    assert api.client.get("/v1/settings").json() == before
    assert api.client.patch("/v1/settings", json={"alert_update_delta": 0}).status_code == 200


def test_lone_surrogate_and_oversized_text_are_refused(api: Api) -> None:
    raw = (
        '{"messages": [{"conversation_id": "c", "message_id": "m", "sender_id": "s", '
        '"sent_at": "2026-05-01T10:00:00Z", "text": "bad \\ud800 text"}]}'
    )
    body = problem(
        api.client.post("/v1/messages", content=raw, headers={"content-type": "application/json"}),
        422,
    )
    assert body["errors"][0]["pointer"] == "/messages/0/text"
    long = messages("c", [("a", "x" * (16 * 1024 + 1))])
    assert problem(api.post(long), 422)["errors"][0]["pointer"] == "/messages/0/text"


def test_times_without_a_utc_equivalent_are_refused_by_field(api: Api) -> None:
    """Valid as written, but outside the calendar once moved to UTC, as they are stored."""
    good = messages("c", GROOMING[:1])[0]
    late = problem(api.post([{**good, "sent_at": "9999-12-31T23:59:59-14:00"}]), 422)
    assert late["errors"][0]["pointer"] == "/messages/0/sent_at"
    assert "UTC" in late["errors"][0]["detail"]
    early = {**good, "sender": {"account_created_at": "0001-01-01T00:00:00+01:00"}}
    assert problem(api.post([early]), 422)["errors"][0]["pointer"] == (
        "/messages/0/sender/account_created_at"
    )
    assert api.client.get("/v1/conversations/c").status_code == 404  # nothing was stored
    assert api.post([{**good, "sent_at": "2026-05-01T12:00:00+02:00"}]).status_code == 200
    with api.database.read() as conn:
        stored = conn.execute(select(messages_table.c.sent_at)).scalar_one()
    assert stored.replace(tzinfo=None) == datetime(2026, 5, 1, 10, 0)


def test_errors_of_our_validators_read_without_pydantics_prefix(api: Api) -> None:
    body = problem(api.post([{**messages("c", GROOMING[:1])[0], "sent_at": "yesterday"}]), 422)
    (error,) = body["errors"]
    assert error["detail"].startswith("must be an ISO 8601 date and time"), error
    assert "Value error" not in body["detail"]


@pytest.mark.parametrize(
    ("headers", "sent"),
    [
        (
            {"content-type": "application/x-www-form-urlencoded"},
            "is 'application/x-www-form-urlencoded'",
        ),
        ({"content-type": "text/plain; charset=utf-8"}, "is 'text/plain'"),
        ({}, "has none"),
    ],
)
def test_a_body_not_sent_as_json_is_told_to_say_so(
    api: Api, headers: dict[str, str], sent: str
) -> None:
    """curl's `-d` sends a form's type: the body is not read as JSON, and "Input should be a
    valid dictionary" would not say why."""
    raw = json.dumps({"messages": messages("c", GROOMING[:1])})
    body = problem(api.client.post("/v1/messages", content=raw, headers=headers), 415)
    assert "Content-Type: application/json" in body["detail"] and sent in body["detail"]
    assert body["type"] == "urn:lurewatch:problem:unsupported-media-type"
    patch = api.client.patch("/v1/settings", content='{"shadow_mode": true}', headers=headers)
    assert problem(patch, 415)["instance"] == "/v1/settings"
    assert api.client.get("/v1/conversations/c").status_code == 404  # nothing was stored
    # a JSON type, with parameters or a suffix, is read as JSON
    for kind in ("application/json; charset=utf-8", "application/merge-patch+json"):
        sent_json = api.client.post("/v1/messages", content=raw, headers={"content-type": kind})
        assert sent_json.status_code == 200, kind


def test_malformed_json_is_refused_without_a_field_pointer(api: Api) -> None:
    broken = api.client.post(
        "/v1/messages", content='{"messages": [', headers={"content-type": "application/json"}
    )
    (error,) = problem(broken, 422)["errors"]
    assert error["pointer"] == ""  # the whole body (RFC 6901), not a character offset
    assert (
        error["detail"].startswith("the body is not valid JSON")
        and "character 14" in error["detail"]
    )


def test_first_message_at_is_the_earliest_message_whatever_the_order_of_arrival(
    api: Api,
) -> None:
    assert api.post(messages("c", GROOMING[:1], start=5)).status_code == 200  # sent 10:05
    assert api.post(messages("c", GROOMING[1:2], start=0)).status_code == 200  # 10:00, late
    assert api.post(messages("c", GROOMING[2:3], start=9)).status_code == 200
    doc = api.client.get("/v1/conversations/c").json()
    assert doc["first_message_at"].startswith("2026-05-01T10:00:00")
    assert doc["last_message_at"].startswith("2026-05-01T10:09:00")


def test_an_unexpected_failure_is_a_problem_document_that_names_nothing_of_it(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lurewatch.service.api import app as routes

    def broken(*_: Any) -> None:
        raise RuntimeError("i want to meet you this weekend")  # e.g. chat text in a message

    monkeypatch.setattr(routes, "conversation_document", broken)
    client = TestClient(
        api.client.app, headers={"X-API-Key": api.key}, raise_server_exceptions=False
    )
    failed = client.get("/v1/conversations/c")
    body = problem(failed, 500)
    assert "meet" not in failed.text and "RuntimeError" not in failed.text
    assert body["instance"] == "/v1/conversations/c"


@pytest.mark.parametrize(
    ("zone", "sent_at"),
    [("Europe/Berlin", "9999-12-31T23:30:00Z"), ("America/New_York", "0001-01-01T00:30:00Z")],
)
def test_instants_at_the_ends_of_the_calendar_read_back_whatever_the_servers_time_zone(
    postgres_url: str, detector: Detector, zone: str, sent_at: str
) -> None:
    """A server's default TimeZone comes from its host. In Berlin, 9999-12-31T23:30Z is in
    the year 10000, which psycopg cannot read back: every session is in UTC."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    url = make_url(postgres_url)
    name = f"{url.database}_zone"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
        conn.execute(text(f"ALTER DATABASE {name} SET TimeZone = '{zone}'"))
    database = Database(url.set(database=name).render_as_string(hide_password=False))
    try:
        database.upgrade()
        api = Api(database, detector)
        assert api.post([{**messages("c", GROOMING[:1])[0], "sent_at": sent_at}]).status_code == 200
        doc = api.client.get("/v1/conversations/c")
        assert doc.status_code == 200, doc.text
        assert doc.json()["first_message_at"] == datetime.fromisoformat(sent_at).isoformat()
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_ids_with_a_slash_can_be_read_back(api: Api) -> None:
    batch = messages("a/b", GROOMING[:2])
    batch[0]["sender_id"] = "x/y"
    assert api.post(batch).status_code == 200
    conversation = api.client.get("/v1/conversations/a%2Fb")
    assert conversation.status_code == 200 and conversation.json()["conversation_id"] == "a/b"
    sender = api.client.get("/v1/senders/x%2Fy")
    assert sender.status_code == 200 and sender.json()["sender_id"] == "x/y"
    assert problem(api.client.get("/v1/conversations/a%2Fc"), 404)


def test_alert_ids_and_cursors_beyond_the_stores_range_are_refused(api: Api) -> None:
    too_big = 2**63
    for path in (f"/v1/alerts/{too_big}", "/v1/alerts/0"):
        assert problem(api.client.get(path), 422)["errors"][0]["parameter"] == "alert_id"
    close = api.client.post(f"/v1/alerts/{too_big}/close", json={"outcome": "dismissed"})
    assert problem(close, 422)
    assert problem(api.client.get(f"/v1/alerts/{too_big - 1}"), 404)
    for value in (str(too_big), " 3 ", "1_0", "-1"):
        cursor = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
        for path in ("/v1/alerts", "/v1/webhooks/events"):
            refused = problem(api.client.get(path, params={"after": cursor}), 422)
            assert refused["errors"][0]["parameter"] == "after"


def test_settings_patch_refuses_what_cannot_be_used(api: Api) -> None:
    """Every refusal names the field; nothing of a refused patch is kept."""
    before = api.client.get("/v1/settings").json()
    cases = {
        "/level_medium": {"level_medium": None},  # has no "unset"
        "/shadow_mode": {"shadow_mode": None},
        "/webhook_url": {"webhook_url": "http://[::1"},  # malformed
        "/webhook_secret": {"webhook_secret": "whsec_AAAAAAAAAAAAAAAAA"},  # not base64
    }
    short = "whsec_" + base64.b64encode(bytes(8)).decode()  # valid, but 8 bytes
    cases["/webhook_secret "] = {"webhook_secret": short}
    for where, patch in cases.items():
        refused = problem(api.client.patch("/v1/settings", json=patch), 422)
        assert refused["errors"][0]["pointer"] == where.strip(), patch
    assert api.client.get("/v1/settings").json() == before


def test_settings_patch_null_secret_makes_a_new_one_and_empty_url_removes_it(api: Api) -> None:
    old = api.client.get("/v1/settings").json()["webhook_secret"]
    renewed = api.client.patch("/v1/settings", json={"webhook_secret": None, "webhook_url": ""})
    assert renewed.status_code == 200, renewed.text
    secret = renewed.json()["webhook_secret"]
    assert secret.startswith("whsec_") and secret != old
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) >= 16
    assert renewed.json()["webhook_url"] is None
    assert api.client.get("/v1/settings").json()["webhook_secret"] == secret


def test_batch_over_the_limit_is_refused(database: Database, detector: Detector) -> None:
    api = Api(database, detector, max_batch_messages=3)
    body = problem(api.post(messages("c", GROOMING[:4])), 422)
    assert body["errors"][0]["pointer"] == "/messages"


def test_body_over_the_limit_is_refused_even_without_content_length(
    database: Database, detector: Detector
) -> None:
    api = Api(database, detector, max_body_bytes=2048)
    problem(api.post(messages("c", [("a", "y" * 3000)])), 413)

    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to trust
        yield b'{"messages": ['
        for _ in range(100):
            yield b" " * 100
        yield b"]}"

    problem(api.client.post("/v1/messages", content=chunks()), 413)


def test_readiness_says_which_part_fails_but_not_where_it_runs(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """/readyz answers anyone who reaches the server: it names the failing part and what to
    do, while the database's host or file is only in the operators' log."""
    head = api.database.head_revision()
    with api.database.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with caplog.at_level(logging.ERROR, logger="lurewatch.service"):
        outdated = api.client.get("/readyz")
    assert outdated.status_code == 503
    assert outdated.headers["content-type"].startswith("application/problem+json")
    assert "lurewatch db upgrade" in outdated.json()["detail"]
    where = make_url(api.database.url)
    hidden = [where.host, where.database] if where.host else [where.database]
    assert all(part and part not in outdated.text for part in hidden)
    assert "0001" in caplog.text and all(part and part in caplog.text for part in hidden)
    with api.database.transaction() as conn:  # a revision only a newer lurewatch knows
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    ahead = api.client.get("/readyz").json()["detail"]
    assert "newer than this lurewatch" in ahead and "db upgrade" not in ahead
    with api.database.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert api.client.get("/readyz").status_code == 200

    service = api.client.app.state.service
    service.database = Database("postgresql+psycopg://lurewatch@127.0.0.1:1/secretdb")
    try:
        silent = api.client.get("/readyz")
    finally:
        service.database.dispose()
        service.database = api.database
    assert silent.status_code == 503
    assert silent.json()["detail"] == "not ready: the database does not answer"
    assert "secretdb" not in silent.text and "127.0.0.1" not in silent.text


def test_readyz_logs_a_new_reason_at_once_a_repeat_once_a_minute_and_the_recovery(
    database: Database, detector: Detector, caplog: pytest.LogCaptureFixture
) -> None:
    """Probes ask every few seconds; each unready answer was an ERROR line."""
    api = Api(database, detector)
    head = api.database.head_revision()

    def revision(value: str) -> None:
        with api.database.transaction() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": value})

    with caplog.at_level(logging.WARNING, logger="lurewatch.service"):
        try:
            revision("0001")
            assert [api.client.get("/readyz").status_code for _ in range(5)] == [503] * 5
            revision("0999")  # another reason
            assert [api.client.get("/readyz").status_code for _ in range(3)] == [503] * 3
            revision(head)
            assert [api.client.get("/readyz").status_code for _ in range(2)] == [200] * 2
            revision("0001")  # unready again: logged at once, though seen before
            assert api.client.get("/readyz").status_code == 503
        finally:
            revision(head)
    lines = [r.getMessage() for r in caplog.records if "ready" in r.getMessage()]
    assert len(lines) == 4, lines
    assert "0001" in lines[0] and "0999" in lines[1] and "0001" in lines[3]
    assert lines[2] == "ready again"


def test_rate_limit_answers_429_with_retry_after(database: Database, detector: Detector) -> None:
    api = Api(database, detector, rate_limit_per_minute=3)
    codes = [api.client.get("/v1/alerts").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api.client.get("/v1/alerts")
    assert int(limited.headers["Retry-After"]) >= 1
    # another key has its own bucket
    assert api.client.get("/v1/alerts", headers={"X-API-Key": api.other_key}).status_code == 200


def test_health_readiness_and_metrics(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    assert api.client.get("/readyz").status_code == 200
    api.post(messages("g", GROOMING))
    text = api.client.get("/metrics").text
    ingested = (
        f'lurewatch_messages_ingested_total{{platform="{api.platform.id}",result="accepted"}}'
    )
    assert f"{ingested} {len(GROOMING)}.0" in text
    assert "lurewatch_scoring_seconds_bucket" in text
    assert f'lurewatch_alerts_total{{event="created",platform="{api.platform.id}"}} 1.0' in text


# Authorisation -----------------------------------------------------------------------------


def test_missing_or_revoked_key_is_401(api: Api) -> None:
    from lurewatch.service.tenants import revoke_api_key

    problem(api.client.get("/v1/alerts", headers={"X-API-Key": ""}), 401)
    problem(api.client.get("/v1/alerts", headers={"X-API-Key": "lw_nope_nope"}), 401)
    with api.database.transaction() as conn:
        revoke_api_key(conn, api.key.split("_")[1])
    problem(api.client.get("/v1/alerts"), 401)


def test_key_without_scope_is_403(api: Api) -> None:
    with api.database.transaction() as conn:
        ingest_only = create_api_key(conn, api.platform.id, ("ingest",))
    headers = {"X-API-Key": ingest_only.secret or ""}
    assert api.post(messages("c", GROOMING[:1]), headers=headers).status_code == 200
    problem(api.client.get("/v1/settings", headers=headers), 403)
    problem(api.client.get("/v1/alerts", headers=headers), 403)


def test_platform_a_cannot_read_alert_on_or_configure_platform_b(api: Api) -> None:
    api.post(messages("g", GROOMING))
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    other = {"X-API-Key": api.other_key}
    assert api.client.get("/v1/alerts", headers=other).json()["alerts"] == []
    problem(api.client.get(f"/v1/alerts/{alert['id']}", headers=other), 404)
    problem(
        api.client.post(
            f"/v1/alerts/{alert['id']}/close", json={"outcome": "dismissed"}, headers=other
        ),
        404,
    )
    problem(api.client.get("/v1/conversations/g", headers=other), 404)
    problem(api.client.get("/v1/senders/g-adult", headers=other), 404)
    # the same message ids from B are B's own messages, not duplicates of A's
    body = api.post(messages("g", GROOMING), headers=other).json()
    assert body["accepted"] == len(GROOMING)
    api.client.patch("/v1/settings", json={"retention_days": 7}, headers=other)
    assert api.client.get("/v1/settings").json()["retention_days"] == 30
    assert api.client.get(f"/v1/alerts/{alert['id']}").json()["status"] == "open"


def test_conversation_shows_behaviours_stages_and_an_explanation(api: Api) -> None:
    api.post(messages("g", GROOMING))
    doc = api.client.get("/v1/conversations/g").json()
    adult = doc["behaviour"]["g-adult"]
    assert {"secrecy", "image_request", "meeting"} <= set(adult["labels"])
    assert [s["stage"] for s in adult["stages"]][:1] == ["friendship_forming"]
    assert doc["behaviour"]["g-kid"]["minor_disclosed_at"] == 4
    assert doc["flagged_sender"] == "g-adult"
    assert "secre" in doc["explanation"] and "(msg " in doc["explanation"]
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    assert alert["sender_id"] == "g-adult"


def test_an_open_alert_is_updated_when_the_sender_shows_a_new_behaviour(api: Api) -> None:
    """The risk may have settled, but a behaviour first shown after the alert was raised
    (here sexual talk) updates it, with an alert.updated event; the risk does not go down."""
    opening = GROOMING[:8]  # up to the pick-up offer: the alert opens before the last lines
    api.post(messages("b", opening))
    (alert,) = api.client.get("/v1/alerts").json()["alerts"]
    assert "sexual" not in alert["labels"]
    api.post(messages("b", [("adult", "send me a pic in your bra")], start=8))
    (updated,) = api.client.get("/v1/alerts").json()["alerts"]
    assert "sexual" in updated["labels"] and set(alert["labels"]) < set(updated["labels"])
    assert updated["risk"] >= alert["risk"] and updated["updated_at"] > alert["updated_at"]
