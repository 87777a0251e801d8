"""The HTTP API: `create_app(settings)` builds the FastAPI application.

Routes are plain (synchronous) functions: FastAPI runs them in its thread pool, where the
blocking database calls belong. Every route that touches tenant data takes the caller's
platform from its API key and passes the platform id to every query.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.security import APIKeyHeader
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..._errors import ConfigError, ModelError
from ...engine.detector import Detector
from .. import audit
from .._throttle import Throttled
from ..console import mount_console
from ..console.security import WINDOW_SECONDS, LoginLimiter
from ..ingest import (
    IdempotencyConflict,
    IncomingMessage,
    Ingestor,
    rule_for,
    same_message_key,
)
from ..metrics import Metrics
from ..redis_client import RedisUnavailableError, check_writable, connect
from ..redis_limits import Breaker, RedisLoginLimiter, RedisRateLimiter
from ..scoring_model import ScoringModelChangedError, verify
from ..settings import InvalidSettingsError, PlatformSettings, Settings, platform_settings
from ..store.database import (
    Database,
    SchemaAheadError,
    SchemaOutdatedError,
    StoreReplacedError,
    StoreUnavailableError,
    StoreWritesFailingError,
    driver_message,
    is_busy,
)
from ..store.schema import ROW_ID_MAX
from ..tenants import (
    ApiKey,
    Platform,
    authenticate,
    find_platform,
    new_webhook_secret,
    save_platform_settings,
)
from ..views import (
    CONVERSATIONS,
    CONVERSATIONS_MAX,
    PARTICIPANTS,
    PARTICIPANTS_MAX,
    close_alert,
    conversation_document,
    get_alert,
    list_alerts,
    sender_document,
)
from ..webhooks import shown_url
from . import models
from .limits import BodyLimitMiddleware, RateLimiter
from .problems import Problem, install_handlers, pointer, problem_response

__all__ = ["API_VERSION", "Service", "create_app"]

API_VERSION = "1"
log = logging.getLogger("lurewatch.service")
REDIS_LOG_INTERVAL = 10.0  # seconds between two log lines about requests Redis fails
_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="A platform key from `lurewatch admin`."
)


class Service:
    """What the routes share: settings, store, engine, limits and metrics."""

    def __init__(
        self, settings: Settings, database: Database | None = None, detector: Detector | None = None
    ) -> None:
        self.settings = settings
        self.database = database or Database(settings.database_url)
        self.ingestor = Ingestor(
            self.database,
            detector or Detector.load(settings.model_dir),
            settings.idempotency_ttl_hours,
        )
        self.metrics = Metrics()
        # Limits count per process, or in Redis where several processes share them.
        self.redis = connect(settings.redis_url) if settings.redis_url else None
        self._redis_log = Throttled(REDIS_LOG_INTERVAL)
        self.limiter: RateLimiter | RedisRateLimiter
        self.login_limiter: LoginLimiter | RedisLoginLimiter
        if self.redis is None:
            self.limiter = RateLimiter(settings.rate_limit_per_minute)
            self.login_limiter = LoginLimiter(
                settings.login_attempts_per_15_minutes,
                settings.login_attempts_per_address_per_15_minutes,
                settings.login_attempts_per_account_per_15_minutes,
            )
        else:
            prefix = settings.redis_key_prefix
            breaker = Breaker()  # one Redis: when it does not answer, neither limit waits
            self.limiter = RedisRateLimiter(
                self.redis, settings.rate_limit_per_minute, prefix, breaker
            )
            self.login_limiter = RedisLoginLimiter(
                self.redis,
                settings.login_attempts_per_15_minutes,
                WINDOW_SECONDS,
                prefix,
                settings.login_attempts_per_address_per_15_minutes,
                settings.login_attempts_per_account_per_15_minutes,
                breaker,
            )

    def redis_failed(self, what: str, exc: RedisUnavailableError) -> None:
        """Log `what` failed and why (where Redis is: for operators only, never in an
        answer), one line per interval however many requests an outage refuses."""
        if self._redis_log.due():
            log.error("%s%s: %s", what, self._redis_log.suppressed(), exc)

    def caller(self, presented: str | None, scope: str) -> tuple[Platform, str]:
        if not presented:
            raise Problem(
                401,
                "missing API key: send it in the X-API-Key header",
                headers={"WWW-Authenticate": "ApiKey"},
            )
        with self.database.read() as conn:
            key: ApiKey | None = authenticate(conn, presented)
            if key is None:
                raise Problem(
                    401,
                    "invalid or revoked API key",
                    headers={"WWW-Authenticate": "ApiKey"},
                )
            platform = find_platform(conn, key.platform_id)
        if scope not in key.scopes:
            raise Problem(403, f"this API key lacks the {scope!r} scope")
        try:
            wait = self.limiter.check(key.id)
        except RedisUnavailableError as exc:
            self.redis_failed("rate limits cannot be counted", exc)
            raise Problem(
                503,
                "the shared rate limits cannot be counted right now; nothing was stored, retry",
                headers={"Retry-After": "5"},
            ) from None
        if wait > 0:
            raise Problem(
                429,
                f"rate limit of {self.settings.rate_limit_per_minute} requests/minute reached",
                headers={"Retry-After": RateLimiter.retry_after(wait)},
            )
        return platform, key.id


def _caller(scope: str) -> Any:
    def dependency(request: Request, key: Annotated[str | None, Depends(_key_header)]) -> Platform:
        service: Service = request.app.state.service
        platform, key_id = service.caller(key, scope)
        request.state.api_key_id = key_id
        return platform

    return Depends(dependency)


Ingester = Annotated[Platform, _caller("ingest")]
Reader = Annotated[Platform, _caller("read")]
Reviewer = Annotated[Platform, _caller("review")]
Configurer = Annotated[Platform, _caller("settings")]


AlertId = Annotated[int, Path(ge=1, le=ROW_ID_MAX)]


def _cursor(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def _uncursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value = int(text)
        if str(value) != text or not 0 <= value <= ROW_ID_MAX:  # only what `_cursor` makes
            raise ValueError(text)
        return value
    except ValueError:
        raise Problem(
            422,
            "invalid cursor: pass `next_cursor` from a previous page",
            errors=[{"parameter": "after", "detail": "not a cursor"}],
        ) from None


def _unready(exc: Exception) -> str:
    """What /readyz may say about a failed check: which part, and what to do about it."""
    if isinstance(exc, SchemaAheadError):
        return "the database schema is newer than this lurewatch; an operator must upgrade it"
    if isinstance(exc, SchemaOutdatedError):
        return (
            "the database schema is not this version's; an operator must run `lurewatch db upgrade`"
        )
    if isinstance(exc, ScoringModelChangedError):
        return (
            "the stored scores come from another model than this server runs, or are being "
            "re-scored (`lurewatch db status` says which)"
        )
    if isinstance(exc, RedisUnavailableError):
        return (
            "Redis, where the rate limits are shared, does not answer or refuses writes (out "
            "of memory, a read-only replica); the server's log says which"
        )
    if isinstance(exc, StoreReplacedError):
        return (
            "the database file was deleted or replaced while the server ran; nothing more is "
            "written to it: an operator must restart the server"
        )
    if isinstance(exc, StoreWritesFailingError):
        return (
            "writes to the database fail (a full disk, for one); the server's log says why: "
            "an operator must fix it"
        )
    if isinstance(exc, PoolTimeout):
        return "every database connection is in use: the database is slow or stalled"
    if isinstance(exc, (StoreUnavailableError, OperationalError)):
        return "the database does not answer"
    return "a readiness check failed; the server's log says which"


DB_LOG_INTERVAL = 10.0  # seconds between two log lines about failing database requests
UNREADY_LOG_INTERVAL = 60.0  # seconds between two /readyz log lines giving the same reason


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    detector: Detector | None = None,
    background: Callable[[Service], Iterator[None]] | None = None,
) -> FastAPI:
    """The API application; `background` runs around the app's lifetime (workers of serve)."""
    service = Service(settings, database, detector)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        if background is None:
            yield
        else:
            steps = background(service)
            next(steps)
            yield
            next(steps, None)

    app = FastAPI(
        title="lurewatch",
        version=API_VERSION,
        summary="Early warning for online child grooming in chat",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load scripts and fonts from CDNs, on the origin
        # that serves the console: off. The schema stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    install_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    mount_console(app, service)

    db_log = Throttled(DB_LOG_INTERVAL)

    async def on_db_error(request: Request, exc: Exception) -> Response:
        # the driver's words only (SQL parameters are hidden): which failure, for operators;
        # a replaced file and a full queue are logged where they are found; no connection
        # free in the pool (the database slow or stalled) is a busy database
        if isinstance(exc, (OperationalError, PoolTimeout)) and db_log.due():
            busy = isinstance(exc, PoolTimeout) or is_busy(exc)
            level = logging.WARNING if busy else logging.ERROR
            log.log(level, "database error%s: %s", db_log.suppressed(), driver_message(exc))
        return problem_response(
            503,
            "the database is unavailable; retry later",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    app.add_exception_handler(OperationalError, on_db_error)
    app.add_exception_handler(PoolTimeout, on_db_error)
    app.add_exception_handler(StoreUnavailableError, on_db_error)

    async def on_model_changed(request: Request, exc: Exception) -> Response:
        log.error("batch refused: %s", exc)  # which model, where: for operators
        return problem_response(
            503,
            "this platform's stored scores are being moved to another model, or this server "
            "runs another model than they come from; nothing was stored: retry later",
            instance=request.url.path,
            headers={"Retry-After": "30"},
        )

    app.add_exception_handler(ScoringModelChangedError, on_model_changed)

    async def on_model_missing(request: Request, exc: Exception) -> Response:
        log.error("a platform's model cannot be loaded: %s", exc)  # its path: operators only
        return problem_response(
            503,
            "the model that scores this platform cannot be loaded; nothing was stored: an "
            "operator must restore it or choose another (`lurewatch admin set-model`)",
            instance=request.url.path,
        )

    app.add_exception_handler(ModelError, on_model_missing)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        """Someone who opens the server's address in a browser wants the console (the API's
        clients use /v1 and the schema at /openapi.json)."""
        return RedirectResponse("/console/", status_code=303)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    # A probe asks every few seconds: the log says when readiness changes (and why), and
    # repeats an unchanged reason once a minute, not once per probe.
    unready_log = Throttled(UNREADY_LOG_INTERVAL)

    @app.get("/readyz", tags=["operations"])
    def readyz() -> Response:
        """The database file is the one opened, writes to it do not fail, it answers at the
        right schema, the model is loaded and is the one the stored scores come from, and
        Redis takes writes where limits are shared there (a PING passes on a full or
        read-only Redis that refuses every count)."""
        try:
            service.database.check_writable()
            service.database.check_schema()
            with service.database.read() as conn:
                verify(conn, service.ingestor.fingerprint)
            if service.redis is not None:
                check_writable(service.redis, settings.redis_key_prefix)
        except (ConfigError, OperationalError, PoolTimeout) as exc:
            # Which host, file or model: for operators, in the log. This endpoint answers
            # anyone who can reach the server (load balancers, probes).
            if unready_log.due(str(exc)):
                log.error("not ready: %s%s", exc, unready_log.suppressed())
            return problem_response(503, f"not ready: {_unready(exc)}")
        if unready_log.clear():
            log.warning("ready again")
        return Response(
            content='{"status":"ready","model":"loaded"}', media_type="application/json"
        )

    @app.get("/metrics", tags=["operations"])
    def metrics() -> Response:
        """Prometheus metrics."""
        return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.post(
        "/v1/messages",
        response_model=models.IngestResponse,
        tags=["ingest"],
        responses={409: {"description": "Idempotency-Key reused with another body"}},
    )
    def post_messages(
        batch: models.MessageBatch,
        platform: Ingester,
        idempotency_key: Annotated[
            str | None, Header(alias="Idempotency-Key", max_length=200)
        ] = None,
    ) -> Any:
        """Store and score a batch; answered only once the batch is durably committed."""
        started = time.perf_counter()
        _check_limits(batch, settings)
        incoming = [models.incoming(m) for m in batch.messages]
        _check_reused_ids(incoming)
        try:
            result = service.ingestor.ingest(platform, incoming, idempotency_key)
        except IdempotencyConflict:
            raise Problem(
                409,
                "this Idempotency-Key was used with a different request body; "
                "use a new key for a new batch",
            ) from None
        if not result.replayed:
            service.metrics.ingested(platform.id, result, time.perf_counter() - started)
            if result.texts_scored_by_worker:
                service.metrics.worker_batches.inc()
        return JSONResponse(result.body)  # already shaped as IngestResponse: skip re-validation

    # `:path`: ids may contain "/" (sent as %2F, which the server decodes before routing).
    @app.get(
        "/v1/conversations/{conversation_id:path}",
        response_model=models.ConversationDocument,
        tags=["read"],
    )
    def get_conversation(
        conversation_id: str,
        platform: Reader,
        participants: Annotated[
            int,
            Query(
                ge=1,
                le=PARTICIPANTS_MAX,
                description="Most participants listed: the flagged one, those who said they "
                "are minors (in at most half the places), then the riskiest "
                "(`participant_count` tells how many there are); also the most of those "
                "who said they are minors listed in `minors`, in the order they said it "
                "(`minor_count` tells how many there are).",
            ),
        ] = PARTICIPANTS,
    ) -> dict[str, Any]:
        """Risk, level, warning state, participants with evidence, and risk history."""
        with service.database.read() as conn:
            doc = conversation_document(conn, platform.id, conversation_id, participants)
        if doc is None:
            raise Problem(404, f"no conversation {conversation_id!r} on this platform")
        return doc

    @app.get("/v1/senders/{sender_id:path}", response_model=models.SenderDocument, tags=["read"])
    def get_sender(
        sender_id: str,
        platform: Reader,
        conversations: Annotated[
            int,
            Query(
                ge=1,
                le=CONVERSATIONS_MAX,
                description="Most conversations listed: those with an open alert on this "
                "sender first, then the riskiest, ties by id (`conversation_count` tells "
                "how many there are).",
            ),
        ] = CONVERSATIONS,
    ) -> dict[str, Any]:
        """A sender's risk across conversations."""
        with service.database.read() as conn:
            doc = sender_document(conn, platform.id, sender_id, conversations)
        if doc is None:
            raise Problem(404, f"no sender {sender_id!r} on this platform")
        return doc

    @app.get("/v1/alerts", response_model=models.AlertList, tags=["alerts"])
    def get_alerts(
        platform: Reader,
        after: Annotated[str | None, Query(description="Cursor from `next_cursor`.")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    ) -> Any:
        """Alerts in the order they were raised, a page at a time."""
        with service.database.read() as conn:
            page = list_alerts(conn, platform.id, _uncursor(after), limit, status)
        cursor = _cursor(page[-1]["id"]) if len(page) == limit else None
        return {"alerts": page, "next_cursor": cursor}

    @app.get("/v1/alerts/{alert_id}", response_model=models.AlertOut, tags=["alerts"])
    def get_one_alert(alert_id: AlertId, platform: Reader) -> Any:
        with service.database.read() as conn:
            doc = get_alert(conn, platform.id, alert_id)
        if doc is None:
            raise Problem(404, f"no alert {alert_id} on this platform")
        return doc

    @app.post("/v1/alerts/{alert_id}/close", response_model=models.AlertOut, tags=["alerts"])
    def close_one_alert(
        request: Request, alert_id: AlertId, body: models.CloseAlert, platform: Reviewer
    ) -> Any:
        """Close an alert with the outcome of the platform's own review (an alert closed
        already keeps its outcome, and is answered as it is)."""
        with service.database.transaction() as conn:
            doc, closed = close_alert(conn, platform.id, alert_id, body.outcome)
            if closed:
                audit.record(
                    conn,
                    f"api-key:{request.state.api_key_id}",
                    "alert.close",
                    f"alert:{alert_id}",
                    {"platform": platform.id, "outcome": body.outcome},
                    ip=audit.client_address(request.client),
                )
        if doc is None:
            raise Problem(404, f"no alert {alert_id} on this platform")
        return doc

    @app.get("/v1/settings", response_model=PlatformSettings, tags=["settings"])
    def get_settings(platform: Configurer) -> Any:
        """This platform's settings, with the warning rule in effect filled in."""
        return _effective(service, platform, platform.settings)

    @app.patch("/v1/settings", response_model=PlatformSettings, tags=["settings"])
    def patch_settings(request: Request, patch: models.SettingsPatch, platform: Configurer) -> Any:
        """Change some settings; the others keep their values."""
        changes = patch.model_dump(exclude_unset=True)
        if changes.get("webhook_url", None) == "":
            changes["webhook_url"] = None
        if "webhook_secret" in changes and changes["webhook_secret"] is None:
            changes["webhook_secret"] = new_webhook_secret()  # a platform always has one
        if changes.get("webhook_url"):  # resolving its host is slow: before taking the lock
            _check_webhook_url(changes["webhook_url"], service)
        with service.database.transaction() as conn:
            # Merged onto the settings as stored now, not as read when the key was checked:
            # a PATCH of other fields that committed meanwhile keeps its values.
            platform = find_platform(conn, platform.id, for_update=True)
            values = {**platform.settings.model_dump(), **changes}
            updated = _validated_settings(values, service, platform)
            save_platform_settings(conn, platform.id, updated)
            shown = dict(changes)
            if "webhook_secret" in shown:
                shown["webhook_secret"] = "***"
            if shown.get("webhook_url"):  # credentials in the URL stay out of the audit log
                shown["webhook_url"] = shown_url(str(shown["webhook_url"]))
            audit.record(
                conn,
                f"api-key:{request.state.api_key_id}",
                "settings.change",
                f"platform:{platform.id}",
                shown,
                ip=audit.client_address(request.client),
            )
        return _effective(service, platform, updated)

    @app.get("/v1/webhooks/events", response_model=models.WebhookEventList, tags=["settings"])
    def get_webhook_events(
        platform: Reader,
        after: Annotated[str | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """Webhook events and every delivery attempt, oldest first."""
        from ..webhooks import list_events

        with service.database.read() as conn:
            events = list_events(conn, platform.id, _uncursor(after), limit)
        cursor = _cursor(events[-1]["seq"]) if len(events) == limit else None
        return {"events": events, "next_cursor": cursor}

    return app


def _check_limits(batch: models.MessageBatch, settings: Settings) -> None:
    if len(batch.messages) > settings.max_batch_messages:
        raise Problem(
            422,
            f"a batch holds at most {settings.max_batch_messages} messages; "
            f"got {len(batch.messages)}: split it",
            errors=[{"pointer": "/messages", "detail": "too many messages"}],
        )
    errors = [
        {"pointer": f"/messages/{i}/text", "detail": detail}
        for i, m in enumerate(batch.messages)
        if (detail := models.oversized(m.text, settings.max_text_bytes))
    ]
    if errors:
        raise Problem(422, f"{len(errors)} message(s) too long", errors=errors)


def _check_reused_ids(batch: Sequence[IncomingMessage]) -> None:
    """Refuse a batch that uses one message id for two different messages
    (`same_message_key`), as an import does: the store would keep the first and answer the
    second `duplicate`, dropping it without a word. The same message twice is a repeat,
    answered `duplicate` and stored once."""
    first: dict[str, tuple[int, int]] = {}  # message id -> its first position, its key
    errors = []
    for i, m in enumerate(batch):
        at, key = first.setdefault(m.message_id, (i, same_message_key(m)))
        if key != same_message_key(m):
            errors.append(
                {
                    "pointer": f"/messages/{i}/message_id",
                    "detail": f"the id of /messages/{at}, a different message (its "
                    "conversation, sender or text differ): give this message its own id",
                }
            )
    if errors:
        raise Problem(
            422,
            f"{len(errors)} message(s) reuse the id of another message in this batch, first "
            f"at {errors[0]['pointer']}; message ids are unique per platform: give each "
            "message its own id (a message sent again unchanged is stored once)",
            errors=errors,
        )


def _effective(
    service: Service, platform: Platform, settings: PlatformSettings
) -> PlatformSettings:
    rule = rule_for(service.ingestor.model_for(platform), settings)
    return settings.model_copy(
        update={"warning_threshold": rule.threshold, "warning_k": rule.k, "warning_n": rule.n}
    )


def _invalid(field: str, detail: str) -> Problem:
    return Problem(422, detail, errors=[{"pointer": f"/{field}", "detail": detail}])


def _check_webhook_url(url: str, service: Service) -> None:
    """Refuse a new webhook URL that is not http(s) or resolves to a non-public address (the
    dispatcher checks it again at every delivery)."""
    from ..webhooks import check_webhook_url

    try:
        check_webhook_url(url, service.settings.allow_private_webhooks)
    except ConfigError as exc:
        raise _invalid("webhook_url", str(exc)) from None


def _validated_settings(
    values: dict[str, Any], service: Service, platform: Platform
) -> PlatformSettings:
    from ..webhooks import check_webhook_secret

    try:
        updated = platform_settings(values)
    except InvalidSettingsError as exc:  # e.g. null for a setting that has no "unset"
        errors = [
            {"pointer": pointer(name.split(".")), "detail": what}
            for name, what in exc.fields.items()
        ]
        raise Problem(422, str(exc), errors=errors) from None
    if not updated.level_medium < updated.level_high < updated.level_critical:
        raise _invalid("level_high", "levels must rise: level_medium < level_high < level_critical")
    try:
        rule_for(service.ingestor.model_for(platform), updated)
    except ConfigError as exc:
        raise _invalid("warning_k", str(exc)) from None
    if updated.webhook_secret:
        try:
            check_webhook_secret(updated.webhook_secret)
        except ConfigError as exc:
            raise _invalid("webhook_secret", str(exc)) from None
    return updated
