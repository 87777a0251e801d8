"""Risk over time as inline SVG: no script, no external file, allowed by a strict CSP."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

__all__ = ["risk_chart"]

WIDTH, HEIGHT, PAD = 640, 180, 28


def risk_chart(
    risks: Sequence[float],
    flagged: Sequence[bool],
    threshold: float,
    warned_index: int | None = None,
) -> Markup:
    """Conversation risk after each message; dots mark the flagged sender's messages.

    `warned_index` (0-based) draws a line where the warning fired.
    """
    n = len(risks)
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(i: int) -> float:
        return PAD + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(r: float) -> float:
        return PAD + plot_h * (1.0 - min(max(r, 0.0), 1.0))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="risk-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-label="Conversation risk over {n} messages">',
        f"<title>Conversation risk after each of {n} messages</title>",
        f'<rect x="{PAD}" y="{PAD}" width="{plot_w}" height="{plot_h}" fill="#fafafa" '
        'stroke="#ccc"/>',
    ]
    for level in (0.0, 0.5, 1.0):
        parts.append(
            f'<text x="{PAD - 4}" y="{y(level) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#555">{level:.1f}</text>'
        )
    parts.append(
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}" '
        'stroke="#c62828" stroke-dasharray="4 3" class="threshold"/>'
    )
    if warned_index is not None and n:
        wx = x(warned_index)
        parts.append(
            f'<line x1="{wx:.1f}" x2="{wx:.1f}" y1="{PAD}" y2="{HEIGHT - PAD}" stroke="#c62828" '
            'class="warned"/>'
        )
    if n:
        points = " ".join(f"{x(i):.1f},{y(r):.1f}" for i, r in enumerate(risks))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#1565c0" stroke-width="2" '
            'class="risk-line"/>'
        )
        for i, (r, mark) in enumerate(zip(risks, flagged, strict=True)):
            if mark:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(r):.1f}" r="2.5" fill="#c62828">'
                    f"<title>message {i + 1}: risk {r:.2f}</title></circle>"
                )
    parts.append(
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" font-size="10" text-anchor="middle" '
        f'fill="#555">{escape(f"messages 1-{n}")}</text></svg>'
    )
    return Markup("".join(parts))
