"""Turn an evaluation report into plots and the BENCHMARKS.md tables."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.detector import Detector
from ..engine.streaming import WarningRule, first_warning
from .metrics import early_scores
from .plots import plot_f_latency_vs_skepticism, plot_latency_histogram, plot_precision_recall
from .protocols import PSEUDO_MESSAGE_WORDS, StreamRun

__all__ = ["git_commit", "render_markdown", "skepticism_curve", "write_plots"]


def skepticism_curve(
    runs: Sequence[StreamRun], threshold: float, window: int, m: float
) -> list[tuple[int, float]]:
    """F_latency for k = 1..window at a fixed threshold (reporting only, never tuning).

    `m` is the median offender stream length the early-warning section already computed.
    """
    positives = [r.stream.id for r in runs if r.stream.is_predator]
    points = []
    for k in range(1, window + 1):
        rule = WarningRule(threshold, k, window)
        warnings = {r.stream.id: first_warning(r.rule_risks, rule) for r in runs}
        points.append((k, early_scores(warnings, positives, m).f_latency))
    return points


def write_plots(
    report: dict[str, Any], runs: Sequence[StreamRun], detector: Detector, directory: Path
) -> dict[str, str]:
    directory.mkdir(parents=True, exist_ok=True)
    split = report["split"]
    out: dict[str, str] = {}
    if not runs or not any(r.stream.is_predator for r in runs):
        return out
    scores = np.array([r.final_risk for r in runs])
    labels = np.array([int(r.stream.is_predator) for r in runs])
    out["precision_recall"] = str(
        plot_precision_recall(
            scores,
            labels,
            directory / "precision_recall.png",
            f"Author identification, split={split}",
            threshold=detector.identification_threshold,
        )
    )
    out["latency_histogram"] = str(
        plot_latency_histogram(
            report["early"]["latencies"],
            directory / "warning_latency.png",
            f"Warning latency of offenders (lines), split={split}",
        )
    )
    rule = detector.rule
    out["skepticism"] = str(
        plot_f_latency_vs_skepticism(
            skepticism_curve(runs, rule.threshold, rule.n, report["early"]["m"]),
            directory / "f_latency_skepticism.png",
            f"F_latency vs skepticism k (of last {rule.n}), split={split}",
        )
    )
    return out


def _fmt_count(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else "yes" if ok else "NO"


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def git_commit(cwd: str | None = None) -> str:
    """The checked-out commit (short), to say which code a published number came from;
    "+uncommitted" when the package's sources differ from it (the results and documents a
    run rewrites are not code)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=cwd)
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}+uncommitted" if changed else commit


def _at_least(value: float | None, goal: float) -> bool | None:
    """Whether a measure met its goal; None (n/a) where the data left it undefined."""
    return None if value is None else value >= goal


def _targets(report: dict[str, Any]) -> list[tuple[str, str, Any, bool | None]]:
    """(what, target, measured, met) for the engine's published targets; met is None where
    the measure is undefined on this data (no offenders, say)."""
    rows: list[tuple[str, str, Any, bool | None]] = []
    ident, early = report.get("identification"), report.get("early")
    segs, convs, speed = report.get("segments"), report.get("conversations"), report.get("speed")
    if ident:
        rows.append(("identification F0.5", ">= 0.98", ident["f05"], _at_least(ident["f05"], 0.98)))
    if early:
        f_latency = early["f_latency"]
        rows.append(("early F_latency", ">= 0.97", f_latency, _at_least(f_latency, 0.97)))
        med = early["median_latency"]
        rows.append(
            ("median warning latency (lines)", "<= 8", med, None if med is None else med <= 8)
        )
        rates = early["false_warning_rate_by_source"]
        ordinary = {k: v for k, v in rates.items() if not k.startswith("pj-")}
        worst = max(ordinary, key=lambda k: ordinary[k]) if ordinary else None
        if worst is not None:
            rows.append(
                (
                    f"false warnings, worst ordinary source ({worst})",
                    "<= 0.005",
                    ordinary[worst],
                    ordinary[worst] <= 0.005,
                )
            )
        if "pj-decoy" in rates:
            rows.append(
                ("false warnings, decoys", "<= 0.02", rates["pj-decoy"], rates["pj-decoy"] <= 0.02)
            )
    if convs and convs["false_alert_rate_by_source"]:
        alerts = convs["false_alert_rate_by_source"]
        worst = max(alerts, key=lambda k: alerts[k])
        rows.append(
            (
                f"false alerts, worst conversation source ({worst})",
                "<= 0.005",
                alerts[worst],
                alerts[worst] <= 0.005,
            )
        )
    if segs:
        for lang, f1_target in (("en", 0.90), ("de", 0.80)):
            if lang in segs:
                rows.append(
                    (
                        f"VTPAN {lang} F1",
                        f">= {f1_target}",
                        segs[lang]["f1"],
                        _at_least(segs[lang]["f1"], f1_target),
                    )
                )
        if "en" in segs and segs["en"]["auc"] is not None:
            rows.append(
                ("VTPAN en ROC-AUC", ">= 0.99", segs["en"]["auc"], segs["en"]["auc"] >= 0.99)
            )
    rows += _signal_targets(report.get("signals"))
    if speed:
        for name, key in (("", ""), (", memos filled", "warm_")):
            mps, p99 = speed.get(f"{key}messages_per_second"), speed.get(f"{key}p99_update_ms")
            if key and mps is None:  # a report written before warm runs were measured
                continue
            rows += [
                (f"messages/s (one core{name})", ">= 20000", mps, mps is not None and mps >= 20000),
                (f"p99 single update (ms{name})", "<= 2", p99, p99 is not None and p99 <= 2),
            ]
        rows.append(
            (
                "model load (s)",
                "<= 1",
                speed["model_load_seconds"],
                speed["model_load_seconds"] <= 1,
            )
        )
        rss = max(filter(None, (speed["rss_mb"], speed.get("warm_rss_mb"))), default=None)
        rows.append(("scorer process RSS (MB)", "<= 300", rss, rss is not None and rss <= 300))
    return rows


def _signal_targets(signals: dict[str, Any] | None) -> list[tuple[str, str, Any, bool | None]]:
    """The worst high-severity label against each of issue 3's three targets."""
    if not signals:
        return []
    rows: list[tuple[str, str, Any, bool | None]] = []
    high = signals["high_severity"]
    annotated = signals["annotated"]
    if annotated:
        for measure, goal in (("precision", 0.90), ("recall", 0.80)):
            values = {k: annotated["by_label"][k][measure] for k in high}
            known = {k: v for k, v in values.items() if v is not None}
            worst = min(known, key=lambda k: known[k]) if known else None
            if worst is not None:
                rows.append(
                    (
                        f"signals {measure}, worst high-severity label ({worst})",
                        f">= {goal}",
                        known[worst],
                        known[worst] >= goal,
                    )
                )
    rates = signals["firing_rates"]
    if rates:
        worst_rate, where = max(
            (rates[src]["per_1000"][k], f"{k}, {src}") for src in rates for k in high
        )
        rows.append(
            (
                f"signal firings per 1,000 ordinary messages, worst ({where})",
                "<= 2",
                worst_rate,
                worst_rate <= 2,
            )
        )
    return rows


def _signal_section(signals: dict[str, Any]) -> list[str]:
    high = signals["high_severity"]
    lines = ["## 5. Behaviour signals (issue 3)", ""]
    annotated = signals["annotated"]
    if annotated:
        lines += [
            f"Message-level precision and recall on the {annotated['part']} part of the "
            f"hand-annotated set ({annotated['lines']} lines; `benchmarks/signals/`). Support: "
            "annotated lines with the label; fired: lines where the detector fired it. The "
            "rules were revised several times, and this part was measured after each revision "
            "(docs/signals.md tells when and what moved); no rule was written from its lines, "
            "but it is not an untouched holdout.",
            "",
            "| label | high severity | precision | recall | support | fired |",
            "|---|---|---|---|---|---|",
            *[
                f"| {label} | {'yes' if label in high else ''} | {_fmt(m['precision'])} | "
                f"{_fmt(m['recall'])} | {m['support']} | {m['predicted']} |"
                for label, m in annotated["by_label"].items()
            ],
            "",
            *_by_stratum(annotated.get("by_stratum"), high),
        ]
    rates = signals["firing_rates"]
    if rates:
        lines += [
            "High-severity firings per 1,000 messages of ordinary authors, by source "
            f"(normalising and detecting ran at {_fmt(signals['messages_per_second'])} "
            "messages/s on one core):",
            "",
            "| source | messages | " + " | ".join(high) + " |",
            "|---|---|" + "---|" * len(high),
            *[
                f"| {src} | {r['messages']} | "
                + " | ".join(f"{r['per_1000'][k]:.2f}" for k in high)
                + " |"
                for src, r in rates.items()
            ],
            "",
        ]
    return lines


def _by_stratum(strata: dict[str, Any] | None, high: list[str]) -> list[str]:
    """High-severity precision / recall (support) per sampling stratum of the annotated set."""
    if not strata:
        return []
    return [
        "High-severity labels per sampling stratum, precision / recall (support): `pj-uniform` "
        "and `ordinary` are uniform samples, `pj-enriched` the lines the word model scores "
        "highest, `pj-cue`, `ordinary-cue` and `pj-rare` lines with a keyword of a cue net "
        "(recall there is among keyword-bearing lines only; `pj-rare` was drawn after the "
        "rules' last revision).",
        "",
        "| stratum | lines | " + " | ".join(high) + " |",
        "|---|---|" + "---|" * len(high),
        *[
            f"| {name} | {s['lines']} | "
            + " | ".join(
                f"{_fmt(s['by_label'][k]['precision'])} / {_fmt(s['by_label'][k]['recall'])} "
                f"({s['by_label'][k]['support']})"
                for k in high
            )
            + " |"
            for name, s in strata.items()
        ],
        "",
    ]


def _interleaved_section(inter: dict[str, Any]) -> list[str]:
    heavy = inter.get("heavy_combination")
    return [
        "## 2b. Predator with victim, SYNTHETIC conversations",
        "",
        "Perverted Justice streams are one-sided; here each offender's stream is merged with "
        "his decoy's by relative position. The interleaving is synthetic (the real order is "
        "not in the data), so this only shows what the victim side adds (age disclosures), "
        "not real-world latency. Latency counts the offender's own messages. What the minor + "
        "sexual/meeting combination did: the same conversations replayed without it (same "
        "rule); warnings that fire only with it, and warnings it brings earlier.",
        "",
        "| conversations | recall | median latency | warned only with the combination | "
        "warned earlier with it |",
        "|---|---|---|---|---|",
        f"| {inter['conversations']} | {_fmt(inter['recall'])} | "
        f"{_fmt(inter['median_latency'])} | {_fmt(heavy and heavy['only_with'])} | "
        f"{_fmt(heavy and heavy['earlier_with'])} |",
        "",
    ]


def comparison_rows(with_: dict[str, Any], without: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(measure, with signals, without) for every engine target and the false alarms; not
    the detectors' own targets, which the risk model's use of them cannot change."""
    rows: list[tuple[str, Any, Any]] = []
    detectors = {what for what, *_ in _signal_targets(with_.get("signals"))}
    others = {what: value for what, _goal, value, _ok in _targets(without)}
    for what, _goal, value, _ok in _targets(with_):
        if what not in detectors:
            rows.append((what, value, others.get(what)))
    for section, key, label in (
        ("early", "false_warning_rate_by_source", "false warnings"),
        ("conversations", "false_alert_rate_by_source", "conversations alerted"),
    ):
        for source, rate in (with_.get(section) or {}).get(key, {}).items():
            rows.append((f"{label}: {source}", rate, (without.get(section) or {})[key][source]))
    inter_w, inter_o = with_.get("interleaved"), without.get("interleaved")
    if inter_w and inter_o:
        rows.append(("synthetic predator+victim: recall", inter_w["recall"], inter_o["recall"]))
        rows.append(
            (
                "synthetic predator+victim: median latency",
                inter_w["median_latency"],
                inter_o["median_latency"],
            )
        )
    return rows


def _comparison_section(report: dict[str, Any], without: dict[str, Any]) -> list[str]:
    boost = report.get("behaviour_log_ratio") or 0.0
    behaviour = (
        f"adds {boost:g} log-odds to their risk once they have shown any grooming-specific "
        "behaviour (age probing, personal information, secrecy, isolation, moving "
        "off-platform, image requests, meeting, coercion, gifts), and "
        if boost
        else ""
    )
    return [
        "## Behaviour signals in the risk: with and without",
        "",
        f"With signals, a sender's warning rule {behaviour}counts the minor-cue evidence "
        "(`minor_cue_log_ratio`, estimated on train) once they show sexual or meeting signals "
        "after another participant said they are a minor; its rule was chosen by "
        "cross-validation on train with them. Without: the same model, the words alone, and "
        "the rule chosen on the same out-of-fold scores without signals "
        "(`warning_rule_without_signals` in model.json). Both runs on the same split.",
        "",
        "| measure | with signals | without |",
        "|---|---|---|",
        *[f"| {w} | {_fmt(a)} | {_fmt(b)} |" for w, a, b in comparison_rows(report, without)],
        "",
    ]


def render_markdown(
    report: dict[str, Any], command: str, without_signals: dict[str, Any] | None = None
) -> str:
    """BENCHMARKS.md body: every number comes from `report`, produced by `command`."""
    split = report["split"]
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `{command}` at commit `{git_commit()}` on `split={split}` of the benchmark "
        "data, with the shipped model and its shipped operating points (chosen by "
        "cross-validation on `split=train`; nothing was tuned on `test`).",
        "",
    ]
    targets = _targets(report)
    if targets:
        lines += [
            "## Targets",
            "",
            "| measure | target | measured | met |",
            "|---|---|---|---|",
            *[
                f"| {what} | {goal} | {_fmt(value)} | {_met(ok)} |"
                for what, goal, value, ok in targets
            ],
            "",
        ]
    ident = report.get("identification")
    if ident:
        lines += [
            "## 1. Predator identification (author streams, PAN12 problem-1 style)",
            "",
            "| precision | recall | F1 | F0.5 | threshold | decoys flagged |",
            "|---|---|---|---|---|---|",
            f"| {_fmt(ident['precision'])} | {_fmt(ident['recall'])} | {_fmt(ident['f1'])} | "
            f"{_fmt(ident['f05'])} | {_fmt(ident['threshold'])} | {_fmt(ident['decoy_rate'])} |",
            "",
            "Share of ordinary authors flagged, by source:",
            "",
            "| source | rate |",
            "|---|---|",
            *[f"| {s} | {_fmt(r)} |" for s, r in ident["fpr_by_source"].items()],
            "",
        ]
    early = report.get("early")
    if early:
        rule = early["rule"]
        lines += [
            "## 2. Early warning (eSPD protocol, Vogt et al. 2021)",
            "",
            f"Rule: risk >= {rule['threshold']:.4f} on {rule['k']} of the last {rule['n']} "
            f"messages; m (median offender stream length) = {_fmt_count(early['m'])}.",
            "",
            "| precision | recall | F1 | speed | F_latency | median latency (lines) |",
            "|---|---|---|---|---|---|",
            f"| {_fmt(early['precision'])} | {_fmt(early['recall'])} | {_fmt(early['f1'])} | "
            f"{_fmt(early['speed'])} | {_fmt(early['f_latency'])} | "
            f"{_fmt(early['median_latency'])} |",
            "",
            "False warnings, share of non-offender authors by source:",
            "",
            "| source | rate |",
            "|---|---|",
            *[f"| {s} | {_fmt(r)} |" for s, r in early["false_warning_rate_by_source"].items()],
            "",
        ]
    inter = report.get("interleaved")
    if inter:
        lines += _interleaved_section(inter)
    segments = report.get("segments")
    if segments:
        lines += [
            "## 3. VTPAN conversation segments (never trained on)",
            "",
            "Each segment is replayed through the streaming scorer as one unknown sender "
            "(segments carry no speaker ids; text without line breaks is cut into "
            f"{PSEUDO_MESSAGE_WORDS}-word pseudo-messages, the median words per chat line of "
            "split=train). Flagged = the shipped warning rule fired; ROC-AUC ranks segments by "
            "their peak risk.",
            "",
            "| lang | segments | F1 | ROC-AUC | F1 @10% | F1 @30% | F1 @50% |",
            "|---|---|---|---|---|---|---|",
        ]
        for lang, s in segments.items():
            lines.append(
                f"| {lang} | {s['segments']} | {_fmt(s['f1'])} | {_fmt(s['auc'])} | "
                f"{_fmt(s['f1_at']['0.1'])} | {_fmt(s['f1_at']['0.3'])} | "
                f"{_fmt(s['f1_at']['0.5'])} |"
            )
        lines.append("")
    convs = report.get("conversations")
    if convs:
        lines += [
            "## 4. Ordinary conversations (false alerts)",
            "",
            "| source | conversations alerted |",
            "|---|---|",
            *[f"| {s} | {_fmt(r)} |" for s, r in convs["false_alert_rate_by_source"].items()],
            "",
        ]
        found = convs.get("positives")
        if found:  # conversations with offenders (e.g. moderators' labels): alerts caught
            lines += [
                "Conversations with an offender (an alert on one is a true positive):",
                "",
                "| recall | precision | median alert line |",
                "|---|---|---|",
                f"| {_fmt(found['recall'])} | {_fmt(found['precision'])} | "
                f"{_fmt(found['median_latency'])} |",
                "",
            ]
    signals = report.get("signals")
    if signals:
        lines += _signal_section(signals)
    if without_signals is not None:
        lines += _comparison_section(report, without_signals)
    speed = report.get("speed")
    if speed:
        lines += [
            "## Speed (one process, this machine)",
            "",
            f"{speed['messages']:,} chat lines of the split, the first 50 of each stream, "
            "taken from every source in turn. Fresh: a new process (memos empty). Memos "
            "filled: another new process that scored as many other lines of the split first.",
            "",
            "| run | messages/s (batches of 500) | p99 single update (ms) | model load (s) "
            "| RSS (MB) |",
            "|---|---|---|---|---|",
            f"| fresh | {_fmt(speed['messages_per_second'])} | {_fmt(speed['p99_update_ms'])} | "
            f"{_fmt(speed['model_load_seconds'])} | {_fmt(speed['rss_mb'])} |",
        ]
        if speed.get("warm_messages_per_second") is not None:
            lines.append(
                f"| memos filled | {_fmt(speed['warm_messages_per_second'])} | "
                f"{_fmt(speed['warm_p99_update_ms'])} | | {_fmt(speed['warm_rss_mb'])} |"
            )
        lines.append("")
    plots = report.get("plots") or {}
    if plots:
        lines += ["## Plots", ""]
        lines += [f"![{name}]({path})" for name, path in plots.items()]
        lines.append("")
    return "\n".join(lines)
