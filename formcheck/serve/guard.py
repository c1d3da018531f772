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


def check_token(token: str) -> None:
    """Refuse an access token that is short, blank or has spaces or control characters.

    Raises:
        UserError: saying what a token must be.
    """
    if len(token) < MIN_TOKEN_CHARS:
        raise UserError(f"--token: use at least {MIN_TOKEN_CHARS} characters")
    if not all("!" <= c <= "~" for c in token):
        raise UserError("--token: use only letters, digits and punctuation, without spaces")


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback bind without an access token, and any unusable token.

    Raises:
        UserError: naming the address or the token and what to do.
    """
    if token is not None:
        check_token(token)
    if token is None and not is_loopback(host):
        raise UserError(f"--host {host}: other machines could reach the app; "
                        "give an access token with --token or FORMCHECK_SERVE_TOKEN")


def host_allowed(request: Request, loopback_only: bool) -> bool:
    """Whether the request's Host header names a host this app answers to."""
    if not loopback_only:
        return True
    name = request.host
    name = name[1:name.index("]")] if name.startswith("[") else name.split(":")[0]
    return is_loopback(name)


def presented_token(request: Request) -> str:
    """The token a request shows, "" for none.

    A ``?token=`` sign-in link comes first (so a stale cookie cannot shadow it, and
    what gets stored in the cookie is what was checked), then an
    ``Authorization: Bearer`` header, then the cookie.
    """
    if request.args.get("token"):
        return request.args["token"]
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ")
    return request.cookies.get(TOKEN_COOKIE, "")


def token_ok(request: Request, token: str | None) -> bool:
    """Whether the request shows the whole access token (always true without one).

    The comparison takes the same time wherever the first wrong character is.
    """
    if token is None:
        return True
    return hmac.compare_digest(presented_token(request).encode(), token.encode())


def form_ok(request: Request, secret: str) -> bool:
    """Whether a POST carries this run's anti-forgery value and, if sent, a same-site Origin."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") != request.host_url.rstrip("/"):
        return False
    return hmac.compare_digest(request.form.get("csrf", "").encode(), secret.encode())
