"""PAN12 official scoring (problem 1: F0.5 over author ids; problem 2: F3 over lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch.evaluation.pan12 import (
    Pan12Problem1,
    Pan12Problem2,
    score_problem1,
    score_problem2,
    write_problem1,
    write_problem2,
)

GT = "pan12-sexual-predator-identification-groundtruth-problem{}.txt"


def _read_ids(path: Path) -> list[str]:
    """Problem-1 ground truth: one author id a line (blank lines and a missing final newline ok)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read_lines(path: Path) -> list[tuple[str, int]]:
    """Problem-2 ground truth: conversation-id<TAB>line."""
    pairs = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            conversation_id, line = row.split("\t")
            pairs.append((conversation_id.strip(), int(line)))
    return pairs


@pytest.fixture
def toy_test(data_dir: Path) -> Path:
    toy = data_dir / "pan12" / "toy.test"
    if not (toy / GT.format(1)).is_file():
        pytest.skip(f"PAN12 toy ground truth not in {toy}")
    return toy


# --------------------------------------------------------------------------- problem 1


def test_problem1_ground_truth_against_itself_is_perfect(toy_test: Path) -> None:
    truth = _read_ids(toy_test / GT.format(1))
    assert len(truth) == 5
    r = score_problem1(truth, truth)
    assert (r.precision, r.recall, r.f1, r.f05) == (1.0, 1.0, 1.0, 1.0)
    assert (r.tp, r.fp, r.fn) == (5, 0, 0)


def test_problem1_perturbed_prediction_hand_computed(toy_test: Path) -> None:
    truth = _read_ids(toy_test / GT.format(1))
    # drop one id, add one wrong: tp 4, fp 1, fn 1 -> P = R = F = 4/5
    predicted = [*truth[1:], "00000000000000000000000000000000"]
    r = score_problem1(predicted, truth)
    assert (r.tp, r.fp, r.fn) == (4, 1, 1)
    assert r.precision == pytest.approx(0.8)
    assert r.recall == pytest.approx(0.8)
    assert r.f1 == pytest.approx(0.8)
    assert r.f05 == pytest.approx(0.8)
    # drop two, add one wrong: tp 3, fp 1, fn 2 -> P 3/4, R 3/5, F1 2/3,
    # F0.5 = 1.25*3 / (1.25*3 + 0.25*2 + 1) = 5/7
    predicted = [*truth[2:], "00000000000000000000000000000000"]
    r = score_problem1(predicted, truth)
    assert (r.tp, r.fp, r.fn) == (3, 1, 2)
    assert r.precision == pytest.approx(0.75)
    assert r.recall == pytest.approx(0.6)
    assert r.f1 == pytest.approx(2 / 3)
    assert r.f05 == pytest.approx(5 / 7)
    assert r.official == r.f05


def test_problem1_is_set_based() -> None:
    assert score_problem1(["a", "a", "b"], ["a"]) == score_problem1({"a", "b"}, {"a"})
    assert score_problem1([], ["a"]) == Pan12Problem1(0.0, 0.0, 0.0, 0.0, tp=0, fp=0, fn=1)


# --------------------------------------------------------------------------- problem 2


def test_problem2_ground_truth_against_itself_is_perfect(toy_test: Path) -> None:
    truth = _read_lines(toy_test / GT.format(2))
    assert len(truth) == 15  # 17 rows with the two trailing blank ones
    r = score_problem2(truth, truth)
    assert (r.precision, r.recall, r.f1, r.f3) == (1.0, 1.0, 1.0, 1.0)
    assert (r.tp, r.fp, r.fn) == (15, 0, 0)


def test_problem2_perturbed_prediction_hand_computed(toy_test: Path) -> None:
    truth = _read_lines(toy_test / GT.format(2))
    cid = truth[0][0]
    # drop one line, add one wrong: tp 14, fp 1, fn 1 -> P = R = F = 14/15
    predicted = [*truth[1:], (cid, 9999)]
    r = score_problem2(predicted, truth)
    assert (r.tp, r.fp, r.fn) == (14, 1, 1)
    assert r.precision == pytest.approx(14 / 15)
    assert r.recall == pytest.approx(14 / 15)
    assert r.f3 == pytest.approx(14 / 15)
    # drop five, add one wrong: tp 10, fp 1, fn 5 -> P 10/11, R 2/3,
    # F3 = 10*10 / (10*10 + 9*5 + 1) = 50/73, F1 = 2*10 / (2*10 + 5 + 1) = 10/13
    predicted = [*truth[5:], (cid, 9999)]
    r = score_problem2(predicted, truth)
    assert (r.tp, r.fp, r.fn) == (10, 1, 5)
    assert r.precision == pytest.approx(10 / 11)
    assert r.recall == pytest.approx(2 / 3)
    assert r.f1 == pytest.approx(10 / 13)
    assert r.f3 == pytest.approx(50 / 73)
    assert r.official == r.f3


def test_problem2_pairs_match_on_conversation_and_line() -> None:
    truth = [("c1", 3), ("c2", 3)]
    r = score_problem2([("c1", 3), ("c1", 4), ("c1", 3)], truth)
    assert (r.tp, r.fp, r.fn) == (1, 1, 1)
    assert score_problem2([], []) == Pan12Problem2(1.0, 1.0, 1.0, 1.0, tp=0, fp=0, fn=0)


@given(
    st.sets(st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.integers(1, 8))),
    st.sets(st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.integers(1, 8))),
)
def test_problem2_f3_weighs_recall(pred: set[tuple[str, int]], true: set[tuple[str, int]]) -> None:
    r = score_problem2(pred, true)
    for value in (r.precision, r.recall, r.f1, r.f3):
        assert 0.0 <= value <= 1.0
    if r.tp:
        # F3 lies between P and R, on recall's side of F1
        lo, hi = sorted((r.precision, r.recall))
        assert lo - 1e-12 <= r.f3 <= hi + 1e-12
        assert (r.f3 - r.f1) * (r.recall - r.precision) >= -1e-12


# --------------------------------------------------------------------------- writers


def test_write_problem1_format_sorted_unique(tmp_path: Path) -> None:
    out = tmp_path / "p1.txt"
    write_problem1(out, ["b", "a", "c", "a"])
    assert out.read_text(encoding="utf-8") == "a\nb\nc\n"


def test_write_problem2_format_sorted_numerically(tmp_path: Path) -> None:
    out = tmp_path / "p2.txt"
    write_problem2(out, [("c2", 1), ("c1", 108), ("c1", 90), ("c1", 9), ("c1", 90)])
    assert out.read_text(encoding="utf-8") == "c1\t9\nc1\t90\nc1\t108\nc2\t1\n"


def test_writers_empty_input_write_empty_files(tmp_path: Path) -> None:
    write_problem1(tmp_path / "p1.txt", [])
    write_problem2(tmp_path / "p2.txt", [])
    assert (tmp_path / "p1.txt").read_bytes() == b""
    assert (tmp_path / "p2.txt").read_bytes() == b""


@pytest.mark.parametrize("bad", ["", "a b", "a\tb", "a\n"])
def test_writers_reject_ids_that_would_break_the_format(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        write_problem1(tmp_path / "p1.txt", [bad])
    with pytest.raises(ValueError):
        write_problem2(tmp_path / "p2.txt", [(bad, 1)])


def test_write_problem2_rejects_line_zero(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_problem2(tmp_path / "p2.txt", [("c1", 0)])


def test_writers_round_trip_the_toy_ground_truth(toy_test: Path, tmp_path: Path) -> None:
    ids = _read_ids(toy_test / GT.format(1))
    lines = _read_lines(toy_test / GT.format(2))
    write_problem1(tmp_path / "p1.txt", ids)
    write_problem2(tmp_path / "p2.txt", lines)
    assert _read_ids(tmp_path / "p1.txt") == sorted(ids)
    assert set(_read_lines(tmp_path / "p2.txt")) == set(lines)
    assert score_problem1(_read_ids(tmp_path / "p1.txt"), ids).f05 == 1.0
    assert score_problem2(_read_lines(tmp_path / "p2.txt"), lines).f3 == 1.0


def test_evaluate_pan12_reads_the_ground_truth_before_scoring(tmp_path: Path) -> None:
    """A broken ground-truth file fails before the corpus is scored, not after all of it."""
    from lurewatch import InputError
    from lurewatch.evaluation.protocols import evaluate_pan12

    class Unscored:
        def scorer(self) -> None:
            raise AssertionError("the corpus was scored before the ground truth was read")

    pan = tmp_path / "pan"
    shutil.copytree(Path(__file__).parent / "fixtures" / "pan12" / "test", pan)
    (pan / GT.format(2)).write_text("c1 x\n", encoding="utf-8")
    with pytest.raises(InputError, match="line number is not an integer"):
        evaluate_pan12(pan, Unscored())  # type: ignore[arg-type]
