"""Score message texts in worker processes, so concurrent batches use more than one core.

Scoring a batch has two halves. What each text alone contributes (normalising, the model's
n-gram logit, the behaviour signals: `score_texts`) needs no state and is most of the CPU;
folding those numbers into the conversation and sender states needs the scorer, and runs
under the ingest lock one batch at a time. While one batch holds that lock, the next one's
texts are scored here, in another process (Python threads would share one core), and the
lock is then held only for the state half.

A batch that finds the lock free is scored in its own process: shipping texts to a worker
and back only pays when there is something to overlap with.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..engine.detector import Detector
from ..engine.model import RiskModel
from ..engine.streaming import TextScore, score_texts

__all__ = ["TextPool"]

log = logging.getLogger("lurewatch.service")

_model: RiskModel | None = None  # the worker process's copy of the model


def _start_worker(model_dir: str | None, server: int) -> None:
    global _model
    threading.Thread(target=_exit_with, args=(server,), daemon=True).start()
    _model = Detector.load(model_dir).model


def _exit_with(server: int) -> None:
    """End this worker once the server that started it is gone, however it ended (a
    `kill -9` runs no shutdown code): its parent then changes to another process."""
    while os.getppid() == server:
        time.sleep(1.0)
    os._exit(0)


def _score(texts: list[str]) -> list[TextScore]:
    assert _model is not None, "worker started without its model"
    return score_texts(_model, texts)


def _end(executor: ProcessPoolExecutor) -> None:
    """Shut down `executor` after ending its workers: shutting down alone leaves a hung one
    running, its pool's manager thread waiting on it, and the interpreter's exit waiting on
    that thread (Ctrl-C could not stop the server)."""
    workers = list((executor._processes or {}).values())
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join(5)
    executor.shutdown(wait=False, cancel_futures=True)


class TextPool:
    """`processes` workers, each holding its own copy of the detector at `model_dir`."""

    def __init__(
        self,
        model_dir: str | None,
        processes: int,
        timeout: float = 60.0,
        on_failure: Callable[[], object] | None = None,
    ) -> None:
        self.model_dir = model_dir
        self.processes = processes
        self.timeout = timeout
        self.on_failure = on_failure  # e.g. a metric's inc
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self, wait: bool = False) -> None:
        """Start the workers loading the model now (about a second), not at the first batch
        that needs them; `wait` until they have. A worker that cannot start shows at its
        first batch, like any other failure: logged, counted, scored in process."""
        executor = self._pool()
        assert executor is not None, "start() after close()"
        ready = executor.submit(int)
        if wait:
            ready.result(timeout=self.timeout)

    def _pool(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._executor is None and not self._closed:
                # spawn: the server process runs threads, which fork() must not copy; and
                # the workers are the server's own children, so they can tell when it dies.
                self._executor = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.model_dir, os.getpid()),
                )
            return self._executor

    def score(self, texts: list[str]) -> dict[str, TextScore] | None:
        """`score_texts` of `texts` by a worker; None when the pool failed or is closed (the
        caller then scores in its own process: same model, same numbers, only slower). A
        broken pool is logged and replaced for the next call."""
        if not texts:
            return {}
        executor = self._pool()
        if executor is None:  # closed: the server is stopping
            return None
        try:
            scores = executor.submit(_score, texts).result(timeout=self.timeout)
        except (BrokenProcessPool, TimeoutError, CancelledError, RuntimeError, OSError) as exc:
            log.error(
                "scoring worker failed (%s); scoring in the server process", type(exc).__name__
            )
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            _end(executor)
            if self.on_failure is not None:
                self.on_failure()
            return None
        return dict(zip(texts, scores, strict=True))

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
            self._closed = True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
