"""Moderators' decisions as training data, in the corpus `conversations` schema.

One record per labelled conversation whose messages are still stored: sender and
conversation ids replaced by keyed HMAC-SHA256 pseudonyms (the same id and key always give the
same pseudonym, so exports can be joined; another key unlinks them), `predators` listing the
senders a moderator judged to be grooming. Conversations labelled only `suspicious` (a
"monitor" decision) are left out: they are not ground truth either way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from sqlalchemy import Connection, select

from ._time import aware
from .store.schema import labels, messages, platforms

__all__ = ["export", "pseudonym"]


def pseudonym(key: str, platform_id: str, value: str) -> str:
    digest = hmac.new(key.encode(), f"{platform_id}\x1f{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def export(conn: Connection, key: str, out: Path, platform: str | None = None) -> int:
    """Write the labelled conversations to `out` (JSONL); returns how many were written."""
    query = select(labels, platforms.c.name).join(platforms, platforms.c.id == labels.c.platform_id)
    if platform:
        query = query.where((platforms.c.id == platform) | (platforms.c.name == platform))
    latest: dict[tuple[str, str], dict[str, str]] = {}  # conversation -> sender -> latest label
    names: dict[str, str] = {}
    for row in conn.execute(query.order_by(labels.c.id)):
        latest.setdefault((row.platform_id, row.conversation_id), {})[row.sender_id] = row.label
        names[row.platform_id] = row.name
    written = 0
    with out.open("w", encoding="utf-8") as fh:
        for (platform_id, conversation_id), verdicts in sorted(latest.items()):
            if all(v == "suspicious" for v in verdicts.values()):
                continue
            rows = conn.execute(
                select(messages.c.sender_id, messages.c.sent_at, messages.c.text)
                .where(
                    messages.c.platform_id == platform_id,
                    messages.c.conversation_id == conversation_id,
                )
                .order_by(messages.c.seq)
            ).all()
            if not rows:
                continue  # purged by retention: nothing left to learn from

            def alias(sender: str, platform_id: str = platform_id) -> str:
                return pseudonym(key, platform_id, sender)

            record = {
                "id": f"lurewatch:{pseudonym(key, platform_id, conversation_id)}",
                "source": f"lurewatch:{names[platform_id]}",
                "split": "train",
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
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written
