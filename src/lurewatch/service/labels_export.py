"""Moderators' decisions as training data, in the corpus `conversations` schema.

One record per labelled conversation whose messages are still stored: sender and
conversation ids replaced by keyed HMAC-SHA256 pseudonyms (the same id and key always give the
same pseudonym, so exports can be joined; another key unlinks them), `predators` listing the
senders a moderator judged to be grooming and `dismissed` those a moderator judged not to be
(a dismissed alert). A decision judges one sender, the alert's: the other participants of a
conversation are in neither list, and training leaves them out where no one in it was judged
grooming (`training.feedback_streams`; exports from before `dismissed` existed lack it, and are
read as they were meant). Conversations labelled only `suspicious` (a "monitor" decision) are
left out: they are not ground truth either way.

Each record's `split` is fixed by its pseudonyms: one in TEST_SHARE goes to `test`, the rest to
`train` (`lurewatch train --labels` learns from the train part, `lurewatch evaluate --data`
measures on the test part). A conversation with an offender takes the split of his group (the
offenders he shares a conversation with), so one offender's conversations, those where he was
dismissed included, never sit on both sides.

Written to `--out FILE`; as `DIR/corpus/conversations.jsonl` it is a data directory the
other commands take (`--labels DIR`, `--data DIR`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ..engine.training import FEEDBACK_PREFIX, Groups
from ._time import aware
from .store.schema import labels, messages, platforms
from .tenants import find_platform

__all__ = ["TEST_SHARE", "export", "pseudonym", "split_of"]

TEST_SHARE = 5  # one record in five is held out for measuring


def pseudonym(key: str, platform_id: str, value: str) -> str:
    digest = hmac.new(key.encode(), f"{platform_id}\x1f{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def split_of(key_pseudonym: str) -> str:
    """`test` for one pseudonym in TEST_SHARE (by its value, so always the same), else `train`."""
    return "test" if int(key_pseudonym[:8], 16) % TEST_SHARE == 0 else "train"


def export(conn: Connection, key: str, out: Path, platform: str | None = None) -> int:
    """Write the labelled conversations to `out` (JSONL); returns how many were written."""
    query = select(labels, platforms.c.name).join(platforms, platforms.c.id == labels.c.platform_id)
    if platform:
        platform = find_platform(conn, platform).id  # an unknown one: an error, not 0 rows
        query = query.where(platforms.c.id == platform)
    latest: dict[tuple[str, str], dict[str, str]] = {}  # conversation -> sender -> latest label
    decided: dict[tuple[str, str], datetime] = {}  # conversation -> its latest decision
    names: dict[str, str] = {}
    for row in conn.execute(query.order_by(labels.c.id)):
        latest.setdefault((row.platform_id, row.conversation_id), {})[row.sender_id] = row.label
        decided[(row.platform_id, row.conversation_id)] = row.created_at
        names[row.platform_id] = row.name
    records: list[dict[str, Any]] = []
    for (platform_id, conversation_id), verdicts in sorted(latest.items()):
        if all(v == "suspicious" for v in verdicts.values()):
            continue
        rows = conn.execute(
            select(messages.c.sender_id, messages.c.sent_at, messages.c.text)
            .where(
                messages.c.platform_id == platform_id,
                messages.c.conversation_id == conversation_id,
                # what the moderators decided on: not messages that came later, nor a
                # conversation begun again under a purged one's id
                messages.c.received_at <= decided[(platform_id, conversation_id)],
            )
            .order_by(messages.c.seq)
        ).all()
        if not rows:
            continue  # purged by retention: nothing left to learn from

        def alias(sender: str, platform_id: str = platform_id) -> str:
            return pseudonym(key, platform_id, sender)

        conversation = pseudonym(key, platform_id, conversation_id)
        records.append(
            {
                "id": f"{FEEDBACK_PREFIX}{conversation}",
                "source": f"{FEEDBACK_PREFIX}{names[platform_id]}",
                "split": conversation,  # replaced below, once every offender is known
                "lang": "und",
                "messages": [
                    {
                        "author": alias(r.sender_id),
                        "time": aware(r.sent_at).isoformat(),
                        "text": r.text,
                    }
                    for r in rows
                ],
                "predators": sorted(alias(s) for s, v in verdicts.items() if v == "grooming"),
                "dismissed": sorted(alias(s) for s, v in verdicts.items() if v == "not_grooming"),
            }
        )
    _assign_splits(records)
    records.sort(key=lambda record: record["id"])  # the raw ids' order would say something
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    written = len(records)
    return written


def _assign_splits(records: list[dict[str, Any]]) -> None:
    """Each record's split, such that no offender's conversations sit on both sides: not
    those he shares with another offender, nor those where a moderator dismissed him (his
    lines would be learned as ordinary chat in train while he is measured in test).

    Offenders who share a conversation form one group; a record with any offender among its
    authors or predators takes the split of that group (by its smallest pseudonym), any
    other record the split of its own conversation pseudonym (`split`, set by the caller)."""
    offenders = {p for record in records for p in record["predators"]}
    groups = Groups()
    involved: list[list[str]] = []
    for record in records:
        present = sorted(
            offenders.intersection(
                [*record["predators"], *(m["author"] for m in record["messages"])]
            )
        )
        involved.append(present)
        for other in present:
            a, b = groups.of(present[0]), groups.of(other)
            groups.join(max(a, b), min(a, b))  # a group is named by its smallest pseudonym
    for record, linked in zip(records, involved, strict=True):
        record["split"] = split_of(groups.of(linked[0]) if linked else record["split"])
