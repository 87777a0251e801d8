"""Rooms with many participants, on both stores: once a conversation has more than SPILL_AT
participants, each one's scoring state is a row of its own, so a message writes what it
changed (its sender's state and the conversation's own), not every participant's; scores,
documents, purges, re-scores and migrations are as for a conversation kept whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from test_service_api import GROOMING
from test_service_store import _migrate

from lurewatch.engine.detector import Detector
from lurewatch.records import Message
from lurewatch.service import conversation_states, ingest, views
from lurewatch.service.console import casefile
from lurewatch.service.console.casefile import load_case_file
from lurewatch.service.conversation_states import SPILL_AT
from lurewatch.service.ingest import IncomingMessage, Ingestor, rule_for
from lurewatch.service.rescore import rescore
from lurewatch.service.retention import purge
from lurewatch.service.scoring_model import check
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, conversations, messages, participant_states
from lurewatch.service.tenants import Platform, create_platform
from lurewatch.service.views import conversation_document, sender_document

START = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
CROWD = SPILL_AT + 12  # participants of the busy room


def room(count: int) -> list[IncomingMessage]:
    """`count` messages of a room of CROWD participants: p0 grooms in every sixth message,
    p1 says they are 13, the others take turns chatting."""
    out = []
    for i in range(count):
        if i % 6 == 0:
            who, text = 0, GROOMING[4 + i // 6 % 8][1]
        else:
            who = 1 + i % (CROWD - 1)
            chat = ["hey all", "anyone up for a match?", "gg", "lol same", "brb"][i % 5]
            text = "im 13 lol" if who == 1 else chat
        at = START + timedelta(seconds=i)
        out.append(IncomingMessage("room", f"m{i}", f"p{who}", at, text))
    return out


def platform_on(database: Database, name: str = "acme") -> Platform:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, name)
    return platform


def stored_scores(database: Database, platform: Platform) -> list[tuple[str, float, float]]:
    with database.read() as conn:
        query = (
            select(messages.c.message_id, messages.c.sender_risk, messages.c.conversation_risk)
            .where(messages.c.platform_id == platform.id)
            .order_by(messages.c.seq)
        )
        return [tuple(row) for row in conn.execute(query)]


def engine_scores(
    detector: Detector, platform: Platform, batch: list[IncomingMessage]
) -> list[tuple[str, float, float]]:
    """The scores of the streaming engine fed `batch` in one go, in memory."""
    scorer = detector.scorer(rule_for(detector, platform.settings))
    updates = scorer.process(
        [Message(m.conversation_id, m.message_id, m.sender_id, m.text, "") for m in batch]
    )
    return [(u.message_id, u.sender_risk, u.conversation_risk) for u in updates]


def rows_of(database: Database, platform: Platform, cid: str = "room") -> dict[str, Any]:
    with database.read() as conn:
        query = select(participant_states.c.sender_id, participant_states.c.state).where(
            participant_states.c.platform_id == platform.id,
            participant_states.c.conversation_id == cid,
        )
        return dict(conn.execute(query).all())


def head_of(database: Database, platform: Platform) -> Any:
    with database.read() as conn:
        return conn.execute(
            select(conversations.c.state, conversations.c.pairs_in_rows).where(
                conversations.c.platform_id == platform.id,
                conversations.c.conversation_id == "room",
            )
        ).one()


def test_a_busy_room_writes_only_the_speakers_state_and_scores_as_the_engine(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch that takes a room past SPILL_AT participants writes every participant's
    row; each later message rewrites its sender's row alone, and the conversation's own
    state stays small however many have spoken. A server that starts afresh (nothing in
    memory) reads the rows back and goes on scoring exactly as the engine does."""
    platform = platform_on(database)
    traffic = room(3 * CROWD)
    Ingestor(database, detector).ingest(platform, traffic[: 2 * CROWD])
    head = head_of(database, platform)
    assert head.pairs_in_rows and head.state["pairs"] == {}
    assert len(json.dumps(head.state)) < 200  # "warned", one minor: no participant
    before = rows_of(database, platform)
    assert set(before) == {f"p{i}" for i in range(CROWD)}

    written: list[str] = []

    def write_rows(conn: Any, platform_id: str, rows: list[dict[str, Any]]) -> None:
        written.extend(row["sender_id"] for row in rows)
        real_write_rows(conn, platform_id, rows)

    real_write_rows = ingest.write_rows
    monkeypatch.setattr(ingest, "write_rows", write_rows)
    ingestor = Ingestor(database, detector)
    ingestor.ingest(platform, traffic[2 * CROWD : 2 * CROWD + 1])  # p0 speaks
    after = rows_of(database, platform)
    assert written == ["p0"] and {p for p in after if after[p] != before[p]} == {"p0"}

    for i in range(2 * CROWD + 1, 3 * CROWD, 7):  # the rest, some by a server started afresh
        ingestor = Ingestor(database, detector) if i % 2 else ingestor
        ingestor.ingest(platform, traffic[i : i + 7])
    assert stored_scores(database, platform) == engine_scores(detector, platform, traffic)


def test_a_room_growing_past_the_limit_keeps_its_scores(
    database: Database, detector: Detector
) -> None:
    """Kept whole while small, moved to rows by the batch that crosses SPILL_AT (message by
    message here), with the same scores as the engine's."""
    platform = platform_on(database)
    traffic = room(2 * CROWD)
    ingestor = Ingestor(database, detector)
    spoken: set[str] = set()
    for message in traffic:
        ingestor.ingest(platform, [message])
        spoken.add(message.sender_id)
        assert head_of(database, platform).pairs_in_rows == (len(spoken) > SPILL_AT)
    assert len(spoken) == CROWD and len(rows_of(database, platform)) == CROWD
    assert stored_scores(database, platform) == engine_scores(detector, platform, traffic)


def test_documents_of_a_room_in_rows_are_those_of_a_room_kept_whole(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's conversation and sender documents and the console's case file read the
    rows as they read `state`."""
    traffic = room(2 * CROWD)
    whole, in_rows = platform_on(database, "whole"), platform_on(database, "rows")
    with monkeypatch.context() as patch:
        patch.setattr(conversation_states, "SPILL_AT", 10**9)
        Ingestor(database, detector).ingest(whole, traffic)
    Ingestor(database, detector).ingest(in_rows, traffic)
    assert not head_of(database, whole).pairs_in_rows and head_of(database, in_rows).pairs_in_rows

    def without_alert_ids(document: dict[str, Any] | None) -> dict[str, Any]:
        assert document is not None
        return {k: v for k, v in document.items() if k not in ("alert_id", "alert_ids")}

    with database.read() as conn:
        documents = [
            (
                without_alert_ids(conversation_document(conn, platform.id, "room")),
                [
                    without_alert_ids(sender_document(conn, platform.id, f"p{i}"))
                    for i in (0, 1, CROWD - 1)
                ],
            )
            for platform in (whole, in_rows)
        ]
    assert len(documents[0][0]["participants"]) == CROWD
    assert documents[0] == documents[1]
    with database.read() as conn:
        raised = [select(alerts).where(alerts.c.platform_id == p.id) for p in (whole, in_rows)]
        cases = [load_case_file(conn, conn.execute(query).one()) for query in raised]
    risks = [{p["sender_id"]: p["risk"] for p in case.participants} for case in cases]
    assert len(risks[0]) == CROWD and None not in risks[0].values()
    assert risks[0] == risks[1] and cases[0].minors == cases[1].minors == ["p1"]


def test_a_purged_room_leaves_no_participant_rows(database: Database, detector: Detector) -> None:
    platform = platform_on(database)
    quiet = [  # no alert, which would keep it
        IncomingMessage("quiet", f"q{i}", f"p{i}", START + timedelta(seconds=i), "gg")
        for i in range(CROWD)
    ]
    Ingestor(database, detector).ingest(platform, quiet)
    assert len(rows_of(database, platform, "quiet")) == CROWD
    purge(database, Settings(), now=START + timedelta(days=400))
    with database.read() as conn:
        left = select(func.count()).select_from(participant_states)
        assert conn.execute(left).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(conversations)).scalar_one() == 0


def test_a_rescore_rewrites_the_rows_and_ingest_goes_on_from_them(
    database: Database, detector: Detector, other: Detector
) -> None:
    """`db rescore` with another model writes every participant's row from that model; a
    server of that model continues the room from them as the engine would."""
    platform = platform_on(database)
    check(database, detector, None)
    traffic = room(3 * CROWD)
    Ingestor(database, detector).ingest(platform, traffic[: 2 * CROWD])
    rescore(database, other, "/models/other")
    Ingestor(database, other).ingest(platform, traffic[2 * CROWD :])
    assert head_of(database, platform).pairs_in_rows
    assert stored_scores(database, platform) == engine_scores(other, platform, traffic)


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Database]:
    """A store of its own, migrated (migrating the shared test database down would affect
    the tests after this one if it failed half-way)."""
    if request.param == "sqlite":
        store = Database(f"sqlite:///{tmp_path}/busy.db")
        store.upgrade()
        yield store
        store.dispose()
        return
    url = make_url(request.getfixturevalue("postgres_url"))
    name = f"{url.database}_busy"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    store = Database(url.set(database=name).render_as_string(hide_password=False))
    store.upgrade()
    yield store
    store.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_going_down_a_migration_folds_the_rows_back_into_the_state(
    scratch: Database, detector: Detector
) -> None:
    """Down to 0006 (before participant rows) the rows become `state`'s "pairs" again, and
    up again a server goes on from them with the engine's scores."""
    platform = platform_on(scratch)
    traffic = room(3 * CROWD)
    Ingestor(scratch, detector).ingest(platform, traffic[: 2 * CROWD])
    rows = rows_of(scratch, platform)
    _migrate(scratch, "downgrade", "0006")
    with scratch.read() as conn:
        (state,) = conn.execute(select(conversations.c.state)).scalars()
    assert state["pairs"] == rows
    _migrate(scratch, "upgrade", "head")
    assert not head_of(scratch, platform).pairs_in_rows
    Ingestor(scratch, detector).ingest(platform, traffic[2 * CROWD :])
    assert head_of(scratch, platform).pairs_in_rows and len(rows_of(scratch, platform)) == CROWD
    assert stored_scores(scratch, platform) == engine_scores(detector, platform, traffic)


def test_equal_risks_flag_the_same_participant_however_the_room_is_kept(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Participants read from their rows come in another order than spoken: of equal risks,
    the flagged one is chosen by id, not by that order."""
    greetings = [  # p59 first ... p00 last, all the same words: the same risk
        IncomingMessage("room", f"m{i}", f"p{59 - i:02d}", START + timedelta(seconds=i), "hey")
        for i in range(CROWD)
    ]
    whole, in_rows = platform_on(database, "whole"), platform_on(database, "rows")
    with monkeypatch.context() as patch:
        patch.setattr(conversation_states, "SPILL_AT", 10**9)
        Ingestor(database, detector).ingest(whole, greetings)
    Ingestor(database, detector).ingest(in_rows, greetings)
    with database.read() as conn:
        flagged = {
            conversation_document(conn, p.id, "room")["flagged_sender"]  # type: ignore[index]
            for p in (whole, in_rows)
        }
    assert flagged == {"p59"}


def test_a_conversation_document_lists_the_riskiest_participants_and_counts_them_all(
    database: Database, detector: Detector
) -> None:
    """A public room's thousands of participants would make a document of megabytes: it
    lists the flagged one, those who said they are minors, then the riskiest (ties: the
    greatest ids, as the flagged one is picked), with their behaviour; `participant_count`
    says how many there are."""
    platform = platform_on(database)
    Ingestor(database, detector).ingest(platform, room(3 * CROWD))
    with database.read() as conn:
        every = conversation_document(conn, platform.id, "room", participants=10_000)
        few = conversation_document(conn, platform.id, "room", participants=5)
    assert every is not None and few is not None
    assert every["participant_count"] == few["participant_count"] == CROWD
    assert len(every["participants"]) == CROWD and len(few["participants"]) == 5
    assert few["flagged_sender"] == "p0" and every["minors"] == ["p1"]
    risks = every["participants"]
    ranked = sorted(
        (s for s in risks if s not in ("p0", "p1")), key=lambda s: (risks[s]["risk"], s)
    )
    assert list(few["participants"]) == ["p0", "p1", *ranked[::-1][:3]]
    assert all(few["participants"][s] == risks[s] for s in few["participants"])
    assert set(few["behaviour"]) == set(few["participants"])  # theirs only, and as for all
    assert few["behaviour"]["p1"]["minor_disclosed_at"] is not None
    assert all(few["behaviour"][s] == every["behaviour"][s] for s in few["behaviour"])
    assert few["explanation"] == every["explanation"]


def test_the_case_page_lists_the_participants_the_conversation_document_lists(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy room's case page does not draw a table of every participant: it lists the
    same few as the API's document, the flagged sender and the minor first."""
    platform = platform_on(database)
    Ingestor(database, detector).ingest(platform, room(3 * CROWD))
    monkeypatch.setattr(casefile, "PARTICIPANTS_SHOWN", 5)
    with database.read() as conn:
        few = conversation_document(conn, platform.id, "room", participants=5)
        file = load_case_file(conn, conn.execute(select(alerts)).one())
    assert few is not None and len(file.participants) == CROWD
    listed = [p["sender_id"] for p in file.listed_participants()]
    assert listed == list(few["participants"]) and listed[:2] == ["p0", "p1"]


def test_an_alerts_sender_is_listed_first_when_others_have_overtaken_them(
    database: Database, detector: Detector
) -> None:
    """The open alert's sender is the flagged one even when another participant became
    riskier later: a document of one participant lists them, not the riskiest."""
    platform = platform_on(database)
    traffic = room(3 * CROWD)
    late = [  # a second groomer, later, whose id wins ties
        IncomingMessage("room", f"z{i}", "pz", START + timedelta(hours=1, seconds=i), text)
        for i, (_, text) in enumerate(GROOMING[5:10] * 6)
    ]
    Ingestor(database, detector).ingest(platform, traffic + late)
    with database.read() as conn:
        every = conversation_document(conn, platform.id, "room", participants=10_000)
        one = conversation_document(conn, platform.id, "room", participants=1)
    assert every is not None and one is not None
    risks = every["participants"]
    top = max(risks, key=lambda s: (risks[s]["risk"], s))
    assert top == "pz" and every["flagged_sender"] == "p0"  # the case this test is about
    assert list(one["participants"]) == ["p0"]


def test_the_listing_puts_the_flagged_then_minors_then_the_riskiest() -> None:
    risks = {f"s{i}": i / 10 for i in range(10)}
    assert list(views.listed_participants(risks, 3, "s9", [])) == ["s9", "s8", "s7"]
    assert list(views.listed_participants(risks, 3, "s2", [])) == ["s2", "s9", "s8"]
    assert list(views.listed_participants(risks, 4, "s9", ["s0", "s1", "s3"])) == [
        "s9",
        "s0",
        "s8",
        "s7",
    ]
    assert list(views.listed_participants(risks, 1, None, ["s0"])) == ["s0"]
    assert len(views.listed_participants(risks, 10, "s2", ["s0"])) == 10


def test_a_conversation_document_lists_as_many_minors_as_participants_and_counts_them_all(
    database: Database, detector: Detector
) -> None:
    """A room where hundreds answer "how old r u?" would list them all: `minors` lists at
    most `participants` of them, in the order they said it (not by id), every one the
    listing shows among them; `minor_count` says how many there are."""
    platform = platform_on(database)
    kids = [  # k9 says it first ... k0 last
        IncomingMessage("room", f"k{i}", f"k{9 - i}", START + timedelta(seconds=i), "im 13 lol")
        for i in range(10)
    ]
    adult = IncomingMessage("room", "a0", "adult", START + timedelta(minutes=1), "hey all")
    Ingestor(database, detector).ingest(platform, [*kids, adult])
    with database.read() as conn:
        every = conversation_document(conn, platform.id, "room", participants=10_000)
        few = conversation_document(conn, platform.id, "room", participants=3)
    assert every is not None and few is not None
    assert every["minor_count"] == few["minor_count"] == 10
    assert every["minors"] == [f"k{i}" for i in range(9, -1, -1)]
    assert few["minors"] == ["k9", "k8", "k7"]
    assert set(few["participants"]) & set(every["minors"]) <= set(few["minors"])


def test_a_sender_document_lists_as_many_open_alerts_as_conversations_and_counts_them(
    database: Database, detector: Detector
) -> None:
    """A groomer alerted on in thousands of rooms: `alert_ids` lists the latest, at most
    `conversations` of them; `open_alert_count` says how many there are."""
    platform = platform_on(database)
    traffic = [
        IncomingMessage(cid, f"{cid}{i}", "s" if who == "adult" else f"kid-{cid}", START, text)
        for cid in ("a", "b", "c")
        for i, (who, text) in enumerate(GROOMING)
    ]
    Ingestor(database, detector).ingest(platform, traffic)
    with database.read() as conn:
        raised = sorted(conn.execute(select(alerts.c.id).where(alerts.c.sender_id == "s")))
        two = sender_document(conn, platform.id, "s", 2)
        every = sender_document(conn, platform.id, "s", 10)
    assert len(raised) == 3 and two is not None and every is not None
    latest = [row.id for row in raised][::-1]
    assert two["alert_ids"] == latest[:2] and every["alert_ids"] == latest
    assert two["open_alert_count"] == every["open_alert_count"] == 3


def documented_order(doc: dict[str, Any], asked: int) -> list[str]:
    """The order of `participants` as docs/api.md tells a client to re-apply it, from the
    document alone (a JSON reader may not keep an object's key order)."""
    listed = set(doc["participants"])
    order = [doc["flagged_sender"]] if doc["flagged_sender"] in listed else []
    for sender in doc["minors"]:
        if len(order) >= max(1, asked // 2):
            break
        if sender in listed and sender not in order:
            order.append(sender)
    rest = [s for s in listed if s not in order]
    risk = {s: doc["participants"][s]["risk"] for s in rest}
    return order + sorted(rest, key=lambda s: (risk[s], s), reverse=True)


def test_clients_can_re_apply_the_participants_order_as_documented(
    database: Database, detector: Detector
) -> None:
    platform = platform_on(database)
    kids = [  # k9 says it first ... k0 last; some of them talk more
        IncomingMessage("room", f"k{i}", f"k{9 - i}", START + timedelta(seconds=i), text)
        for i, text in enumerate(["im 13 lol", "13 f", "im 12", "hey", "im 14"] * 2)
    ]
    adult = [
        IncomingMessage("room", f"a{i}", "adult", START + timedelta(minutes=1, seconds=i), t)
        for i, (_, t) in enumerate(GROOMING[4:])
    ]
    chatty = [  # equal risks: ties go to the greater id
        IncomingMessage("room", f"{who}{i}", who, START + timedelta(minutes=2), "hey all")
        for i, who in enumerate(["b1", "b2", "b3"])
    ]
    Ingestor(database, detector).ingest(platform, [*kids, *adult, *chatty])
    with database.read() as conn:
        for asked in (1, 2, 3, 4, 6, 9, 100):
            doc = conversation_document(conn, platform.id, "room", participants=asked)
            assert doc is not None and doc["flagged_sender"] == "adult"
            assert doc["minors"] and len(doc["participants"]) == min(asked, 14)
            assert list(doc["participants"]) == documented_order(doc, asked), asked


def test_a_sender_document_lists_their_alerted_then_riskiest_conversations_and_counts_them(
    database: Database, detector: Detector
) -> None:
    """A sender of thousands of rooms would make a document of megabytes: it lists the
    conversations with an open alert on them first, then the riskiest (ties: by id), chosen
    by the store; `conversation_count` says how many they took part in. An alert closed, or
    on another participant, puts none first."""
    platform = platform_on(database)
    chats = [
        IncomingMessage(f"c{i}", f"c{i}-{who}", who, START + timedelta(minutes=i), "hey")
        for i in range(6)
        for who in ("s", f"friend{i}")
    ]
    apart = IncomingMessage("apart", "apart-0", "friend0", START, "hey")  # s is not in it

    def grooming(cid: str, adult: str, kid: str) -> list[IncomingMessage]:
        return [
            IncomingMessage(cid, f"{cid}{i}", adult if who == "adult" else kid, START, text)
            for i, (who, text) in enumerate(GROOMING)
        ]

    traffic = [*grooming("g", "s", "kid"), *grooming("h", "x", "s"), *grooming("k", "s", "kid")]
    Ingestor(database, detector).ingest(platform, [*chats, apart, *traffic])
    risks = {"g": 0.05, "h": 0.95, "k": 0.9, "c0": 0.5, "c1": 0.7, "c2": 0.5, "c3": 0.7}
    risks |= {"c4": 0.1, "c5": 0.5}  # set by hand: ties, and an alerted room of low risk
    with database.transaction() as conn:
        for cid, risk in risks.items():
            conn.execute(
                conversations.update()
                .where(conversations.c.conversation_id == cid)
                .values(risk=risk)
            )
        raised = dict(conn.execute(select(alerts.c.conversation_id, alerts.c.sender_id)).all())
        assert raised == {"g": "s", "h": "x", "k": "s"}
        (closed,) = conn.execute(select(alerts.c.id).where(alerts.c.conversation_id == "k"))
        views.close_alert(conn, platform.id, closed.id, "dismissed")
    with database.read() as conn:
        every = sender_document(conn, platform.id, "s", 10_000)
        few = sender_document(conn, platform.id, "s", 4)
        default = sender_document(conn, platform.id, "s")
        friend = sender_document(conn, platform.id, "friend0", 1)
    assert every is not None and few is not None and default == every
    order = ["g", "h", "k", "c1", "c3", "c0", "c2", "c5", "c4"]
    assert [c["conversation_id"] for c in every["conversations"]] == order
    assert every["conversation_count"] == few["conversation_count"] == len(order)
    assert few["conversations"] == every["conversations"][:4]
    assert [c["conversation_risk"] for c in few["conversations"]] == [0.05, 0.95, 0.9, 0.7]
    assert every["conversations"][0]["sender_risk"] > every["conversations"][1]["sender_risk"]
    assert friend is not None and friend["conversation_count"] == 2
    assert [c["conversation_id"] for c in friend["conversations"]] == ["c0"]  # riskier
