"""The Flask application: every URL takes integer ids only, so no path reaches the disk."""

from __future__ import annotations

import errno
import secrets
from pathlib import Path

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.routing import IntegerConverter

from formcheck.errors import UserError
from formcheck.history.adjustments import (
    adjustments_for,
    clear_adjustment,
    in_force,
    set_adjustment,
)
from formcheck.history.checkin import DIRECTIONS, FELT, LOCATIONS
from formcheck.history.export import export_session
from formcheck.history.store import (
    checkin,
    open_history,
    patient_label,
    patients,
    reviews,
    session,
    session_video,
    sessions,
    set_checkin,
    set_review,
)
from formcheck.history.trends import weekly_pain, weekly_trends
from formcheck.report.cards import card_review, flag_cards
from formcheck.report.html import render_html
from formcheck.report.media import find_media
from formcheck.report.wording import value_against_limit
from formcheck.serve.adjusting import adjusters, exercise_spec
from formcheck.serve.checkin_form import checkin_from_form
from formcheck.serve.guard import TOKEN_COOKIE, check_token, form_ok, host_allowed, token_ok
from formcheck.serve.trend_charts import trend_views
from formcheck.spec.adjust import typed_limit
from formcheck.spec.units import format_clock

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; "
       "frame-ancestors 'self'; base-uri 'none'")
# A flag review or a check-in (a few fields, a note of at most 2000 characters, the
# anti-forgery value) is well under 10 KiB; larger bodies are refused (413) before
# anything reads them.
MAX_BODY_BYTES = 64 * 1024
SQLITE_MAX_INTEGER = 2**63 - 1


class RowId(IntegerConverter):
    """A URL part for a row id: digits up to SQLite's largest integer; anything else is a 404."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, max=SQLITE_MAX_INTEGER)


def create_app(db_path: Path | str | None = None, *, token: str | None = None,
               loopback_only: bool = True) -> Flask:
    """The review app over one history database.

    Args:
        db_path: the history database (see `formcheck.history.location`).
        token: access token every request must carry; None for none.
        loopback_only: answer only requests addressed to a loopback host name.

    Raises:
        UserError: the token is too short, blank or has spaces (see `check_token`).
    """
    if token is not None:
        check_token(token)
    app = Flask(__name__)
    app.config["DB_PATH"] = db_path
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    form_secret = secrets.token_urlsafe(24)
    # Flask escapes only templates named *.html; ours end in .j2, so escape everything.
    app.jinja_env.autoescape = True
    app.jinja_env.filters["clock"] = format_clock
    app.url_map.converters["id"] = RowId

    @app.before_request
    def _guard():
        if not host_allowed(request, loopback_only):
            abort(421)
        if not token_ok(request, token):
            abort(403)
        if token is not None and request.args.get("token"):  # checked by token_ok
            response = redirect(request.path)
            response.set_cookie(TOKEN_COOKIE, request.args["token"], httponly=True,
                                samesite="Strict")
            return response
        if request.method == "POST" and not form_ok(request, form_secret):
            abort(400)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer makes Origin "null"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(UserError)
    def _not_found(exc: UserError):
        return render_template("error.html.j2", message=str(exc)), 404

    @app.get("/")
    def index():
        with open_history(app.config["DB_PATH"]) as conn:
            return render_template("patients.html.j2", patients=patients(conn))

    @app.get("/patients/<id:patient_id>")
    def patient(patient_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            label = patient_label(conn, patient_id)
            if label is None:
                abort(404)
            rows = sessions(conn, patient_id)
            adjusted = in_force(conn, patient_id)
        return render_template(
            "patient.html.j2", label=label, rows=rows, locations=LOCATIONS, felt=FELT,
            warnings=[r for r in reversed(rows) if r.direction == "peripheralizing"],
            adjusted=adjusted,
            views=trend_views(weekly_trends(rows), weekly_pain(rows)))

    @app.get("/sessions/<id:session_id>")
    def session_page(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            row, report = session(conn, session_id)
            found = reviews(conn, session_id)
            symptoms = checkin(conn, session_id)
            in_force = adjustments_for(conn, row.patient_id, row.exercise)
        spec = exercise_spec(report)
        forms = adjusters(spec, report.flags, in_force) if spec is not None else {}
        cards = flag_cards(report)
        return render_template(
            "session.html.j2", row=row, report=report, cards=cards,
            reviews={c.index: card_review(c, found) for c in cards},
            values={c.index: value_against_limit(report, spec, c.worst) for c in cards},
            checkin=symptoms, csrf=form_secret, adjusters=forms,
            locations=LOCATIONS, directions=DIRECTIONS)

    @app.get("/sessions/<id:session_id>/report.html")
    def session_report(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            _, report = session(conn, session_id)
            found = reviews(conn, session_id)
            video = session_video(conn, session_id)
        at_hand = video if video is not None and video.is_file() else None
        media = find_media(report, video=at_hand, video_named_by_report=False,
                           skip_bad_track=True)
        return render_html(report, media, reviews=found)

    @app.get("/sessions/<id:session_id>/export.json")
    def session_export(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            response = jsonify(export_session(conn, session_id))
        response.headers["Content-Disposition"] = (
            f'attachment; filename="session-{session_id}.json"')
        return response

    @app.post("/sessions/<id:session_id>/flags/<id:flag>")
    def review_flag(session_id: int, flag: int):
        """Review a flag card, stored under its key `FlagCard.index` (its first flag)."""
        decision = request.form.get("decision", "")
        if decision not in ("confirmed", "dismissed"):
            abort(400)
        with open_history(app.config["DB_PATH"]) as conn:
            set_review(conn, session_id, flag, decision, request.form.get("note", "")[:2000])
        return redirect(url_for("session_page", session_id=session_id) + f"#flag-{flag}", 303)

    @app.post("/sessions/<id:session_id>/checkin")
    def enter_checkin(session_id: int):
        try:
            found = checkin_from_form(request.form)
        except UserError as exc:
            return render_template("error.html.j2", message=str(exc),
                                   title="Check-in not saved"), 400
        with open_history(app.config["DB_PATH"]) as conn:
            set_checkin(conn, session_id, found)
        return redirect(url_for("session_page", session_id=session_id) + "#checkin", 303)

    @app.post("/sessions/<id:session_id>/flags/<id:flag>/adjust")
    def adjust_check(session_id: int, flag: int):
        action = request.form.get("action", "")
        if action not in ("limit", "off", "file"):
            abort(400)
        with open_history(app.config["DB_PATH"]) as conn:
            row, report = session(conn, session_id)
            if flag >= len(report.flags):
                raise UserError(f"session {session_id} has no flag {flag}")
            spec = exercise_spec(report)
            form = (adjusters(spec, report.flags, []) if spec is not None else {}).get(flag)
            if spec is None or form is None:
                raise UserError(f"the check of flag {flag + 1} has no limit to adjust here")
            note = request.form.get("note", "")
            try:
                if action == "file":
                    clear_adjustment(conn, row.patient_id, spec.id, form.constraint)
                elif action == "off":
                    set_adjustment(conn, row.patient_id, spec, form.constraint, None, None, note)
                else:
                    value = typed_limit(spec, form.constraint, form.field,
                                        request.form.get("value", ""))
                    set_adjustment(conn, row.patient_id, spec, form.constraint, form.field,
                                   value, note)
            except UserError as exc:
                return render_template("error.html.j2", message=str(exc),
                                       title="Adjustment not saved"), 400
        return redirect(url_for("session_page", session_id=session_id) + f"#flag-{flag}", 303)

    return app


def listen(app: Flask, host: str, port: int):
    """A waitress server for `app` bound to `host`:`port`, ready to `run()`.

    Args:
        app: the review app.
        host: address or host name to bind.
        port: TCP port, 1-65535, or 0 for any free port (see `listening_port`).

    Raises:
        UserError: the address cannot be bound (port in use, not an address of
            this machine, no permission), naming the option to change.
    """
    from waitress import create_server

    try:
        return create_server(app, host=host, port=port, threads=4, ident="formcheck",
                             max_request_body_size=MAX_BODY_BYTES)
    except ValueError:  # waitress: the name does not resolve
        raise UserError(f"--host {host}: not a host name or address to listen on") from None
    except OSError as exc:
        raise UserError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"--port {port}: port {port} on {host} is already in use by another program; "
                "stop it or choose another --port")
    if exc.errno == errno.EACCES:
        return f"--port {port}: no permission to listen on port {port} of {host}"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine"
    return f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})"


def listening_port(server) -> int:
    """The TCP port a `listen` server took (the free one chosen for port 0)."""
    many = getattr(server, "effective_listen", None)  # a host name with several addresses
    return int(many[0][1] if many else server.effective_port)
