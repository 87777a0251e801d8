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


def test_sections_are_read_and_written_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """BENCHMARKS.md was read and written in the locale's encoding: under an ASCII locale a
    section with "µs" in it stopped the benchmark that rewrites the file."""
    import os
    import subprocess
    import sys

    path = tmp_path / "BENCHMARKS.md"
    script = (
        "import sys; from pathlib import Path; "
        "from lurewatch.evaluation.sections import keep_sections, replace_section; "
        "p = Path(sys.argv[1]); replace_section(p, 'ingest', 'p99 0.2 \\u00b5s'); "
        "p.write_text(keep_sections(p, '# Benchmarks\\n'), encoding='utf-8')"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "p99 0.2 µs" in path.read_text(encoding="utf-8")
