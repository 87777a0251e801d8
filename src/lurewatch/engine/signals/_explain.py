"""Plain-language explanations: what a sender did and when, for the moderator who must act.

Built from the timeline's signals and the risk model's evidence messages, for example
"asked for secrecy (msg 14), asked to move to Snapchat (msg 17), the other participant said
they are 13 (msg 3)". Message numbers are 1-based positions in the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Final

from ..normalise import normalise
from ._timeline import Firing, Timeline

__all__ = ["PHRASES", "explain"]

PHRASES: Final[dict[str, str]] = {
    "age_probe": "asked the other's age",
    "personal_info": "asked for personal details",
    "trust_building": "flattered or professed affection",
    "gifts": "offered gifts or money",
    "secrecy": "asked for secrecy",
    "isolation": "asked whether the other is alone or watched",
    "off_platform": "asked to move to another channel",
    "image_request": "asked for pictures or the camera",
    "sexual": "sexual talk",
    "meeting": "proposed meeting in person",
    "coercion": "threatened or pressured",
    "minor_self_disclosure": "said they are a minor",
    "adult_self_disclosure": "said they are an adult",
}
MAX_MESSAGES: Final = 3  # message numbers quoted per label

_CHANNELS: Final = (
    (re.compile(r"\bsnap ?chat\b|\bsnap\b|\bsc\b"), "Snapchat"),
    (
        re.compile(r"\bwhats ?app\b|\bwapp\b|\bwsp\b|\bwasap\b|\bguasap\b|\bzap(?:zap)?\b"),
        "WhatsApp",
    ),
    (re.compile(r"\btelegram\b"), "Telegram"),
    (re.compile(r"\bkik\b"), "Kik"),
    (re.compile(r"\bdiscord\b"), "Discord"),
    (re.compile(r"\bskype\b"), "Skype"),
    (re.compile(r"\binsta(?: ?gram)?\b|\big\b"), "Instagram"),
    (re.compile(r"\bfacebook\b|\bfb\b|\bmessenger\b"), "Facebook"),
    (re.compile(r"\byahoo\b|\by!?m\b"), "Yahoo Messenger"),
    (re.compile(r"\be-?mail\b|\bgmail\b|\bhotmail\b|@"), "email"),
    (re.compile(r"\bcam\b|\bwebcam\b|\bvideo\b|\bfacetime\b"), "video"),
    (re.compile(r"\bphone\b|\bcall\b|\bnumber\b|\bcell\b|\btext\b|[0-9]{3}"), "the phone"),
)
_AGE: Final = re.compile(r"\b([0-9]{1,2})\b")


def _detail(firing: Firing) -> str:
    """The label's phrase, made specific where the triggering text allows."""
    phrase = PHRASES[firing.label]
    clean = normalise(firing.excerpt)
    if firing.label == "off_platform":
        channel = next((name for pattern, name in _CHANNELS if pattern.search(clean)), None)
        return f"asked to move to {channel}" if channel else phrase
    if firing.label in ("minor_self_disclosure", "adult_self_disclosure"):
        age = _AGE.search(clean)
        return f"said they are {age.group(1)}" if age else phrase
    return phrase


def _quoted(firings: list[Firing], evidence: Collection[int]) -> list[Firing]:
    """The firings to cite: those among the model's evidence first, then the earliest."""
    chosen = sorted(firings, key=lambda f: (f.index not in evidence, f.index))[:MAX_MESSAGES]
    return sorted(chosen, key=lambda f: f.index)


def _cite(indices: Iterable[int]) -> str:
    return "msg " + ", ".join(map(str, indices))


def explain(timeline: Timeline, sender_id: str, evidence: Collection[int] = ()) -> str:
    """One sentence on why ``sender_id`` is flagged: their signals, other participants'
    minor disclosures, and the model's evidence messages that no signal covers."""
    own = {
        label: firings
        for label, firings in timeline.firings_of(sender_id).items()
        if label != "minor_self_disclosure"
    }
    clauses: list[tuple[int, str]] = []
    for firings in own.values():
        quoted = _quoted(firings, evidence)
        detail = next((d for d in map(_detail, quoted) if d != PHRASES[firings[0].label]), None)
        text = detail or PHRASES[firings[0].label]
        clauses.append((quoted[0].index, f"{text} ({_cite(f.index for f in quoted)})"))
    clauses.sort()
    who = "the other participant" if timeline.others(sender_id) == 1 else "another participant"
    first = timeline.first_minor_disclosure_by_other(sender_id)
    if first is not None:
        clauses.append((first.index, f"{who} {_detail(first)} ({_cite([first.index])})"))
    features = timeline.features(sender_id)
    parts = [text for _, text in clauses]
    if features.heavy_combination_at is not None:
        parts.insert(
            0,
            "sexual or meeting talk with someone who said they are a minor "
            f"(from msg {features.heavy_combination_at})",
        )
    covered = {f.index for fs in own.values() for f in fs}
    unexplained = sorted(i for i in evidence if i not in covered)
    if unexplained:
        parts.append("strongest messages by the model: " + _cite(unexplained))
    return ", ".join(parts) if parts else "no behaviour signal"
