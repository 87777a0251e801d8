"""Owned sections of BENCHMARKS.md survive `lurewatch evaluate --markdown`."""

from __future__ import annotations

from pathlib import Path

from lurewatch.evaluation.sections import keep_sections, replace_section


def test_sections_are_replaced_in_place_and_kept_on_rewrite(tmp_path: Path) -> None:
    doc = tmp_path / "B.md"
    doc.write_text("# Engine\nold numbers\n")
    replace_section(doc, "ingest", "## Ingest\n1,000 msg/s")
    replace_section(doc, "ingest", "## Ingest\n2,000 msg/s")
    text = doc.read_text()
    assert text.count("## Ingest") == 1 and "2,000" in text and "old numbers" in text
    rewritten = keep_sections(doc, "# Engine\nnew numbers\n")
    assert "new numbers" in rewritten and "old numbers" not in rewritten
    assert "2,000 msg/s" in rewritten and rewritten.count("<!-- section:ingest -->") == 1
    assert keep_sections(tmp_path / "missing.md", "x\n") == "x\n"
