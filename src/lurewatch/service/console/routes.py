"""The moderator console: pages under /console (Jinja2 templates, htmx, no external scripts).

Access rules, in one place (`_require`): admins see everything; moderators review and decide
on the platforms they are assigned to; auditors read the audit log and statistics only.
Every state-changing request needs the session's CSRF token. Every login (and every failed
or refused one), case view, reveal of hidden text, decision, note, download and admin change
is written to the audit log. Message texts are held back until revealed (setting
`console_blur`: every message, or those with a sexual signal only).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection, select, update

from ..._errors import ConfigError
from ..._outputs import no_formula
from ...engine.signals import LABELS
from .. import audit
from .._time import aware, utcnow
from ..calibrate import Calibration, apply_calibration, calibrate
from ..cases import (
    DECISIONS,
    STATS_WEEKS,
    STATS_WEEKS_MAX,
    CaseError,
    QueueKey,
    User,
    add_note,
    case,
    claim,
    decide,
    history,
    mark_viewed,
    next_case,
    queue,
    release,
    statistics_by_platform,
    user_by_id,
    visible_platforms,
)
from ..ingest import rule_for
from ..redis_client import RedisUnavailableError
from ..reports import build_evidence_json, build_report_zip
from ..settings import platform_settings
from ..store.schema import api_keys, users
from ..tenants import (
    ROLES,
    Platform,
    assign_platform,
    checked_login,
    create_api_key,
    create_user,
    find_platform,
    is_account_name,
    list_platforms,
    revoke_api_key,
    save_platform_settings,
    still_as_checked,
)
from .casefile import CaseFile, Window, load_case_file, load_message, report_case
from .charts import risk_chart
from .security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    RefusalDigest,
    Session,
    csrf_matches,
    end_session,
    find_session,
    login_actor,
    start_session,
)

__all__ = ["mount_console"]

log = logging.getLogger("lurewatch.console")

_FILTERS = ("platform", "level", "label", "max_age_hours")  # the queue's, kept in its links
_HERE = Path(str(resources.files("lurewatch.service.console")))
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


class _Denied(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message


async def _posted_form(request: Request) -> dict[str, Any]:
    """A POST's form, read on the event loop (the body arrives there), so that the route
    itself can be a plain function: FastAPI runs those in its thread pool, where waiting for
    the database holds up no other request."""
    return dict(await request.form())


Form = Annotated[dict[str, Any], Depends(_posted_form)]


def mount_console(app: FastAPI, service: Any) -> None:
    """Add the console's routes, static files and error pages to the API app."""
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    limiter = service.login_limiter
    refused = RefusalDigest()  # audit rows for refused logins: one a minute per address
    router = APIRouter(prefix="/console", include_in_schema=False)
    database = service.database
    settings = service.settings

    def ip_of(request: Request) -> str:
        return audit.client_address(request.client) or "unknown"

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        response = templates.TemplateResponse(request, name, context, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def session_user(request: Request) -> tuple[User, Session] | None:
        with database.read() as conn:
            session = find_session(conn, request.cookies.get(SESSION_COOKIE))
            if session is None:
                return None
            user = user_by_id(conn, session.user_id)
        return None if user is None else (user, session)

    def _require(request: Request, *roles: str) -> tuple[User, Session]:
        _no_nul(request.path_params.items(), "part of the address")
        _no_nul(request.query_params.multi_items(), "query parameter")
        found = session_user(request)
        if found is None:
            raise _Redirect("/console/login")
        if roles and found[0].role not in roles:
            raise _Denied(403, f"your role ({found[0].role}) cannot open this page")
        return found

    def _checked(request: Request, form: dict[str, Any], *roles: str) -> tuple[User, Session]:
        """A state-changing request: logged in, allowed, and carrying the CSRF token."""
        user, session = _require(request, *roles)
        _no_nul(form.items(), "form field")
        token = request.headers.get("X-CSRF-Token") or form.get("csrf_token")
        if not csrf_matches(session.csrf_token, str(token) if token else None):
            raise _Denied(403, "missing or invalid CSRF token: reload the page and try again")
        return user, session

    def context(user: User, session: Session) -> dict[str, Any]:
        return {"user": user, "csrf": session.csrf_token}

    # Login -----------------------------------------------------------------------------------

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or _token()
        response = page(request, "login.html", login_csrf=token, error=None)
        _cookie(response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    @router.post("/login")
    def login(request: Request, form: Form) -> Response:
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        token = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not csrf_matches(token, str(form.get("csrf_token", ""))):
            raise _Denied(403, "missing or invalid CSRF token: reload the login page")
        ip = ip_of(request)
        # the name is what the form says, not yet anyone's: bounded and escaped for the log
        unverified, detail = login_actor(name)
        wait, ticket = limiter.attempt(name, ip)  # counted as failed unless it succeeds
        if wait > 0:
            retry = int(wait) + 1
            service.metrics.console_logins.labels("refused").inc()
            refusals = refused.note(ip)
            if refusals is not None:
                with database.transaction() as conn:
                    audit.record(
                        conn,
                        unverified,
                        "login.refused",
                        "console",
                        {
                            **detail,
                            "reason": "too many failed logins",
                            "retry_after": retry,
                            "refusals": refusals,
                        },
                        ip=ip,
                    )
            response = page(
                request,
                "login.html",
                429,
                login_csrf=token,
                error=f"Too many failed logins. Try again in {int(wait // 60) + 1} minutes.",
            )
            response.headers["Retry-After"] = str(retry)
            return response
        if not is_account_name(name):  # no account can have it: nothing to look up
            service.metrics.console_logins.labels("failed").inc()
            with database.transaction() as conn:
                audit.record(conn, unverified, "login.failed", "console", detail, ip=ip)
            return page(
                request,
                "login.html",
                422,
                login_csrf=token,
                error="No account has such a name: account names have 1 to 64 characters, "
                "no control characters and no spaces at either end.",
            )

        # argon2 is slow on purpose: outside the write lock
        with database.read() as conn:
            checked = checked_login(conn, name, password)
        with database.transaction() as conn:
            # a new password or a disabled account since the check: no session
            ok = checked is not None and still_as_checked(conn, *checked)
            user_id = checked[0] if ok and checked is not None else None
            if not ok or user_id is None:
                audit.record(conn, unverified, "login.failed", "console", detail, ip=ip)
            else:
                cookie, _ = start_session(conn, user_id, settings.session_hours, ip)
                audit.record(conn, f"user:{name}", "login", "console", ip=ip)
        service.metrics.console_logins.labels("ok" if ok else "failed").inc()
        if not ok or user_id is None:
            return page(
                request, "login.html", 401, login_csrf=token, error="Wrong name or password."
            )
        try:
            limiter.succeeded(name, ip, ticket)
        except RedisUnavailableError as exc:
            # The session and its audit entry are committed: the login stands. Its attempt
            # stays counted as a failure until the window ends (stricter, never looser).
            service.redis_failed("a successful login stays counted as failed", exc)
        with database.read() as conn:
            who = user_by_id(conn, user_id)
        home = "/console/audit" if who is not None and who.role == "auditor" else "/console/"
        redirect = RedirectResponse(home, status_code=303)
        _cookie(redirect, SESSION_COOKIE, cookie, max_age=int(settings.session_hours * 3600))
        redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
        return redirect

    @router.post("/logout")
    def logout(request: Request, form: Form) -> Response:
        user, _ = _checked(request, form)
        with database.transaction() as conn:
            end_session(conn, request.cookies.get(SESSION_COOKIE))
            audit.record(conn, user.actor, "logout", "console", ip=ip_of(request))
        redirect = RedirectResponse("/console/login", status_code=303)
        redirect.delete_cookie(SESSION_COOKIE, path="/console")
        return redirect

    def _cookie(response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/console",
            httponly=True,
            secure=settings.cookie_secure,
            samesite="strict",
        )

    # Queue and cases --------------------------------------------------------------------------

    @router.get("/", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        platform: str | None = None,
        level: str | None = None,
        label: str | None = None,
        max_age_hours: float | None = None,
        after: str | None = None,
    ) -> HTMLResponse:
        """A page of the queue (`QUEUE_PAGE` cases), the next beginning `after` the case
        that ended this one: deciding cases on one page moves no unseen case onto a page
        already passed, as counting an offset would."""
        user, session = _require(request, "admin", "moderator")
        key = None if after is None else QueueKey.parse(after)
        with database.read() as conn:
            found = queue(
                conn,
                user,
                platform=platform,
                level=level,
                label=label,
                max_age_hours=max_age_hours,
                after=key,
            )
        # the filters as the address gave them, for the links to other pages
        given = {k: v for k, v in request.query_params.items() if k in _FILTERS and v}
        return page(
            request,
            "queue.html",
            **context(user, session),
            queue=found,
            platforms=found.platforms,
            labels=LABELS,
            filters={
                "platform": platform,
                "level": level,
                "label": label,
                "max_age_hours": max_age_hours,
            },
            top_url=f"/console/?{urlencode(given)}" if key else None,
            next_url=(
                f"/console/?{urlencode({**given, 'after': str(found.after)})}"
                if found.after
                else None
            ),
        )

    @router.get("/next")
    def next_free_case(request: Request) -> Response:
        user, _ = _require(request, "admin", "moderator")
        with database.read() as conn:
            found = next_case(conn, user)
        target = "/console/" if found is None else f"/console/cases/{found}"
        return RedirectResponse(target, status_code=303)

    @router.get("/cases/{alert_id}", response_class=HTMLResponse)
    def case_page(request: Request, alert_id: int, start: str | None = None) -> HTMLResponse:
        """The case; of a long transcript, the window of `console_page_messages` beginning
        at message `start`, or else the one around where the alert was raised. Read outside
        the write transaction (a room's case file takes seconds to read; ingest must not
        wait for it), which then records the view."""
        user, session = _require(request, "admin", "moderator")
        with database.read() as conn:
            row = case(conn, user, alert_id)
            file = load_case_file(conn, row)
            steps = history(conn, alert_id)
            claimer = _claimer(conn, row)
            platform = find_platform(conn, row.platform_id)
        window = file.window(settings.console_page_messages, _message_number(start))
        with database.transaction() as conn:
            mark_viewed(conn, alert_id)
            audit.record(
                conn,
                user.actor,
                "case.view",
                f"alert:{alert_id}",
                {"platform": row.platform_id, **_shown(window)},
                ip=ip_of(request),
            )
        blur = settings.console_blur
        threshold = rule_for(service.ingestor.model_for(platform), platform.settings).threshold
        chart = risk_chart(
            [m.conversation_risk for m in file.messages],
            [m.flagged for m in file.messages],
            threshold,
            None if file.anchor is None else file.anchor - 1,
            None if window.whole else (window.first - 1, window.last - 1),
        )
        shown = file.shown(window)
        return page(
            request,
            "case.html",
            **context(user, session),
            alert=row,
            file=file,
            shown=shown,
            window=window,
            participants=file.listed_participants(),
            chart=chart,
            history=steps,
            claimer=claimer,
            decisions=list(DECISIONS),
            explanation=_explanation(file),
            stages=file.stages(),
            holds=claimer == user.name,
            blur=blur,
            held_back=sum(m.held_back(blur) for m in shown),
        )

    @router.post("/cases/{alert_id}/reveal/{seq}", response_class=HTMLResponse)
    def reveal(request: Request, alert_id: int, seq: int, form: Form) -> HTMLResponse:
        user, session = _checked(request, form, "admin", "moderator")
        with database.transaction() as conn:
            row = case(conn, user, alert_id)
            message = load_message(conn, row, seq)
            if message is None:
                raise _Denied(404, "no such message in this case")
            audit.record(
                conn,
                user.actor,
                "message.reveal",
                f"alert:{alert_id}",
                {"message_id": message.message_id},
                ip=ip_of(request),
            )
        return page(
            request,
            "_text.html",
            **context(user, session),
            m=message,
            revealed=True,
            alert=row,
            blur=settings.console_blur,
        )

    @router.post("/cases/{alert_id}/reveal-all", response_class=HTMLResponse)
    def reveal_all(request: Request, alert_id: int, form: Form) -> HTMLResponse:
        """Every message on the page shown at once (the window beginning at the form's
        `start`): one audit entry with how many were held back and which messages they
        were among (the transcript, swapped in by htmx)."""
        user, session = _checked(request, form, "admin", "moderator")
        blur = settings.console_blur
        first = _message_number(str(form.get("start", "")))
        last = _message_number(str(form.get("last", "")))
        with database.read() as conn:
            row = case(conn, user, alert_id)
            file = load_case_file(conn, row)
        window = file.window(settings.console_page_messages, first, last)
        shown = file.shown(window)
        with database.transaction() as conn:
            audit.record(
                conn,
                user.actor,
                "message.reveal_all",
                f"alert:{alert_id}",
                {
                    "platform": row.platform_id,
                    "messages": sum(m.held_back(blur) for m in shown),
                    **_shown(window),
                },
                ip=ip_of(request),
            )
        return page(
            request,
            "_messages.html",
            **context(user, session),
            file=file,
            shown=shown,
            revealed=True,
            alert=row,
            blur=blur,
        )

    @router.post("/cases/{alert_id}/claim")
    def claim_case(request: Request, alert_id: int, form: Form) -> Response:
        user, _ = _checked(request, form, "admin", "moderator")
        with database.transaction() as conn:
            case(conn, user, alert_id)
            claim(conn, user, alert_id)
            audit.record(conn, user.actor, "case.claim", f"alert:{alert_id}", ip=ip_of(request))
        return RedirectResponse(f"/console/cases/{alert_id}", status_code=303)

    @router.post("/cases/{alert_id}/release")
    def release_case(request: Request, alert_id: int, form: Form) -> Response:
        user, _ = _checked(request, form, "admin", "moderator")
        with database.transaction() as conn:
            release(conn, user, alert_id)
            audit.record(conn, user.actor, "case.release", f"alert:{alert_id}", ip=ip_of(request))
        return RedirectResponse(f"/console/cases/{alert_id}", status_code=303)

    @router.post("/cases/{alert_id}/decide")
    def decide_case(request: Request, alert_id: int, form: Form) -> Response:
        user, _ = _checked(request, form, "admin", "moderator")
        decision, reason = str(form.get("decision", "")), str(form.get("reason", ""))
        with database.transaction() as conn:
            decide(conn, user, alert_id, decision, reason)
            audit.record(
                conn,
                user.actor,
                "case.decide",
                f"alert:{alert_id}",
                {"decision": decision},
                ip=ip_of(request),
            )
        return RedirectResponse(f"/console/cases/{alert_id}", status_code=303)

    @router.post("/cases/{alert_id}/notes")
    def note(request: Request, alert_id: int, form: Form) -> Response:
        user, _ = _checked(request, form, "admin", "moderator")
        with database.transaction() as conn:
            add_note(conn, user, alert_id, str(form.get("text", "")))
            audit.record(conn, user.actor, "case.note", f"alert:{alert_id}", ip=ip_of(request))
        return RedirectResponse(f"/console/cases/{alert_id}", status_code=303)

    def _package(request: Request, alert_id: int, kind: str) -> Response:
        user, _ = _require(request, "admin", "moderator")
        with database.read() as conn:  # as the case page: no write lock while it reads
            row = case(conn, user, alert_id)
            if kind == "report" and row.outcome != "reported":
                raise _Denied(409, "a report package is built for escalated cases only")
            file = load_case_file(conn, row)
            if not file.messages:
                raise CaseError(
                    f"the messages of case {alert_id} were deleted under the platform's "
                    "retention rules, so no package can be built from them"
                )
            platform_name = find_platform(conn, row.platform_id).name
            packed = report_case(
                file,
                platform_name,
                user.name,
                history(conn, alert_id),
                _explanation(file),
            )
        with database.transaction() as conn:
            audit.record(
                conn, user.actor, f"{kind}.download", f"alert:{alert_id}", ip=ip_of(request)
            )
        if kind == "report":
            body, media, name = build_report_zip(packed), "application/zip", "report.zip"
        else:
            body, media, name = build_evidence_json(packed), "application/json", "evidence.json"
        filename = f"lurewatch-case-{alert_id}-{name}"
        return Response(
            body,
            media_type=media,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                **SECURITY_HEADERS,
            },
        )

    @router.get("/cases/{alert_id}/report.zip")
    def report_zip(request: Request, alert_id: int) -> Response:
        return _package(request, alert_id, "report")

    @router.get("/cases/{alert_id}/evidence.json")
    def evidence_json(request: Request, alert_id: int) -> Response:
        return _package(request, alert_id, "evidence")

    # Audit, statistics, preferences, admin -------------------------------------------------------

    @router.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request, before: int | None = None) -> HTMLResponse:
        user, session = _require(request, "admin", "auditor")
        with database.transaction() as conn:
            audit.record(conn, user.actor, "audit.view", "audit_log", ip=ip_of(request))
        with database.read() as conn:
            items = audit.entries(conn, before=before)
            check = audit.verify(conn)
        return page(request, "audit.html", **context(user, session), items=items, check=check)

    def _stats(user: User, weeks: int) -> tuple[dict[str, str], list[dict[str, Any]]]:
        """The platforms `user` may see (id -> name), and their statistics rows."""
        with database.read() as conn:
            names = visible_platforms(conn, user)
            return names, statistics_by_platform(conn, list(names), weeks)

    @router.get("/stats", response_class=HTMLResponse)
    def stats_page(request: Request, weeks: int = STATS_WEEKS) -> HTMLResponse:
        user, session = _require(request, "admin", "auditor", "moderator")
        names, rows = _stats(user, weeks)
        # a platform without a row raised no alert in these weeks: said, so that none looks
        # forgotten
        alerted = {row["platform"] for row in rows}
        quiet = [name for name in names.values() if name not in alerted]
        return page(
            request,
            "stats.html",
            **context(user, session),
            rows=rows,
            quiet=quiet,
            decisions=list(DECISIONS),
            weeks=weeks,
            weeks_max=STATS_WEEKS_MAX,
        )

    @router.get("/stats.csv")
    def stats_csv(request: Request, weeks: int = STATS_WEEKS) -> Response:
        user, _ = _require(request, "admin", "auditor", "moderator")
        _, rows = _stats(user, weeks)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "platform",
                "week",
                "alerts",
                "decided",
                *[f"decision_{d}" for d in DECISIONS],
                "median_hours_to_first_review",
                "median_hours_to_decision",
                "dismissed_share",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    no_formula(r["platform"]),
                    r["week"],
                    r["alerts"],
                    r["decided"],
                    *[r["decisions"][d] for d in DECISIONS],
                    r["median_hours_to_first_review"],
                    r["median_hours_to_decision"],
                    r["dismissed_share"],
                ]
            )
        with database.transaction() as conn:
            audit.record(
                conn, user.actor, "stats.export", "statistics", {"weeks": weeks}, ip=ip_of(request)
            )
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={
                "Content-Disposition": 'attachment; filename="lurewatch-stats.csv"',
                **SECURITY_HEADERS,
            },
        )

    @router.get("/preferences", response_class=HTMLResponse)
    def preferences(request: Request) -> HTMLResponse:
        user, session = _require(request)
        return page(request, "preferences.html", **context(user, session), saved=False)

    @router.post("/preferences", response_class=HTMLResponse)
    def save_preferences(request: Request, form: Form) -> HTMLResponse:
        user, session = _checked(request, form)
        keep = form.get("keep_blurred") == "on"
        with database.transaction() as conn:
            conn.execute(update(users).where(users.c.id == user.id).values(keep_blurred=keep))
            audit.record(
                conn,
                user.actor,
                "preferences.change",
                f"user:{user.name}",
                {"keep_blurred": keep},
                ip=ip_of(request),
            )
            fresh = user_by_id(conn, user.id)
        assert fresh is not None
        return page(request, "preferences.html", **context(fresh, session), saved=True)

    @router.get("/admin", response_class=HTMLResponse)
    def admin_page(request: Request) -> HTMLResponse:
        user, session = _require(request, "admin")
        with database.read() as conn:
            platform_rows = list_platforms(conn)
            keys = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).all()
            people = conn.execute(select(users).order_by(users.c.name)).all()
        return page(
            request,
            "admin.html",
            **context(user, session),
            platforms=platform_rows,
            keys=keys,
            people=people,
            roles=ROLES,
        )

    @router.post("/admin/users", response_class=HTMLResponse)
    def admin_create_user(request: Request, form: Form) -> Response:
        user, _ = _checked(request, form, "admin")
        name, role = str(form.get("name", "")), str(form.get("role", ""))
        with database.transaction() as conn:
            new_id = create_user(conn, name, role, str(form.get("password", "")))
            for platform_id in str(form.get("platforms", "")).split(","):
                if platform_id.strip():
                    assign_platform(conn, new_id, find_platform(conn, platform_id.strip()).id)
            audit.record(
                conn, user.actor, "user.create", f"user:{name}", {"role": role}, ip=ip_of(request)
            )
        return RedirectResponse("/console/admin", status_code=303)

    @router.post("/admin/keys", response_class=HTMLResponse)
    def admin_create_key(request: Request, form: Form) -> HTMLResponse:
        user, session = _checked(request, form, "admin")
        with database.transaction() as conn:
            platform = find_platform(conn, str(form.get("platform", "")))
            key = create_api_key(conn, platform.id)
            audit.record(
                conn,
                user.actor,
                "key.create",
                f"key:{key.id}",
                {"platform": platform.id},
                ip=ip_of(request),
            )
        return page(request, "key.html", **context(user, session), key=key, platform=platform)

    @router.post("/admin/keys/{key_id}/revoke")
    def admin_revoke_key(request: Request, key_id: str, form: Form) -> Response:
        user, _ = _checked(request, form, "admin")
        with database.transaction() as conn:
            revoke_api_key(conn, key_id)
            audit.record(conn, user.actor, "key.revoke", f"key:{key_id}", ip=ip_of(request))
        return RedirectResponse("/console/admin", status_code=303)

    @router.post("/admin/platforms/{platform_id}/settings")
    def admin_platform_settings(request: Request, platform_id: str, form: Form) -> Response:
        user, _ = _checked(request, form, "admin")
        with database.transaction() as conn:
            platform = find_platform(conn, platform_id, for_update=True)
            changes = {
                "shadow_mode": form.get("shadow_mode") == "on",
                "retention_days": str(form.get("retention_days", "30")).strip(),
            }
            updated = platform_settings({**platform.settings.model_dump(), **changes})
            changes["retention_days"] = updated.retention_days
            save_platform_settings(conn, platform.id, updated)
            audit.record(
                conn,
                user.actor,
                "settings.change",
                f"platform:{platform.id}",
                changes,
                ip=ip_of(request),
            )
        return RedirectResponse("/console/admin", status_code=303)

    def _budget(platform_id: str, max_rate: str) -> tuple[Platform, Calibration]:
        try:
            rate = float(max_rate)
        except ValueError:
            raise ConfigError(f"max rate must be a number, got {max_rate!r}") from None
        with database.read() as conn:
            platform = find_platform(conn, platform_id)
        return platform, calibrate(database, service.ingestor.model_for(platform), platform, rate)

    @router.get("/admin/platforms/{platform_id}/budget", response_class=HTMLResponse)
    def admin_budget(request: Request, platform_id: str, max_rate: str = "0.005") -> HTMLResponse:
        """What an alert budget would set the platform's threshold to (nothing changes)."""
        user, session = _require(request, "admin")
        platform, result = _budget(platform_id, max_rate)
        return page(
            request, "budget.html", **context(user, session), platform=platform, result=result
        )

    @router.post("/admin/platforms/{platform_id}/budget")
    def admin_apply_budget(request: Request, platform_id: str, form: Form) -> Response:
        user, _ = _checked(request, form, "admin")

        # recomputed here: the threshold saved is never the client's
        _, result = _budget(platform_id, str(form.get("max_rate", "")))
        with database.transaction() as conn:
            apply_calibration(conn, result, user.actor, ip=ip_of(request))
        return RedirectResponse("/console/admin", status_code=303)

    # Errors -------------------------------------------------------------------------------------

    async def on_redirect(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Redirect)
        return RedirectResponse(exc.url, status_code=303)

    async def on_denied(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Denied)
        return page(request, "error.html", exc.status, message=exc.message)

    async def on_case_error(request: Request, exc: Exception) -> Response:
        status = 404 if str(exc).startswith("no case") else 409
        return page(request, "error.html", status, message=str(exc))

    async def on_config_error(request: Request, exc: Exception) -> Response:
        if not request.url.path.startswith("/console"):
            raise exc
        if isinstance(exc, RedisUnavailableError):  # login limits are counted there
            service.redis_failed("login limits cannot be counted", exc)
            message = "Logging in is not possible right now. Try again in a minute."
            response = page(request, "error.html", 503, message=message)
            response.headers["Retry-After"] = "5"
            return response
        return page(request, "error.html", 422, message=str(exc))

    app.add_exception_handler(_Redirect, on_redirect)
    app.add_exception_handler(_Denied, on_denied)
    app.add_exception_handler(CaseError, on_case_error)
    app.add_exception_handler(ConfigError, on_config_error)
    app.include_router(router)
    app.mount(
        "/console/static", StaticFiles(directory=str(_HERE / "static")), name="console-static"
    )


def _no_nul(values: Iterable[tuple[str, Any]], where: str) -> None:
    """Refuse NUL characters anywhere a request can put text (PostgreSQL cannot store them,
    nor look them up): a clear 422 instead of a database error."""
    for key, value in values:
        if "\x00" in key or (isinstance(value, str) and "\x00" in value):
            shown = f" {key!r}" if "\x00" not in key else ""
            raise _Denied(
                422,
                f"the {where}{shown} contains a NUL character (\\x00), which no text here "
                "can hold: remove it and try again",
            )


def _token() -> str:
    return secrets.token_urlsafe(32)


def _claimer(conn: Connection, row: Any) -> str | None:
    if row.claimed_by is None or row.claimed_until is None or aware(row.claimed_until) <= utcnow():
        return None
    name = conn.execute(select(users.c.name).where(users.c.id == row.claimed_by)).scalar()
    return None if name is None else str(name)


def _message_number(value: str | None) -> int | None:
    """A message number from a query or form (`start`, `last`); None when not given."""
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise _Denied(400, f"a message number is 1 to 9 digits, got {value[:20]!r}")
    return int(value)


def _shown(window: Window) -> dict[str, int]:
    """Which messages of a long transcript a page showed, for the audit log."""
    return {} if window.whole else {"first": window.first, "last": window.last}


def _explanation(file: CaseFile) -> str:
    return str(file.behaviour["explanation"] or "")
