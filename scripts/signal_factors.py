"""Regenerate the signal rules' precomputed required substrings after editing the rules.

    .venv/bin/python scripts/signal_factors.py

Writes src/lurewatch/engine/signals/factors.json; the test suite fails while it is stale.
"""

from __future__ import annotations

from lurewatch.engine.signals._patterns import RULES
from lurewatch.engine.signals._prefilter import FACTOR_CACHE, write_cache

if __name__ == "__main__":
    count = write_cache(pattern for table in RULES.values() for _, _, pattern in table)
    print(f"wrote the factors of {count} rules to {FACTOR_CACHE}")
