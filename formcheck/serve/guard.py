"""Who may talk to the app: bind address, access token, Host and form checks.

Loopback binds need no token, but requests must then name a loopback host (so a
web page elsewhere cannot reach the app through DNS rebinding). Any other bind
needs an access token, given once as ``?token=...`` (kept in a cookie) or as an
``Authorization: Bearer`` header. Every form carries a per-run anti-forgery value.
"""

from __future__ import annotations

import hmac
import ipaddress

from flask import Request

from formcheck.errors import UserError

TOKEN_COOKIE = "formcheck_token"
MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    """True for 'localhost' and loopback IP addresses."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback bind without a long enough access token.

    Raises:
        UserError: naming the address and what to do.
    """
    if is_loopback(host):
        return
    if not token:
        raise UserError(f"--host {host}: other machines could reach the app; "
                        "give an access token with --token or FORMCHECK_SERVE_TOKEN")
    if len(token) < MIN_TOKEN_CHARS:
        raise UserError(f"--token: use at least {MIN_TOKEN_CHARS} characters")


def host_allowed(request: Request, loopback_only: bool) -> bool:
    """Whether the request's Host header names a host this app answers to."""
    if not loopback_only:
        return True
    name = request.host
    name = name[1:name.index("]")] if name.startswith("[") else name.split(":")[0]
    return is_loopback(name)


def token_ok(request: Request, token: str | None) -> bool:
    """Whether the request carries the access token (always true without one)."""
    if token is None:
        return True
    given = request.cookies.get(TOKEN_COOKIE) or request.args.get("token") or ""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        given = auth.removeprefix("Bearer ")
    return hmac.compare_digest(given.encode(), token.encode())


def form_ok(request: Request, secret: str) -> bool:
    """Whether a POST carries this run's anti-forgery value and, if sent, a same-site Origin."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") != request.host_url.rstrip("/"):
        return False
    return hmac.compare_digest(request.form.get("csrf", "").encode(), secret.encode())
