"""`lurewatch serve`: the API under uvicorn, plus its workers: webhook delivery and
retention (threads of the same process) and the text-scoring processes (`TextPool`), all
started and stopped with it."""

from __future__ import annotations

import gc
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .._errors import ConfigError
from ..engine.detector import Detector
from .api.app import Service, create_app
from .logs import configure_logging
from .redis_client import check_writable, connect
from .retention import purge
from .scoring_model import check, check_platforms
from .settings import Settings
from .store.database import Database, driver_message, is_store_failure
from .textpool import TextPool
from .webhooks import Dispatcher, queue_depth

__all__ = [
    "check_listenable",
    "keep_gc_off_the_ingest_path",
    "proxy_options",
    "serve",
    "unread_uvicorn_setting",
    "workers",
]

log = logging.getLogger("lurewatch.service")

PURGE_RETRY_SECONDS = 60.0  # a failed retention purge is tried again this soon


def workers(service: Service) -> Iterator[None]:
    """Start the webhook dispatcher and the periodic purge; stop them on shutdown."""
    stop = threading.Event()
    dispatcher = Dispatcher(service.database, service.settings, service.metrics)
    service.metrics.watch_queue(lambda: queue_depth(service.database))

    def purge_loop() -> None:
        # First at start-up: a server restarted more often than the interval would never purge.
        interval = service.settings.purge_interval_seconds
        while True:
            wait = interval
            try:
                report = purge(service.database, service.settings)
                log.info("retention purge: %s", report)
            except Exception as exc:  # a failed purge must not stop the service
                log.error(
                    "retention purge failed; retrying: %s",
                    driver_message(exc),
                    exc_info=not is_store_failure(exc),
                )
                wait = min(interval, PURGE_RETRY_SECONDS)  # the database may be back by then
            if stop.wait(wait):
                return

    threads = [
        threading.Thread(target=dispatcher.run_forever, args=(stop,), name="webhooks", daemon=True),
        threading.Thread(target=purge_loop, name="purge", daemon=True),
    ]
    pool = None
    if service.settings.scoring_processes:
        pool = TextPool(
            service.settings.model_dir,
            service.settings.scoring_processes,
            timeout=service.settings.scoring_timeout_seconds,
            on_failure=service.metrics.worker_failures.inc,
        )
        pool.start()
        service.ingestor.pool = pool
    for thread in threads:
        thread.start()
    keep_gc_off_the_ingest_path()
    yield
    service.ingestor.pool = None
    if pool is not None:
        pool.close()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    dispatcher.close()


def keep_gc_off_the_ingest_path() -> None:
    """The model's tables and the scorer's state are large and long-lived, and a batch
    allocates many small objects: with the default thresholds the cyclic collector walks
    them all every few seconds (pauses of 100 ms under load, on a batch that waits for
    them). Objects alive at startup are frozen out of collection, and young objects are
    collected less often (they are mostly freed by reference counting anyway)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def serve(settings: Settings, announce: Callable[[], None] | None = None) -> None:
    """Run until interrupted; refuses to start on a database at the wrong schema, whose
    scores come from another model (`scoring_model.check`), or with a `redis_url` where no
    Redis answers or takes a write (full, a read-only replica: `/readyz`'s check). `announce`
    runs once those checks have passed."""
    import uvicorn

    configure_logging(settings)  # before the checks, for their lines too
    if unread := unread_uvicorn_setting(settings, os.environ):
        log.warning("%s", unread)
    if settings.redis_url:
        check_writable(connect(settings.redis_url), settings.redis_key_prefix)
    database = Database(settings.database_url)
    database.check_schema()
    detector = Detector.load(settings.model_dir)
    check(database, detector, settings.model_dir)
    check_listenable(settings.host, settings.port)
    app = create_app(settings, database=database, detector=detector, background=workers)
    # platforms' own models, loaded once: kept by the ingestor for their first batches
    check_platforms(database, app.state.service.ingestor.detector_at)
    if announce is not None:
        announce()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # configure_logging's handlers, not uvicorn's
        log_level=settings.log_level,
        access_log=False,
        **proxy_options(settings),
    )


def check_listenable(host: str, port: int) -> None:
    """Refuse an address `serve` cannot listen on (a port another program holds, a host
    that is not this machine's) before its workers and first retention purge run and before
    it announces itself: uvicorn would only say so after all of them. The socket is bound
    as uvicorn binds it (SO_REUSEADDR), then closed for uvicorn to bind."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): stop what uses that port "
            "or choose another (--port, setting `port`; `make run PORT=9000`), or a `host` of "
            "this machine"
        ) from None


def unread_uvicorn_setting(settings: Settings, environ: Mapping[str, str]) -> str | None:
    """What to tell an operator who set uvicorn's own proxy variable: `serve` does not read
    it, and believing no proxy where they meant one locks everyone out together."""
    if "FORWARDED_ALLOW_IPS" not in environ:
        return None
    return (
        "FORWARDED_ALLOW_IPS is not read: set trusted_proxies (LUREWATCH_TRUSTED_PROXIES) "
        f"instead; now trusting {settings.trusted_proxies or 'no proxy'}"
    )


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's reading of `X-Forwarded-*`: from `trusted_proxies` only, never from its
    own `FORWARDED_ALLOW_IPS` variable (`unread_uvicorn_setting` tells an operator so)."""
    trusted = settings.trusted_proxies
    return {"proxy_headers": trusted is not None, "forwarded_allow_ips": trusted or ""}
