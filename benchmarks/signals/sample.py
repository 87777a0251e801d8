"""Sample the lines of the hand-annotated behaviour-signal set (issue 3), reproducibly.

    python benchmarks/signals/sample.py [--data ../shared/data]

Only `split=train` records of trainable sources are sampled, so the set never leaks test data and
may ship in the repository. Strata (each line keeps its stratum in the output):

- `pj-uniform`: 300 predator + 150 decoy lines drawn uniformly from PJ train streams;
- `pj-enriched`: 300 predator lines drawn uniformly from the quarter of PJ train predator lines
  the shipped word model scores highest (a different mechanism from the signal detectors, so
  enrichment does not favour them), because behaviours such as secrecy or coercion are too rare
  in a uniform sample to measure;
- `ordinary`: 600 lines, 150 from each of chitchat, nus-sms, irc-ubuntu, irc-linux.

Two cue strata follow, drawn after the lines above (which they never repeat) and written to a
separate file, so that the high-severity labels have enough support to measure:

- `pj-cue`: 600 PJ train lines (450 predator, 150 decoy) matching the cue net `CUES` below, 100
  per high-severity label (75 predator, 25 decoy), each drawn uniformly from the lines matching
  that label's keyword group;
- `ordinary-cue`: 300 lines, 75 from each ordinary source, drawn uniformly from the lines matching
  any group of the cue net: they measure false firings where the keywords occur innocently.

The cue net is a deliberately broad list of keywords written here, independently of the signal
detectors under test (it uses none of their code or patterns). Lines of the cue strata are
therefore not a random sample: they over-represent lines with these words.

A third round follows, for the labels the first two left thinnest:

- `pj-rare`: 400 PJ train lines drawn uniformly from those matching narrower keyword groups
  (`RARE` below): 200 predator lines for coercion, 100 for secrecy, 75 predator and 25 decoy
  lines for age probing. The groups are phrases the guide names (threats, "dont tell", "how
  old"), so recall on this stratum is measured among lines that use them: it says how well the
  rules catch the common wordings, not the rare ones.

Each line carries up to two preceding lines of its stream as context (not annotated).
The test part is a fixed third chosen by a hash of the line id, independent of content.
Lines shorter than 2 characters are skipped. Writes `unlabelled.jsonl` (the first three strata),
`unlabelled-cue.jsonl` (the cue strata) and `unlabelled-rare.jsonl` (the third round) beside
this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

import numpy as np

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.readers import read_streams

HERE = Path(__file__).resolve().parent
SEED = 20261128
ORDINARY = ("chitchat", "nus-sms", "irc-ubuntu", "irc-linux")
CONTEXT = 2

# The cue net: per high-severity label, lowercase keywords matched as whole words with an optional
# ending (s, es, d, ed, er, ing); a trailing `*` matches any word starting with it; a space matches
# any whitespace. Broad on purpose: a line matching a group is a candidate, not a positive.
CUES: dict[str, tuple[str, ...]] = {
    "age_probe": ("age", "old", "grade", "asl", "birthday", "bday"),
    "secrecy": ("secret", "tell", "delete", "erase", "parents", "mom", "dad", "know"),
    "off_platform": (
        "snap*", "kik", "yahoo*", "yim", "aim", "msn", "skype", "whatsapp", "email", "e-mail",
        "number", "phone", "call", "text", "cell", "cam",
    ),
    "image_request": ("pic", "pix", "photo", "picture", "cam", "webcam", "video", "send"),
    "meeting": (
        "meet", "come over", "pick you", "pick u", "hotel", "driv*", "visit",
        "come see", "come get",
    ),
    "coercion": (
        "threat", "tell everyone", "or else", "owe", "promised", "said you would", "mad",
        "leave me",
    ),
}  # fmt: skip
CUE_PJ = {"pj-predator": 75, "pj-decoy": 25}  # lines per group and PJ pool
# The third round, for the labels the first two left thinnest (coercion had one positive,
# secrecy and age probing a handful): narrower keyword groups, same matching rules, drawn
# from PJ train lines not chosen before. Lines per label and PJ pool.
RARE: dict[str, tuple[tuple[str, ...], dict[str, int]]] = {
    "coercion": (
        (
            "or else", "if you dont", "if u dont", "if you don't", "you better", "u better",
            "tell everyone", "tell your", "tell ur", "post", "expose", "owe", "promised",
            "said you would", "said u would", "mad", "regret", "last chance", "leave you",
            "leave u", "dont make me",
        ),
        {"pj-predator": 200},
    ),
    "secrecy": (
        (
            "secret", "dont tell", "don't tell", "do not tell", "nobody", "no one", "delete",
            "erase", "between us", "find out", "hide", "caught",
        ),
        {"pj-predator": 100},
    ),
    "age_probe": (
        (
            "how old", "ur age", "your age", "asl", "a/s/l", "what grade", "wat grade",
            "birthday", "bday", "born", "years old", "yrs old",
        ),
        {"pj-predator": 75, "pj-decoy": 25},
    ),
}  # fmt: skip
CUE_ORDINARY = 75  # lines per ordinary source
ENDING = r"(?:s|es|d|ed|er|ing)?"


def _cue_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [
        re.escape(w[:-1]) + r"\w*"
        if w.endswith("*")
        else re.escape(w).replace(r"\ ", r"\s+") + ENDING
        for w in words
    ]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


CUE_PATTERNS = {label: _cue_pattern(words) for label, words in CUES.items()}
RARE_PATTERNS = {label: _cue_pattern(words) for label, (words, _) in RARE.items()}


def cue_groups(text: str) -> list[str]:
    """The labels whose keyword group of the cue net matches the (lowercased) line."""
    low = text.lower()
    return [label for label, pattern in CUE_PATTERNS.items() if pattern.search(low)]


def part_of(line_id: str) -> str:
    """A fixed third of the lines is the test part, by hash of the id (content-independent)."""
    digest = hashlib.sha256(line_id.encode()).digest()
    return "test" if digest[0] % 3 == 0 else "train"


def _candidates(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    pools: dict[str, list[dict[str, object]]] = {}
    for stream in read_streams(data_dir, split="train"):
        if stream.source == "pj":
            pool = f"pj-{stream.role}"
        elif stream.source in ORDINARY:
            pool = stream.source
        else:
            continue
        for i, text in enumerate(stream.lines):
            if len(text.strip()) < 2:
                continue
            pools.setdefault(pool, []).append(
                {
                    "id": f"{stream.id}#{i}",
                    "source": stream.source,
                    "role": stream.role,
                    "lang": stream.lang,
                    "context": list(stream.lines[max(0, i - CONTEXT) : i]),
                    "text": text,
                }
            )
    return pools


Rows = list[dict[str, object]]


def sample(data_dir: Path) -> tuple[Rows, Rows, Rows]:
    """The lines of the first three strata and, drawn after them in this order, those of the
    cue strata and of the third round."""
    rng = random.Random(SEED)
    pools = _candidates(data_dir)
    chosen: list[dict[str, object]] = []

    def take(pool: list[dict[str, object]], n: int, stratum: str) -> None:
        taken = {row["id"] for row in chosen}
        fresh = [row for row in pool if row["id"] not in taken]
        for row in rng.sample(fresh, n):
            chosen.append({**row, "stratum": stratum})

    take(pools["pj-predator"], 300, "pj-uniform")
    take(pools["pj-decoy"], 150, "pj-uniform")
    predators = pools["pj-predator"]
    logits = Detector.load().model.message_logits([str(row["text"]) for row in predators])
    cut = float(np.quantile(logits, 0.75))
    take([row for row, z in zip(predators, logits, strict=True) if z >= cut], 300, "pj-enriched")
    for source in ORDINARY:
        take(pools[source], 150, "ordinary")
    base = len(chosen)
    for label in CUES:
        for pool, n in CUE_PJ.items():
            take([row for row in pools[pool] if label in cue_groups(str(row["text"]))], n, "pj-cue")
    for source in ORDINARY:
        take(
            [row for row in pools[source] if cue_groups(str(row["text"]))],
            CUE_ORDINARY,
            "ordinary-cue",
        )
    cue = len(chosen)
    for label, (_, counts) in RARE.items():
        for pool, n in counts.items():
            pattern = RARE_PATTERNS[label]
            take(
                [row for row in pools[pool] if pattern.search(str(row["text"]).lower())],
                n,
                "pj-rare",
            )
    for row in chosen:
        row["part"] = part_of(str(row["id"]))
    return chosen[:base], chosen[base:cue], chosen[cue:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    base, cue, rare = sample(find_data_dir(args.data))
    for rows, name in (
        (base, "unlabelled.jsonl"),
        (cue, "unlabelled-cue.jsonl"),
        (rare, "unlabelled-rare.jsonl"),
    ):
        out = HERE / name
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} lines to {out}")


if __name__ == "__main__":
    main()
