"""Risk over time as inline SVG: no script, no external file, allowed by a strict CSP."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

__all__ = ["risk_chart"]

WIDTH, HEIGHT, PAD = 640, 180, 28


def _columns(n: int, count: int) -> list[range]:
    """Messages 0..n-1 cut into at most `count` consecutive runs of near-equal length."""
    count = min(n, count)
    return [range(i * n // count, (i + 1) * n // count) for i in range(count)]


def risk_chart(
    risks: Sequence[float],
    flagged: Sequence[bool],
    threshold: float,
    warned_index: int | None = None,
    window: tuple[int, int] | None = None,
) -> Markup:
    """Conversation risk after each message; dots mark the flagged sender's messages.

    `warned_index` (0-based) draws a line where the warning fired; `window` (0-based, both
    ends included) shades the messages the page shows. A conversation longer than the chart
    is wide gets one point per run of messages, at the run's highest risk, so that the
    drawing stays the same size and no peak is lost.
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
    if window is not None and n:
        left, right = x(window[0]), x(window[1])
        parts.append(
            f'<rect x="{left:.1f}" y="{PAD}" width="{max(right - left, 1.0):.1f}" '
            f'height="{plot_h}" fill="#1565c0" fill-opacity="0.08" class="window"/>'
        )
    points, dots = [], []
    for run in _columns(n, plot_w):
        top = max(run, key=lambda i: risks[i])
        points.append(f"{x(top):.1f},{y(risks[top]):.1f}")
        marked = [i for i in run if flagged[i]]
        if marked:
            i = max(marked, key=lambda i: risks[i])
            dots.append(
                f'<circle cx="{x(i):.1f}" cy="{y(risks[i]):.1f}" r="2.5" fill="#c62828">'
                f"<title>message {i + 1}: risk {risks[i]:.2f}</title></circle>"
            )
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#1565c0" '
            'stroke-width="2" class="risk-line"/>'
        )
        parts.extend(dots)
    parts.append(
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" font-size="10" text-anchor="middle" '
        f'fill="#555">{escape(f"messages 1-{n}")}</text></svg>'
    )
    return Markup("".join(parts))
