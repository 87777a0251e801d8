"""The `lurewatch` command: train, evaluate, scan past chats, and a demo on bundled samples."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click
from tqdm import tqdm

from ._errors import ConfigError, InputError, LurewatchError
from ._outputs import check_not_existing, check_not_inputs, no_formula
from ._paths import find_data_dir
from ._service_cli import register as register_service_commands
from ._service_cli import store_error
from ._words import counted
from .engine.detector import Detector, default_model_dir
from .engine.signals import Timeline, detect_conversation, explain, timeline_of
from .engine.streaming import ScoreUpdate, SenderState, WarningRule
from .engine.training import (
    ADAPT_C,
    TRAINABLE_SOURCES,
    TrainingTargets,
    adapt_detector,
    feedback_streams,
    train_detector,
)
from .readers import (
    BadRows,
    chat_format,
    check_chat_files,
    find_pan12_files,
    read_chat_file,
    read_feedback,
    read_pan12_xml,
    read_streams,
)
from .records import Conversation, Message, Stream

__all__ = ["main"]


def _parse_rule(text: str) -> WarningRule:
    """`THRESHOLD,K,N` (e.g. `0.99,5,10`) as a warning rule; a usage error says what is wrong."""
    parts = text.split(",")
    try:
        if len(parts) != 3:
            raise ValueError("expected three values")
        return WarningRule(float(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, LurewatchError) as exc:
        raise click.BadParameter(
            f"{text!r}: {exc}; write THRESHOLD,K,N, e.g. 0.99,5,10", param_hint="--warning-rule"
        ) from None


_T = TypeVar("_T")
TICK_SECONDS = 1.0


def _tracked(items: Iterable[_T], desc: str, total: int) -> Iterator[_T]:
    """`items` with a progress bar on standard error (a `model.Track`). On a terminal it is
    redrawn every TICK_SECONDS, so that its elapsed time moves on through a step of minutes
    (one cross-validation fold); elsewhere, a log, it is written as items are done."""
    with tqdm(items, desc=desc, total=total, file=sys.stderr) as bar:
        stop = threading.Event()
        ticker = threading.Thread(target=_tick, args=(bar, stop), daemon=True)
        if sys.stderr.isatty():
            ticker.start()
        try:
            yield from bar
        finally:
            stop.set()
            if ticker.is_alive():
                ticker.join()


def _tick(bar: tqdm[Any], stop: threading.Event) -> None:
    while not stop.wait(TICK_SECONDS):
        bar.refresh()


def _stage(start: float) -> Callable[[str], None]:
    def say(message: str) -> None:
        # through tqdm: a line said while a bar is drawn (a CV fold's) goes above the bar
        # instead of being glued to it
        tqdm.write(f"[{time.monotonic() - start:7.1f}s] {message}", file=sys.stderr)

    return say


class _Group(click.Group):
    """Turns lurewatch's own errors, and a database that cannot be reached, into one clear
    line and the error's exit status (2; 3 where restarting cannot help), not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            error = exc if isinstance(exc, LurewatchError) else store_error(ctx, exc)
            if error is None:
                raise
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_status)


@click.group(cls=_Group)
@click.version_option(package_name="lurewatch")
def main() -> None:
    """lurewatch: early warning for online child grooming in chat."""


_model_option = click.option(
    "--model", "model", default=None, help="Model directory (default: the shipped model)."
)
_skip_bad_option = click.option(
    "--skip-bad", is_flag=True, help="Count and skip bad rows instead of stopping at the first."
)


def _report_skipped(bad: BadRows | None) -> None:
    if bad is not None and bad.count:
        click.echo(bad.summary(), err=True)


def _labels_option(purpose: str, *, required: bool = False) -> Callable[[Any], Any]:
    return click.option(
        "--labels",
        "label_dirs",
        multiple=True,
        required=required,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help=f"{purpose}: a directory with `lurewatch export-labels` output as "
        "corpus/conversations.jsonl; its split=train part is used (repeatable).",
    )


def _feedback(label_dirs: Iterable[Path], bad: BadRows | None) -> list[Stream]:
    """The split=train streams of `export-labels` directories (`training.feedback_streams`),
    with the senders each record says moderators dismissed (its `dismissed` field)."""
    streams: list[Stream] = []
    for directory in label_dirs:
        records = list(read_feedback(directory, split="train", bad=bad))
        dismissed = {conv.id: who for conv, who in records if who is not None}
        if any(who is None and not conv.predators for conv, who in records):
            click.echo(
                f"warning: {directory} was exported before lurewatch recorded whom moderators "
                "dismissed: every participant of its dismissed conversations is learnt as "
                "ordinary chat; run `lurewatch export-labels` again to leave out those no one "
                "judged",
                err=True,
            )
        streams += feedback_streams([conv for conv, _ in records], dismissed)
    return streams


def _check_output_dir(directory: Path, option: str, given: Path | None = None) -> None:
    """Refuse, before a long run rather than after it, a directory that could not be written
    in: one at or under a file, or one whose nearest existing ancestor takes no new file (tried
    with a temporary file, since permission bits do not tell for root or /proc). Errors name
    the option's value, `given` when that is a file in `directory`."""
    where = f"{option} {given or directory}"
    existing = directory
    while not os.path.exists(existing) and existing != existing.parent:
        existing = existing.parent
    if not os.path.isdir(existing):
        raise ConfigError(f"{where}: {existing} is not a directory; choose another path")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise ConfigError(
            f"{where}: cannot write in {existing} ({exc.strerror}); choose another path"
        ) from None


def _check_output_file(path: Path, option: str) -> None:
    """Refuse, before a long run, an output file path that names a directory or lies where
    nothing can be written (see `_check_output_dir`)."""
    if path.name in ("", "..") or os.path.isdir(path):
        raise ConfigError(f"{option} {path}: is a directory; give a file name, e.g. {path / 'out'}")
    _check_output_dir(path.parent, option, path)


@contextmanager
def _writing(path: Path, option: str) -> Iterator[None]:
    """Turn a failure to write an output into a clean error naming it: the checks before the
    run cannot foresee everything (a full disk, a path taken meanwhile)."""
    try:
        yield
    except OSError as exc:
        raise ConfigError(
            f"{option} {exc.filename or path}: cannot write ({exc.strerror or exc})"
        ) from None


_data_option = click.option(
    "--data",
    "data",
    default=None,
    help="Benchmark data dir (default: $LUREWATCH_DATA or ../shared/data).",
)


@main.command()
@_data_option
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path), help="Model directory to write."
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(0, 2**32 - 1),
    help="Random seed (training is reproducible).",
)
@click.option(
    "--n-features",
    default=2**20,
    show_default=True,
    type=click.IntRange(1, 2**31 - 1),
    help="Hashed feature space size (smaller: smaller, less accurate model).",
)
@click.option(
    "--cv",
    default=3,
    show_default=True,
    type=click.IntRange(2, 10),
    help="Cross-validation folds used for calibration and thresholds.",
)
@click.option(
    "--cross-domain",
    is_flag=True,
    help="Hold out each ordinary source whole in CV, so thresholds must hold on unseen chat.",
)
@click.option(
    "--behaviour-log-ratio",
    default=TrainingTargets.behaviour_log_ratio,
    show_default=True,
    type=click.FloatRange(0, 10),
    help="Log-odds the warning rule adds once a sender showed a grooming-specific behaviour.",
)
@_labels_option("Also learn from moderators' decisions")
@_skip_bad_option
def train(
    data: str | None,
    out: Path,
    seed: int,
    n_features: int,
    cv: int,
    cross_domain: bool,
    behaviour_log_ratio: float,
    label_dirs: tuple[Path, ...],
    skip_bad: bool,
) -> None:
    """Train a detector on split=train of the trainable sources (and of moderators' labels);
    choose thresholds by CV."""
    from .engine.model import RiskModel, check_model_directory

    check_model_directory(out)  # saving replaces it: refused now, not after training
    _check_output_dir(out.parent, "--out", out)  # saving writes beside it first
    say = _stage(time.monotonic())
    data_dir = find_data_dir(data)
    bad = BadRows() if skip_bad else None
    feedback = _feedback(label_dirs, bad)  # small: a wrong directory fails before the corpus
    streams = list(
        tqdm(
            read_streams(data_dir, split="train", sources=TRAINABLE_SOURCES, bad=bad),
            desc="reading train streams",
            unit=" streams",
            file=sys.stderr,
        )
    )
    _report_skipped(bad)
    detector = train_detector(
        [*streams, *feedback],
        model=RiskModel(n_features=n_features, cv=cv, random_state=seed),
        targets=TrainingTargets(behaviour_log_ratio=behaviour_log_ratio),
        cross_domain=cross_domain,
        progress=say,
        track=_tracked,
    )
    detector.training["seed"] = seed
    detector.training["data"] = "split=train of " + ", ".join(sorted(TRAINABLE_SOURCES))
    if label_dirs:
        detector.training["data"] += " and of moderators' labels in " + ", ".join(
            str(d) for d in label_dirs
        )
        detector.training["feedback_streams_by_role"] = dict(Counter(s.role for s in feedback))
    detector.save(out)
    say(f"saved to {out}")
    click.echo(json.dumps(detector.training, indent=2))


@main.command()
@_labels_option("Moderators' decisions to adapt to", required=True)
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path), help="Model directory to write."
)
@click.option(
    "--strength",
    "C",
    default=ADAPT_C,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="How much each labelled conversation side weighs against what the model learnt "
    "in training (the fine-tuning's C).",
)
@_model_option
@_skip_bad_option
def adapt(
    label_dirs: tuple[Path, ...], out: Path, C: float, model: str | None, skip_bad: bool
) -> None:
    """Fine-tune a model on moderators' labels alone (no benchmark data needed); the warning
    rule stays the model's. Measure it with `evaluate --data LABELS --split test --model OUT`."""
    from .engine.model import check_model_directory

    check_model_directory(out)  # saving replaces it: refused now, not after fine-tuning
    _check_output_dir(out.parent, "--out", out)  # saving writes beside it first
    check_not_inputs([(out, "--out")], [Path(model) if model else default_model_dir()])
    say = _stage(time.monotonic())
    detector = Detector.load(model, posterior=True)
    bad = BadRows() if skip_bad else None
    streams = _feedback(label_dirs, bad)
    _report_skipped(bad)
    say(f"fine-tuning on {len(streams)} labelled conversation sides")
    adapted = adapt_detector(detector, streams, C=C)
    if not adapted.training["adapted"][-1]["converged"]:
        click.echo("warning: the fine-tuning stopped before it converged", err=True)
    adapted.training["adapted"][-1]["from"] = model or "the shipped model"
    adapted.training["adapted"][-1]["labels"] = [str(d) for d in label_dirs]
    adapted.save(out)
    say(f"saved to {out}")
    click.echo(json.dumps(adapted.training["adapted"][-1], indent=2))


@main.command()
@_data_option
@click.option("--split", default="test", show_default=True, type=click.Choice(["train", "test"]))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="Write the JSON report here; with --pan12 also the submission files problem1.txt "
    "and problem2.txt beside it (replacing any there).",
)
@click.option(
    "--plots", "plots", type=click.Path(path_type=Path), help="Write PNG plots to this dir."
)
@click.option(
    "--markdown",
    "markdown",
    type=click.Path(path_type=Path),
    help="Also write the report as BENCHMARKS-style Markdown here.",
)
@click.option(
    "--pan12",
    "pan12",
    type=click.Path(file_okay=False, path_type=Path),
    help="Score an official PAN12 directory instead.",
)
@click.option(
    "--signals",
    "signals",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Annotated behaviour-signal set (default: benchmarks/signals/annotations.jsonl, "
    "left out when absent).",
)
@click.option(
    "--without-signals",
    is_flag=True,
    help=(
        "Score with the words alone: no behaviour signal in the warning rule, and the rule "
        "chosen for that in training (for the comparison)."
    ),
)
@click.option(
    "--compare",
    "compare",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A --without-signals report (JSON) to compare with, in the Markdown.",
)
@click.option(
    "--warning-rule",
    "warning_rule",
    metavar="THRESHOLD,K,N",
    default=None,
    help="Warn with this rule instead of the model's (what a platform setting would give).",
)
@_model_option
@_skip_bad_option
def evaluate(
    data: str | None,
    split: str,
    out: Path | None,
    plots: Path | None,
    markdown: Path | None,
    pan12: Path | None,
    signals: Path | None,
    without_signals: bool,
    compare: Path | None,
    warning_rule: str | None,
    model: str | None,
    skip_bad: bool,
) -> None:
    """Run the benchmark protocols (or PAN12's official task with --pan12) and report."""
    from .evaluation.protocols import StreamRun, evaluate_corpus, evaluate_pan12
    from .evaluation.signals import DEFAULT_ANNOTATIONS

    say = _stage(time.monotonic())
    corpus_only = [
        name
        for name, value in (
            ("--plots", plots),
            ("--markdown", markdown),
            ("--compare", compare),
            ("--signals", signals),
        )
        if value is not None
    ]
    if pan12 is not None and corpus_only:
        raise click.UsageError(
            f"{', '.join(corpus_only)}: not used with --pan12 (it reports problems 1 and 2 only)"
        )
    if compare is not None and markdown is None:
        raise click.UsageError("--compare goes into the Markdown report: add --markdown FILE")
    if out is not None:
        _check_output_file(out, "--out")
    if markdown is not None:
        _check_output_file(markdown, "--markdown")
    if plots is not None:
        _check_output_dir(plots, "--plots")
    outputs = [(p, o) for p, o in ((out, "--out"), (markdown, "--markdown")) if p is not None]
    inputs: list[Path | None] = [compare, signals]
    if pan12 is not None:
        files = find_pan12_files(pan12)
        inputs += [files.corpus, files.predators, files.problem2]
        if out is not None:
            for name in ("problem1.txt", "problem2.txt"):
                _check_output_file(out.parent / name, "--out")
                outputs.append((out.parent / name, "--out"))
    check_not_inputs(outputs, inputs)
    without = _saved_report(compare) if compare is not None else None
    detector = Detector.load(model)
    if without_signals:
        detector = detector.without_signals()
    if warning_rule is not None:
        detector = replace(detector, rule=_parse_rule(warning_rule))
    bad = BadRows() if skip_bad else None
    if pan12 is not None:
        report = evaluate_pan12(pan12, detector, out_dir=out.parent if out else None, bad=bad)
    else:
        if signals is None and DEFAULT_ANNOTATIONS.is_file():  # the default is optional
            signals = DEFAULT_ANNOTATIONS
        runs: list[StreamRun] = []
        report = evaluate_corpus(
            find_data_dir(data),
            split,
            detector,
            model=model,
            progress=say,
            keep_runs=runs,
            bad=bad,
            signal_annotations=signals,
        )
        if plots is not None:
            from .evaluation.report import write_plots

            with _writing(plots, "--plots"):
                report["plots"] = write_plots(report, runs, detector, plots)
        if markdown is not None:
            from .evaluation.report import render_markdown
            from .evaluation.sections import keep_sections

            command = "lurewatch " + " ".join(sys.argv[1:])
            text = render_markdown(report, command, without) + "\n"
            with _writing(markdown, "--markdown"):
                markdown.parent.mkdir(parents=True, exist_ok=True)
                markdown.write_text(keep_sections(markdown, text), encoding="utf-8")
    _report_skipped(bad)
    report["skipped_rows"] = bad.count if bad else 0
    text = json.dumps(report, indent=2, sort_keys=True)
    if out is not None:
        with _writing(out, "--out"):
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n", encoding="utf-8")
        say(f"wrote {out}")
    click.echo(text)


def _saved_report(path: Path) -> dict[str, Any]:
    """The corpus report given to --compare, read before the run so a wrong file fails fast."""
    hint = "give the --out report of a `lurewatch evaluate --without-signals` run"
    try:
        report = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"not JSON ({exc.msg})", hint) from None
    except UnicodeDecodeError:
        raise InputError(path, None, "not JSON (not UTF-8 text)", hint) from None
    if not isinstance(report, dict) or "split" not in report:
        raise InputError(path, None, "not a report of `lurewatch evaluate` on a corpus", hint)
    return report


def _read_all(paths: Iterable[Path], bad: BadRows | None) -> Iterator[Conversation]:
    """Conversations of every file in order; PAN12 XML streams, so a 1 GB corpus fits."""
    for path in paths:
        if chat_format(path) == "xml":
            yield from read_pan12_xml(path, bad=bad)
        else:
            yield from read_chat_file(path, bad=bad)


def _scan(
    conversations: Iterable[Conversation], detector: Detector
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Score conversations in order; return flagged conversations, flagged senders, count."""
    scorer = detector.scorer()
    flagged: list[dict[str, Any]] = []
    warned: dict[str, Message] = {}  # sender -> the message their overall warning fired on
    count = 0
    with closing(_progress(conversations, "scanning", " conversations")) as shown:
        for conv in shown:
            count += 1
            updates = scorer.process(conv.messages)
            scorer.forget([conv.id])  # the senders' own state is kept across conversations
            _note_sender_warnings(conv, scorer.senders, warned)
            if not updates:
                continue
            fired_at = next((i for i, u in enumerate(updates) if u.warning_fired), None)
            if fired_at is None:
                continue
            flagged.append(_flag_record(conv, updates, fired_at))
    risky = sorted(
        (
            (s, st)
            for s, st in scorer.senders.items()
            if st.risk >= detector.identification_threshold or st.warned_at is not None
        ),
        key=lambda pair: -pair[1].risk,
    )
    senders = []
    for s, st in risky:
        at = warned.get(s)
        senders.append(
            {
                "sender_id": s,
                "risk": round(st.risk, 4),
                "messages": st.count,
                "warned_at_own_message": st.warned_at,
                "warning_conversation_id": None if at is None else at.conversation_id,
                "warning_message_id": None if at is None else at.message_id,
                "warning_line": None if at is None else at.line,
                "evidence": [
                    {
                        "conversation_id": e.conversation_id,
                        "message_id": e.message_id,
                        "line": e.line,
                        "weight": round(e.weight, 3),
                    }
                    for e in st.evidence
                ],
            }
        )
    return flagged, senders, count


def _cases_of(sender: dict[str, Any]) -> list[str]:
    """The conversations a flagged sender's record rests on: the one their warning fired
    in, then those of their evidence, heaviest first."""
    ids = [sender["warning_conversation_id"], *(e["conversation_id"] for e in sender["evidence"])]
    return list(dict.fromkeys(i for i in ids if i is not None))


def _explain_senders(senders: list[dict[str, Any]], conversations: Iterable[Conversation]) -> None:
    """Give each flagged sender's record its `explanation`: what `explain` says of them in
    each conversation their record rests on (`_cases_of`), as for a flagged conversation
    ("in conversation c1: asked for secrecy (msg 4), ...; in conversation c9: ...").

    `conversations` is a second read of the files: the first kept no conversation, and
    those needed are known only once every one was scored. Only they are analysed, and
    reading stops once all were found (the first of any id read twice).
    """
    wanted: dict[str, list[dict[str, Any]]] = {}
    for sender in senders:
        for conversation_id in _cases_of(sender):
            wanted.setdefault(conversation_id, []).append(sender)
    said: dict[tuple[str, str], str] = {}
    if wanted:
        with closing(_progress(conversations, "explaining senders", " conversations")) as shown:
            for conv in shown:
                who = wanted.pop(conv.id, None)
                if who is None:
                    continue
                timeline = timeline_of(conv.messages, by_line=True)
                for sender in who:
                    lines = [
                        e["line"] for e in sender["evidence"] if e["conversation_id"] == conv.id
                    ]
                    said[sender["sender_id"], conv.id] = explain(
                        timeline, sender["sender_id"], lines
                    )
                if not wanted:
                    break
    for sender in senders:
        cases = [(c, said.get((sender["sender_id"], c))) for c in _cases_of(sender)]
        sender["explanation"] = (
            "; ".join(f"in conversation {c}: {text}" for c, text in cases if text is not None)
            or "no behaviour signal"
        )


def _progress(
    items: Iterable[Conversation], desc: str, unit: str
) -> Generator[Conversation, None, None]:
    """`items` with a progress bar on standard error, drawn once the first item is read: an
    error before it (an empty file, a bad first row) stands alone on its line, not glued to a
    bar. Close the generator (`contextlib.closing`) so that the bar is closed, its line
    ended, before an error after it reaches the CLI."""
    iterator = iter(items)
    first = next(iterator, None)
    if first is None:
        return
    with tqdm(desc=desc, unit=unit, file=sys.stderr) as bar:
        yield first
        bar.update()
        for item in iterator:
            yield item
            bar.update()


def _note_sender_warnings(
    conv: Conversation, senders: dict[str, SenderState], warned: dict[str, Message]
) -> None:
    """Add to `warned` the senders whose overall warning fired in `conv`, with the message
    it fired on: their `warned_at`-th message across the scan, which is a count only."""
    own: dict[str, list[Message]] = {}
    for message in conv.messages:
        own.setdefault(message.sender_id, []).append(message)
    for sender, messages in own.items():
        state = senders[sender]
        if state.warned_at is not None and sender not in warned:
            before = state.count - len(messages)  # the sender's messages in earlier ones
            warned[sender] = messages[state.warned_at - before - 1]


def _added_at(updates: Sequence[ScoreUpdate]) -> dict[int, int]:
    """The 1-based position of the message that added each evidence item, keyed by the item's
    id(): message ids may repeat in a chat file, the item objects cannot (`updates` keeps them
    all alive, so no id is reused)."""
    added: dict[int, int] = {}
    for position, update in enumerate(updates, 1):
        for item in update.evidence:
            added.setdefault(id(item), position)
    return added


def _flag_record(conv: Conversation, updates: list[ScoreUpdate], fired_at: int) -> dict[str, Any]:
    """The scan's record of a flagged conversation; `fired_at` indexes the update that warned.

    Messages are found by position (updates come one per message, in order), never by id,
    and cited by their line in the source (PAN12's `line` attribute; the position in the
    conversation for JSONL and CSV): the number a moderator finds in the file, which a
    position would not be once --skip-bad drops a PAN12 message.
    """
    fired = updates[fired_at]
    last = updates[-1]
    timeline = timeline_of(conv.messages, by_line=True)
    sender = fired.sender_id
    labels: dict[str, list[int]] = {}
    on_message: dict[int, list[str]] = {}
    for f in timeline.firings:
        on_message.setdefault(f.index, []).append(f.label)
        if f.sender_id == sender:
            labels.setdefault(f.label, []).append(f.index)
    added = _added_at(updates)
    evidence = [(e, added[id(e)]) for e in fired.evidence if id(e) in added]
    return {
        "conversation_id": conv.id,
        "risk": round(max(u.conversation_risk for u in updates), 4),
        "final_risk": round(last.conversation_risk, 4),
        "flagged_sender": fired.sender_id,
        "warning_message_id": fired.message_id,
        "warning_line": conv.messages[fired_at].line,
        "minor_disclosed_by": list(last.minors),
        "evidence": [
            {
                "message_id": e.message_id,
                "line": e.line,
                "weight": round(e.weight, 3),
                "text": conv.messages[position - 1].text,
                "labels": on_message.get(e.line, []),
            }
            for e, position in evidence
        ],
        "labels": labels,
        "stages": [name for name, _ in timeline.stages(sender)],
        "explanation": explain(timeline, sender, [e.line for e, _ in evidence]),
    }


SCAN_CSV_COLUMNS = (
    "conversation_id",
    "risk",
    "flagged_sender",
    "warning_line",
    "evidence_lines",
    "labels",
    "explanation",
)
SCAN_SENDERS_CSV_COLUMNS = (
    "sender_id",
    "risk",
    "messages",
    "warned_at_own_message",
    "warning_conversation_id",
    "warning_line",
    "evidence_lines",
    "explanation",
)
_SCAN_JSON_START = '{\n  "files": ['


def _scan_outputs(out: Path) -> dict[Path, str]:
    """The files `scan --out PREFIX` writes, each with how it begins when a scan wrote it
    (the JSON's first key, a CSV's header line): PREFIX.json, PREFIX.csv (conversations)
    and PREFIX-senders.csv."""
    return {
        out.with_name(out.name + ".json"): _SCAN_JSON_START,
        out.with_name(out.name + ".csv"): ",".join(SCAN_CSV_COLUMNS) + "\n",
        out.with_name(out.name + "-senders.csv"): ",".join(SCAN_SENDERS_CSV_COLUMNS) + "\n",
    }


def _begins(path: Path, start: str) -> bool:
    """Whether `path` begins with `start`, read as text with any line ends (a file written
    on Windows, or a CSV, ends its lines in CRLF): an earlier scan's own output, which a scan
    may replace without --force."""
    try:
        with path.open(encoding="utf-8", newline=None) as handle:
            return handle.read(len(start)) == start
    except (OSError, UnicodeDecodeError):
        return False


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("scan"),
    show_default=True,
    help="Output prefix: writes PREFIX.json, PREFIX.csv (conversations) and PREFIX-senders.csv.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite PREFIX.json, PREFIX.csv and PREFIX-senders.csv if they exist (an earlier "
    "scan's are anyway).",
)
@_skip_bad_option
@_model_option
def scan(
    files: tuple[Path, ...], out: Path, force: bool, skip_bad: bool, model: str | None
) -> None:
    """Score past chats (PAN12 XML, JSONL, CSV, corpus conversations) and write the flagged
    ones with evidence."""
    detector = Detector.load(model)
    check_chat_files(files, "scan")
    if out.name in ("", ".."):
        raise ConfigError(f"--out {out}: the prefix needs a name, e.g. {out / 'scan'}")
    outputs = _scan_outputs(out)
    json_path, csv_path, senders_path = outputs
    for path in outputs:
        _check_output_file(path, "--out")
    check_not_inputs([(path, "--out") for path in outputs], files)
    if not force:
        check_not_existing(outputs, "--out", out, lambda path: _begins(path, outputs[path]))
    bad = BadRows() if skip_bad else None
    flagged, senders, count = _scan(_read_all(files, bad), detector)
    # the second read skips the same rows; the first counted them
    _explain_senders(senders, _read_all(files, BadRows() if skip_bad else None))
    result = {
        "files": [str(f) for f in files],
        "conversations": count,
        "skipped_rows": bad.count if bad else 0,
        "warning_rule": detector.rule.to_dict(),
        "flagged_conversations": flagged,
        "flagged_senders": senders,
    }
    with _writing(json_path, "--out"):
        out.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    _write_csv(
        csv_path,
        SCAN_CSV_COLUMNS,
        (
            [
                no_formula(rec["conversation_id"]),
                rec["risk"],
                no_formula(rec["flagged_sender"]),
                rec["warning_line"],
                " ".join(str(e["line"]) for e in rec["evidence"]),
                " ".join(rec["labels"]),
                no_formula(rec["explanation"]),
            ]
            for rec in flagged
        ),
    )
    _write_csv(
        senders_path,
        SCAN_SENDERS_CSV_COLUMNS,
        (
            [
                no_formula(rec["sender_id"]),
                rec["risk"],
                rec["messages"],
                rec["warned_at_own_message"],
                no_formula(rec["warning_conversation_id"] or ""),
                rec["warning_line"],
                no_formula(
                    " ".join(f"{e['conversation_id']}:{e['line']}" for e in rec["evidence"])
                ),
                no_formula(rec["explanation"]),
            ]
            for rec in senders
        ),
    )
    _report_skipped(bad)
    click.echo(
        f"{len(flagged)} of {counted(count, 'conversation')} flagged, "
        f"{counted(len(senders), 'sender')}; "
        f"wrote {json_path}, {csv_path} and {senders_path}"
    )


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[list[Any]]) -> None:
    """A scan CSV (UTF-8 whatever the locale); cells from the chat come `no_formula`."""
    with _writing(path, "--out"), path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


# Characters that would break the one-line-per-message layout or drive the terminal: C0/C1
# controls (newline, ESC...), line and paragraph separators, and bidirectional overrides.
_UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    """`text` for a terminal line, its control characters escaped as Python writes them
    (\\n, \\x1b, \\u2028); only the text view needs this, JSON keeps the text exact."""
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@main.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: conversations with labels inline; json: one object per message.",
)
@_skip_bad_option
def explain_command(file: Path, fmt: str, skip_bad: bool) -> None:
    """Show the behaviour signals of every message of a chat file (PAN12 XML, JSONL, CSV,
    corpus conversations)."""
    check_chat_files([file], "explain")
    bad = BadRows() if skip_bad else None
    for conv in _read_all([file], bad):
        found = detect_conversation((m.sender_id, m.text) for m in conv.messages)
        if fmt == "json":
            for message, signals in zip(conv.messages, found, strict=True):
                record = {
                    "conversation_id": conv.id,
                    "message_id": message.message_id,
                    "sender_id": message.sender_id,
                    "line": message.line,  # the number the text view and scan cite
                    "labels": [s.to_dict() for s in signals],
                }
                click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.echo(f"conversation {_shown(conv.id)} ({counted(len(conv.messages), 'message')})")
        timeline = Timeline()
        for message, signals in zip(conv.messages, found, strict=True):
            index = timeline.add(message.sender_id, message.text, signals, message.line)
            marks = "; ".join(
                f'{s.label} {s.confidence:.2f} "{_shown(message.text[s.start : s.end])}"'
                for s in signals
            )
            line = f"  {index:>4} {_shown(message.sender_id)}: {_shown(message.text)}"
            click.echo(f"{line}  [{marks}]" if marks else line)
        for sender in timeline.senders:
            # A sender's own minor disclosure is the others' context, not a behaviour of
            # theirs (`explain` leaves it out): a line for it alone would say "no behaviour".
            if set(timeline.firings_of(sender)) - {"minor_self_disclosure"}:
                click.echo(f"  -> {_shown(sender)}: {_shown(explain(timeline, sender))}")
        click.echo("")
    _report_skipped(bad)


register_service_commands(main)
