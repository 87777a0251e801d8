"""The four evaluation protocols of the benchmark data README, and PAN12's official task.

Every protocol drives the same `StreamingScorer` the service uses, message by message, with
the detector's shipped operating points: nothing here fits or tunes anything.
"""

from __future__ import annotations

import ast
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import DataNotFoundError
from .._paths import DATA_HINT
from ..engine.detector import Detector
from ..engine.streaming import ScoreUpdate, WarningRule, first_warning
from ..readers import (
    CORPUS_FILES,
    BadRows,
    corpus_file,
    find_pan12_files,
    read_conversations,
    read_pan12_author_ids,
    read_pan12_lines,
    read_pan12_xml,
    read_segments,
    read_streams,
)
from ..records import Conversation, Message, Segment, Stream
from .metrics import early_scores, f1_at_threshold, rate_by_group, roc_auc, set_scores
from .pan12 import score_problem1, score_problem2, write_problem1, write_problem2
from .signals import evaluate_signals
from .speed import measure_in_subprocess

__all__ = [
    "SEGMENT_PREFIXES",
    "StreamRun",
    "evaluate_corpus",
    "evaluate_pan12",
    "interleave",
    "runs_of_curves",
    "score_stream",
    "segment_lines",
]

SEGMENT_PREFIXES = (0.1, 0.3, 0.5)
# Median words per chat line on split=train (whitespace-separated, all sources; a test with
# the data recomputes it): the size of a pseudo-message cut from text that lost its line
# breaks (VTPAN's English segments are one long string).
PSEUDO_MESSAGE_WORDS = 5
Progress = Callable[[str], None]


@dataclass
class StreamRun:
    """One author stream replayed through the scorer."""

    stream: Stream
    risks: NDArray[np.float64]  # the sender's risk after each line
    rule_risks: NDArray[np.float64]  # ... as the warning rule saw it (signal boosts included)
    warned_at: int | None

    @property
    def final_risk(self) -> float:
        return float(self.risks[-1]) if len(self.risks) else 0.0


def score_stream(detector: Detector, stream: Stream) -> StreamRun:
    """Feed one author's lines, in order, through a fresh scorer; keep every risk."""
    name = stream.id
    scorer = detector.scorer()
    messages = [
        Message(name, f"{name}:{i}", name, text, None, i) for i, text in enumerate(stream.lines, 1)
    ]
    updates = scorer.process(messages)
    risks = np.fromiter((u.sender_risk for u in updates), dtype=np.float64, count=len(updates))
    seen = np.fromiter((u.rule_risk for u in updates), dtype=np.float64, count=len(updates))
    warned = next((i for i, u in enumerate(updates, 1) if u.warning_fired), None)
    return StreamRun(stream, risks, seen, warned)


def runs_of_curves(
    streams: Sequence[Stream], curves: Sequence[NDArray[np.float64]]
) -> list[StreamRun]:
    """Runs from risk curves computed elsewhere (out-of-fold training scores, say), each the
    risks the warning rule sees; warnings are left to the protocol's rule."""
    return [StreamRun(s, c, c, None) for s, c in zip(streams, curves, strict=True)]


def segment_lines(text: str) -> list[str]:
    """A segment's messages: a Python list literal (VTPAN's German rows), lines, or else
    pseudo-messages of PSEUDO_MESSAGE_WORDS words when the text has no boundaries at all."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = ast.literal_eval(stripped)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    lines = [line for line in stripped.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    words = stripped.split()
    chunks = [
        " ".join(words[i : i + PSEUDO_MESSAGE_WORDS])
        for i in range(0, len(words), PSEUDO_MESSAGE_WORDS)
    ]
    return chunks or [stripped]


def _prefix(lines: list[str], fraction: float) -> list[str]:
    """The first `fraction` of the segment's characters, cutting the last line if needed."""
    budget = max(1, round(fraction * sum(len(x) for x in lines)))
    out: list[str] = []
    for line in lines:
        if budget <= 0:
            break
        out.append(line[:budget])
        budget -= len(line)
    return out


def _no_positives(scores: dict[str, Any], flagged_any: bool) -> dict[str, Any]:
    """`scores` as a set without positives leaves them: recall and every F-measure are
    undefined (n/a, not the vacuous 1.0 of `set_scores`), precision is 0 if anything was
    flagged and undefined if nothing was."""
    undefined = dict.fromkeys(("recall", "f1", "f05", "speed", "f_latency", "median_latency"))
    return {
        **scores,
        **{k: v for k, v in undefined.items() if k in scores},
        "precision": 0.0 if flagged_any else None,
    }


def _identification(runs: list[StreamRun], threshold: float) -> dict[str, Any]:
    flagged = {r.stream.id for r in runs if r.final_risk >= threshold}
    truth = {r.stream.id for r in runs if r.stream.is_predator}
    s = set_scores(flagged, truth)
    ordinary = [
        (r.stream.source, r.stream.id in flagged) for r in runs if r.stream.role == "ordinary"
    ]
    decoys = [r for r in runs if r.stream.role == "decoy"]
    out = {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "f05": s.f05,
        "threshold": threshold,
        "fpr_by_source": rate_by_group(ordinary),
        "decoy_rate": (sum(r.stream.id in flagged for r in decoys) / len(decoys))
        if decoys
        else None,
        "counts": {"tp": s.tp, "fp": s.fp, "fn": s.fn, "streams": len(runs)},
    }
    return out if truth else _no_positives(out, bool(flagged))


def _early(runs: list[StreamRun], rule: WarningRule) -> dict[str, Any]:
    positives = [r for r in runs if r.stream.is_predator]
    warnings = {r.stream.id: first_warning(r.rule_risks, rule) for r in runs}
    m = float(statistics.median(len(r.risks) for r in positives)) if positives else 1.0
    e = early_scores(warnings, [r.stream.id for r in positives], m)
    flags = [
        (
            r.stream.source
            if r.stream.role == "ordinary"
            else f"{r.stream.source}-{r.stream.role}",
            warnings[r.stream.id] is not None,
        )
        for r in runs
        if not r.stream.is_predator
    ]
    out = {
        "precision": e.precision,
        "recall": e.recall,
        "f1": e.f1,
        "speed": e.speed,
        "f_latency": e.f_latency,
        "median_latency": e.median_latency,
        "false_warning_rate_by_source": rate_by_group(flags),
        "rule": rule.to_dict(),
        "m": m if positives else None,
        "latencies": sorted(warnings[r.stream.id] or 0 for r in positives if warnings[r.stream.id]),
    }
    if positives:
        return out
    return _no_positives(out, any(w is not None for w in warnings.values()))


def interleave(predator: Stream, victim: Stream) -> list[Message]:
    """A SYNTHETIC two-sided conversation: the two one-sided PJ streams merged by relative
    position (the real interleaving is not in the data). Message ids say who wrote what."""
    conversation = f"synthetic:{predator.group}"
    lines = [(i / len(predator.lines), 0, i, text) for i, text in enumerate(predator.lines)]
    lines += [(j / len(victim.lines), 1, j, text) for j, text in enumerate(victim.lines)]
    return [
        Message(conversation, f"{side}:{i}", ("predator", "victim")[side], text)
        for _, side, i, text in sorted(lines)
    ]


def _interleaved(detector: Detector, runs: list[StreamRun]) -> dict[str, Any] | None:
    """Warnings on synthetic predator+victim conversations: recall, and latency counted in the
    predator's own messages (comparable with protocol 2's)."""
    victims: dict[str, Stream] = {}
    for run in runs:
        if run.stream.source == "pj" and run.stream.role == "decoy" and run.stream.lines:
            victims.setdefault(run.stream.group, run.stream)
    pairs = [
        (r.stream, victims[r.stream.group])
        for r in runs
        if r.stream.is_predator and r.stream.lines and r.stream.group in victims
    ]
    if not pairs:
        return None
    # What the heavy combination changed: the same detector without it, same rule.
    plain = replace(detector, heavy_combination=False) if detector.heavy_combination else None
    latencies: list[int] = []
    only_with, earlier_with = 0, 0
    for predator, victim in pairs:
        messages = interleave(predator, victim)
        at = _predator_warned_at(detector.scorer().process(messages))
        if at is None:
            continue
        latencies.append(at)
        if plain is not None:
            without = _predator_warned_at(plain.scorer().process(messages))
            only_with += without is None
            earlier_with += without is not None and at < without
    return {
        "conversations": len(pairs),
        "synthetic": True,
        "recall": len(latencies) / len(pairs),
        "median_latency": float(statistics.median(latencies)) if latencies else None,
        # Warnings that fire only with the combination, and that it brings earlier.
        "heavy_combination": {"only_with": only_with, "earlier_with": earlier_with}
        if plain is not None
        else None,
    }


def _predator_warned_at(updates: Sequence[ScoreUpdate]) -> int | None:
    """The predator's own message count at the conversation's warning, if it is his."""
    own = 0
    for update in updates:
        own += update.sender_id == "predator"
        if update.warning_fired:
            return own if update.sender_id == "predator" else None
    return None


def _replay_segment(detector: Detector, lines: list[str]) -> tuple[float, bool]:
    """Peak risk while reading a segment, and whether the warning rule fired in it.

    Segments carry no speaker ids, so their lines are one unknown sender's stream: what an
    alert on that conversation would have been based on.
    """
    run = score_stream(detector, Stream("segment", "", "", "", "", "", tuple(lines)))
    return (float(run.risks.max()) if len(run.risks) else 0.0), run.warned_at is not None


def _segments_f1(flagged: Sequence[bool], labels: Sequence[int]) -> float | None:
    """F1 of the flagged segments; undefined (not 1.0) for a language without positives."""
    return f1_at_threshold([float(x) for x in flagged], labels, 0.5) if any(labels) else None


def _segments(detector: Detector, segments: Iterable[Segment]) -> dict[str, Any] | None:
    by_lang: dict[str, list[Segment]] = {}
    for seg in segments:
        by_lang.setdefault(seg.lang, []).append(seg)
    if not by_lang:
        return None
    out: dict[str, Any] = {}
    for lang, segs in sorted(by_lang.items()):
        labels = [s.label for s in segs]
        parsed = [segment_lines(s.text) for s in segs]
        full = [_replay_segment(detector, lines) for lines in parsed]
        f1_at = {}
        for fraction in SEGMENT_PREFIXES:
            part = [_replay_segment(detector, _prefix(p, fraction))[1] for p in parsed]
            f1_at[str(fraction)] = _segments_f1(part, labels)
        out[lang] = {
            "f1": _segments_f1([w for _, w in full], labels),
            "auc": roc_auc([peak for peak, _ in full], labels),
            "f1_at": f1_at,
            "segments": len(segs),
            "positives": int(sum(labels)),
        }
    return out


def _conversations(detector: Detector, conversations: Iterable[Conversation]) -> dict[str, Any]:
    flags: list[tuple[str, bool]] = []
    pos_latency: list[int] = []
    pos_total = pos_alerted = alerted_total = 0
    for conv in conversations:
        scorer = detector.scorer()
        updates = scorer.process(conv.messages)
        fired = next((i for i, u in enumerate(updates, 1) if u.warning_fired), None)
        alerted = fired is not None
        alerted_total += alerted
        if conv.predators:
            pos_total += 1
            if alerted:
                pos_alerted += 1
                pos_latency.append(fired or 0)
        else:
            flags.append((conv.source, alerted))
    positives = None
    if pos_total:
        positives = {
            "recall": pos_alerted / pos_total,
            "precision": pos_alerted / alerted_total if alerted_total else 0.0,
            "median_latency": float(statistics.median(pos_latency)) if pos_latency else None,
        }
    return {"false_alert_rate_by_source": rate_by_group(flags), "positives": positives}


def evaluate_corpus(
    data_dir: Path,
    split: str,
    detector: Detector,
    *,
    model: str | None = None,
    progress: Progress | None = None,
    bad: BadRows | None = None,
    keep_runs: list[StreamRun] | None = None,
    signal_annotations: Path | None = None,
) -> dict[str, Any]:
    """Run the README's four protocols on `split` of `data_dir` and return the report, with
    the behaviour-signal section (firing rates on this split's ordinary streams, and the
    annotated set's test part when `signal_annotations` names it).

    A section whose corpus file is absent is None (segments are optional for some users, and
    `export-labels` writes conversations alone); a directory with none of the files is an
    error, not a report of nothing.
    """
    if all(corpus_file(data_dir, name) is None for name in CORPUS_FILES):
        raise DataNotFoundError(f"{data_dir} holds no benchmark corpus file: {DATA_HINT}")
    say = progress or (lambda _m: None)
    report: dict[str, Any] = {"split": split, "data": str(data_dir)}
    runs: list[StreamRun] = []
    if corpus_file(data_dir, "streams") is not None:
        say("protocols 1-2: replaying author streams")
        # Streams without lines count too: a positive one is a miss, not absent from truth.
        runs.extend(score_stream(detector, s) for s in read_streams(data_dir, split=split, bad=bad))
    report["identification"] = (
        _identification(runs, detector.identification_threshold) if runs else None
    )
    report["early"] = _early(runs, detector.rule) if runs else None
    say("synthetic predator+victim conversations")
    report["interleaved"] = _interleaved(detector, runs)
    report["signals_in_risk"] = detector.uses_signals
    report["behaviour_log_ratio"] = detector.behaviour_log_ratio
    if keep_runs is not None:
        keep_runs.extend(runs)
    say("behaviour signals")
    report["signals"] = evaluate_signals(
        (r.stream for r in runs if r.stream.role == "ordinary"), signal_annotations
    )
    if corpus_file(data_dir, "segments") is not None:
        say("protocol 3: conversation segments")
        report["segments"] = _segments(detector, read_segments(data_dir, split=split, bad=bad))
    else:
        report["segments"] = None
    if corpus_file(data_dir, "conversations") is not None:
        say("protocol 4: replaying conversations")
        report["conversations"] = _conversations(
            detector, read_conversations(data_dir, split=split, bad=bad)
        )
    else:
        report["conversations"] = None
    say("speed")
    report["speed"] = (
        measure_in_subprocess(data_dir, split, model, skip_bad=bad is not None) if runs else None
    )
    return report


def evaluate_pan12(
    directory: Path,
    detector: Detector,
    *,
    out_dir: Path | None = None,
    bad: BadRows | None = None,
) -> dict[str, Any]:
    """PAN12 problems 1 (F0.5 over author ids) and 2 (F3 over lines), as the competition did.

    Authors are flagged when their risk across all their conversations reaches the detector's
    identification threshold; their lines that raised their risk are the problem-2 answer,
    written with it to `out_dir`/problem1.txt and problem2.txt (replacing them). The ground
    truth is read before the scoring, and ids with whitespace, which the submission files
    could not hold, are bad rows of the corpus (file and line) as they are read, not an error
    once all is scored.
    """
    files = find_pan12_files(directory)
    truth1 = read_pan12_author_ids(files.predators) if files.predators is not None else None
    truth2 = read_pan12_lines(files.problem2) if files.problem2 is not None else None
    scorer = detector.scorer()
    prior = detector.model.prior_mean_
    suspicious: dict[str, list[tuple[str, int]]] = {}
    for conv in read_pan12_xml(files.corpus, bad=bad, official_ids=True):
        logits = detector.model.message_logits([m.text for m in conv.messages])
        for message, logit in zip(conv.messages, logits, strict=True):
            if logit > prior:
                suspicious.setdefault(message.sender_id, []).append((conv.id, message.line))
        scorer.process(conv.messages)
    flagged = {
        s for s, st in scorer.senders.items() if st.risk >= detector.identification_threshold
    }
    lines = {pair for s in flagged for pair in suspicious.get(s, [])}
    result: dict[str, Any] = {"corpus": str(files.corpus), "flagged_authors": len(flagged)}
    result["problem1"] = asdict(score_problem1(flagged, truth1)) if truth1 is not None else None
    result["problem2"] = asdict(score_problem2(lines, truth2)) if truth2 is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_problem1(out_dir / "problem1.txt", flagged)
        write_problem2(out_dir / "problem2.txt", lines)
    return result
