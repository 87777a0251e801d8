"""Import past chats into the store (`lurewatch import`): the files `lurewatch scan` reads
(generic JSONL or CSV, PAN12 XML), stored and scored as if they had arrived through the API,
so their alerts reach the moderators' queue with the evidence.

Every message passes the API's own checks (ids, text length, valid Unicode). The files are
read twice: first only checked, so a bad row or message stops the import before anything is
stored (with `--skip-bad` it is counted and skipped instead); then imported in batches, each
committed as an API batch is. Importing a file again stores nothing twice (messages are
idempotent on the platform and `message_id`; one id used for two different messages in the
files is refused, as it would otherwise drop the second as a repeat). Times: an ISO time
with an offset is kept; one without is read in the given zone; a message without a date
(none given, or PAN12's time-of-day `03:20`) is dated at the import, in file order.

Retention applies as to any message: a conversation older than the platform's retention
period that raises no alert is deleted by the next purge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from .._errors import InputError, LurewatchError
from ..engine.detector import Detector
from ..readers import BadRows, read_messages
from ..records import Message
from ._time import utcnow
from .api.models import MessageIn, incoming, oversized, problems
from .ingest import IncomingMessage, Ingestor, same_message_key
from .settings import Settings
from .store.database import Database
from .tenants import find_platform

__all__ = ["ImportReport", "import_files", "sent_time"]

BATCH: Final = 500
MAX_EXAMPLES: Final = 5


@dataclass
class ImportReport:
    """What an import did. With `--skip-bad`: `skipped` holds the first few rows the readers
    could not read, as (file, line, reason), and `rejected` the first few messages that
    failed the API's checks, as (file, message id, reason)."""

    files: list[str]
    messages: int = 0
    accepted: int = 0
    duplicates: int = 0
    conflicts: int = 0  # not stored: their id is stored for another message
    conflicted: list[str] = field(default_factory=list)  # the first few of their ids
    alerts_created: int = 0
    alerts_updated: int = 0
    dated_at_import: int = 0
    skipped_rows: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    rejected_count: int = 0
    rejected: list[tuple[str, str, str]] = field(default_factory=list)


def sent_time(value: str | None, zone: tzinfo, now: datetime) -> tuple[datetime, bool]:
    """The message's time (with a zone: its own offset, else `zone`), and whether it had no
    date and was given `now`. The API's checks move it to UTC, or refuse an instant that
    has no UTC equivalent in years 1 to 9999."""
    if not value:
        return now, True
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:  # a time of day alone
        return now, True
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when, False


class _Checked:
    """The messages of the files, each turned into what the ingestor takes, or refused."""

    def __init__(
        self, paths: Sequence[Path], settings: Settings, zone: tzinfo, skip_bad: bool
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.zone = zone
        self.skip_bad = skip_bad
        self.now = utcnow()

    def __call__(self, report: ImportReport) -> Iterator[IncomingMessage]:
        bad = BadRows() if self.skip_bad else None
        seen: dict[str, tuple[str, int]] = {}  # message id -> its conversation, content hash
        for path in self.paths:
            for message in read_messages(path, bad=bad):
                checked = self._check(path, message, report)
                if checked is not None and self._unique(path, checked, seen, report):
                    yield checked
        if bad is not None:
            report.skipped_rows, report.skipped = bad.count, list(bad.examples)

    def _check(self, path: Path, message: Message, report: ImportReport) -> IncomingMessage | None:
        when, undated = sent_time(message.sent_at, self.zone, self.now)
        fields = {
            "conversation_id": message.conversation_id,
            "message_id": message.message_id,
            "sender_id": message.sender_id,
            "sent_at": when,
            "text": message.text,
        }
        try:
            checked = MessageIn.model_validate(fields)
        except ValidationError as exc:
            self._refuse(path, message, problems(exc), report)
            return None
        too_long = oversized(checked.text, self.settings.max_text_bytes)
        if too_long:
            self._refuse(path, message, f"{too_long} (setting max_text_bytes)", report)
            return None
        report.dated_at_import += undated
        return incoming(checked)

    def _unique(
        self,
        path: Path,
        message: IncomingMessage,
        seen: dict[str, tuple[str, int]],
        report: ImportReport,
    ) -> bool:
        """Message ids are unique per platform (as in the API): the same id again for the
        same message (`same_message_key`) is a repeat (stored once), for another a conflict,
        which would otherwise be dropped as "already stored"."""
        content = same_message_key(message)
        first = seen.setdefault(message.message_id, (message.conversation_id, content))
        if first[1] == content:
            return True
        reason = (
            f"its message id was used earlier in this import for another message (of "
            f"conversation {first[0][:200]!r}); message ids must be unique per platform"
        )
        self._refuse(path, message, reason, report)
        return False

    def _refuse(
        self, path: Path, message: Message | IncomingMessage, reason: str, report: ImportReport
    ) -> None:
        """Stop the import, or with `--skip-bad` count the message and go on."""
        if not self.skip_bad:
            raise InputError(
                path,
                None,
                f"message {message.message_id[:200]!r} of conversation "
                f"{message.conversation_id[:200]!r}: {reason}",
                "fix it, or pass --skip-bad to count and skip such messages",
            )
        report.rejected_count += 1
        if len(report.rejected) < MAX_EXAMPLES:
            report.rejected.append((str(path), message.message_id[:200], reason))


def import_files(
    database: Database,
    detector: Detector,
    settings: Settings,
    platform: str,
    paths: Sequence[Path],
    *,
    zone: tzinfo = UTC,
    skip_bad: bool = False,
    webhooks: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every message of `paths`, then store and score them for `platform`;
    `progress(done, total)` after each batch. Without `webhooks`, the alerts are raised for
    the console but no webhook reports them (an import of old history need not page anyone)."""
    with database.read() as conn:
        target = find_platform(conn, platform)
    if not webhooks:
        quiet = target.settings.model_copy(update={"webhook_url": None})
        target = replace(target, settings=quiet)
    messages = _Checked(paths, settings, zone, skip_bad)
    report = ImportReport(files=[str(p) for p in paths])
    total = sum(1 for _ in messages(ImportReport(files=report.files)))  # raises on bad input
    ingestor = Ingestor(database, detector)
    batch: list[IncomingMessage] = []

    def flush() -> None:
        result = ingestor.ingest(target, batch)
        report.accepted += result.accepted
        report.duplicates += result.duplicates
        report.conflicts += result.conflicts
        report.conflicted += [
            r["message_id"][:200] for r in result.body["results"] if r["status"] == "conflict"
        ][: MAX_EXAMPLES - len(report.conflicted)]
        report.alerts_created += result.alerts_created
        report.alerts_updated += result.alerts_updated
        batch.clear()
        if progress is not None:
            progress(report.accepted + report.duplicates + report.conflicts, total)

    for message in messages(report):
        batch.append(message)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    report.messages = report.accepted + report.duplicates + report.conflicts
    if report.messages != total:
        raise LurewatchError(
            f"the files changed while they were imported: {total} messages checked, "
            f"{report.messages} imported; run the import again (nothing is stored twice)"
        )
    return report
