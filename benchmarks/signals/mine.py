"""Where the behaviour rules miss, and how often they fire, on `split=train` streams.

    python benchmarks/signals/mine.py rates [--data DIR]
    python benchmarks/signals/mine.py misses LABEL --cue REGEX [--sample 80] [--seed 0]
    python benchmarks/signals/mine.py answers [--data DIR]

`rates`: messages per 1,000 in which each high-severity label fires, on the train streams
of Perverted Justice offenders, of their decoys, and of each ordinary trainable source.
`misses`: offenders' train lines that contain the cue (a regular expression over the
normalised text, e.g. words for pictures) but do not fire LABEL, a random sample of them:
the frequent shapes of the behaviour the rules do not cover yet.
`answers`: how often an age given in answer to an age question (`detect_conversation`) is
found in the train conversations of each trainable source, whether those conversations
raise an alert, and how many lines of the one-sided PJ train streams are such bare ages.

This is how the third revision of the rules was written (docs/signals.md): from the
shapes that recur among the misses in 175,000 offender lines, checked against the
ordinary sources' rates, instead of from the annotated lines, whose wordings the earlier
revisions fitted more than the behaviours. It reads only `split=train`; the annotated
set's test part and `split=test` are never used. Prints chat text from the benchmark data:
run it in a terminal, not into logs.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Iterator

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.engine.normalise import normalise
from lurewatch.engine.signals import (
    HIGH_SEVERITY,
    age_answer,
    detect,
    detect_conversation,
    detect_normalised,
)
from lurewatch.engine.training import TRAINABLE_SOURCES
from lurewatch.readers import read_conversations, read_streams


def train_lines(data: str | None) -> Iterator[tuple[str, str, set[str]]]:
    """(kind, normalised line, labels fired) for every train line of trainable sources;
    kind is the PJ role, or the ordinary source's name."""
    for stream in read_streams(find_data_dir(data), split="train", sources=TRAINABLE_SOURCES):
        kind = stream.role if stream.source == "pj" else stream.source
        for line in stream.lines:
            text = normalise(line)
            yield kind, text, {hit[0] for hit in detect_normalised(text)}


def rates(data: str | None) -> None:
    lines: Counter[str] = Counter()
    fired: Counter[tuple[str, str]] = Counter()
    for kind, _, labels in train_lines(data):
        lines[kind] += 1
        for label in labels & set(HIGH_SEVERITY):
            fired[(kind, label)] += 1
    print("| kind | lines | " + " | ".join(HIGH_SEVERITY) + " |")
    print("|---|---|" + "---|" * len(HIGH_SEVERITY))
    for kind in sorted(lines):
        cells = " | ".join(f"{1000 * fired[(kind, x)] / lines[kind]:.2f}" for x in HIGH_SEVERITY)
        print(f"| {kind} | {lines[kind]} | {cells} |")


def misses(data: str | None, label: str, cue: str, sample: int, seed: int) -> None:
    pattern = re.compile(cue)
    found = [
        text
        for kind, text, labels in train_lines(data)
        if kind == "predator" and pattern.search(text) and label not in labels
    ]
    print(f"{len(found)} offender train lines with the cue where {label} does not fire")
    for text in random.Random(seed).sample(found, min(sample, len(found))):
        print("  " + text[:160])


def answers(data: str | None) -> None:
    directory = find_data_dir(data)
    detector = Detector.load()
    found: Counter[str] = Counter()
    conversations: Counter[str] = Counter()
    alerted: Counter[str] = Counter()
    for conv in read_conversations(directory, split="train", sources=TRAINABLE_SOURCES):
        conversations[conv.source] += 1
        pairs = [(m.sender_id, m.text) for m in conv.messages]
        given = [
            text
            for (_, text), signals in zip(pairs, detect_conversation(pairs), strict=True)
            if any(s.label == "minor_self_disclosure" for s in signals)
            and not any(s.label == "minor_self_disclosure" for s in detect(text))
        ]
        if given:
            found[conv.source] += len(given)
            updates = detector.scorer().process(conv.messages)
            alerted[conv.source] += any(u.warning_fired for u in updates)
            print(f"  {conv.source}: {given}")
    for source in sorted(conversations):
        print(
            f"{source}: {conversations[source]} conversations, {found[source]} answers, "
            f"{alerted[source]} of their conversations alerted"
        )
    bare: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    for stream in read_streams(directory, split="train", sources=["pj"]):
        lines[stream.role] += len(stream.lines)
        bare[stream.role] += sum(age_answer(line) is not None for line in stream.lines)
    for role in sorted(lines):
        print(f"pj {role}: {bare[role]} of {lines[role]} train lines are a bare age under 18")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rates", help="firings per 1,000 train lines, by kind of author")
    sub.add_parser("answers", help="ages given in answer to age questions, on train")
    miss = sub.add_parser("misses", help="offender lines with the cue where LABEL is silent")
    miss.add_argument("label", choices=HIGH_SEVERITY)
    miss.add_argument("--cue", required=True, help="regular expression over normalised text")
    miss.add_argument("--sample", type=int, default=80)
    miss.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.command == "rates":
        rates(args.data)
    elif args.command == "answers":
        answers(args.data)
    else:
        misses(args.data, args.label, args.cue, args.sample, args.seed)


if __name__ == "__main__":
    main()
