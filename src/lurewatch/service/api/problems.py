"""Errors as `application/problem+json` (RFC 9457), one shape for every failure.

    {"type": "urn:lurewatch:problem:validation", "title": "...", "status": 422,
     "detail": "...", "errors": [{"pointer": "/messages/3/text", "detail": "..."}]}

`pointer` is a JSON Pointer (RFC 6901) into the request body.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..._errors import validation_message

__all__ = ["MEDIA_TYPE", "Problem", "install_handlers", "pointer"]

MEDIA_TYPE = "application/problem+json"

_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
    500: "internal",
    503: "unavailable",
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    errors: Sequence[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:lurewatch:problem:{_TYPES.get(status, 'error')}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = list(errors)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def pointer(location: Sequence[int | str]) -> str:
    """JSON Pointer of a pydantic error location (without FastAPI's leading 'body')."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[1:]
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        location = [p for p in err.get("loc", ()) if isinstance(p, int | str)]
        where = location[0] if location else "body"
        if err.get("type") == "json_invalid":  # its location is a character offset, no field
            reason = (err.get("ctx") or {}).get("error", "invalid")
            at = f" at character {location[-1]}" if len(location) > 1 else ""
            out.append({"pointer": "", "detail": f"the body is not valid JSON: {reason}{at}"})
            continue
        item = {"pointer": pointer(location), "detail": validation_message(err)}
        if where in {"query", "header", "path"}:
            item = {"parameter": str(location[-1]), "detail": item["detail"]}
        out.append(item)
    return out


def _not_json(request: Request, exc: RequestValidationError) -> str | None:
    """Which Content-Type came with a body FastAPI did not read as JSON (it reads one only
    when its type says JSON: curl's `-d` sends a form's type, a client may send none), where
    that is why the body is invalid (its raw bytes are no object); None otherwise."""
    if not isinstance(exc.body, bytes):
        return None
    if not any(tuple(err.get("loc", ())) == ("body",) for err in exc.errors()):
        return None
    sent = request.headers.get("content-type", "").split(";", 1)[0].strip()
    return f"this request's Content-Type is {sent[:100]!r}" if sent else "this request has none"


def install_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem_response(
            exc.status,
            exc.detail,
            instance=request.url.path,
            errors=exc.errors,
            headers=exc.headers,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        sent = _not_json(request, exc)
        if sent is not None:
            return problem_response(
                415,
                f"send the body as JSON with the header `Content-Type: application/json`; "
                f"{sent} (curl: add -H 'Content-Type: application/json')",
                instance=request.url.path,
            )
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"detail": "invalid request"}
        where = first.get("pointer") or first.get("parameter") or "the body"
        return problem_response(
            422,
            f"{len(errors)} invalid field(s); first at {where}: {first['detail']}",
            instance=request.url.path,
            errors=errors,
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(
            exc.status_code,
            str(exc.detail),
            instance=request.url.path,
            headers=dict(exc.headers or {}),
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A bug, or a fault no other handler knows: the traceback goes to the server's log
        # (the exception is raised on after this answer); the answer names nothing of it.
        return problem_response(
            500,
            "the server failed to answer this request; its log says why",
            instance=request.url.path,
        )

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
