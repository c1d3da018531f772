"""The Flask application: every URL takes integer ids only, so no path reaches the disk."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for

from formcheck.errors import UserError
from formcheck.history.store import (
    checkin,
    export_session,
    open_history,
    patient_label,
    patients,
    reviews,
    session,
    sessions,
    set_review,
)
from formcheck.history.trends import weekly_trends
from formcheck.report.charts import trend_svg
from formcheck.report.html import clock, render_html
from formcheck.report.media import find_media
from formcheck.serve.guard import TOKEN_COOKIE, form_ok, host_allowed, token_ok

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; "
       "frame-ancestors 'self'; base-uri 'none'")


def _trend_charts(rows) -> list[tuple[str, str]]:
    """(exercise, SVG) trend charts of one patient's sessions, week by week."""
    charts = []
    weeks = weekly_trends(rows)
    for exercise in sorted({w.exercise for w in weeks}):
        mine = [w for w in weeks if w.exercise == exercise]
        labels = [w.week for w in mine]
        pct = [None if w.adherence is None else 100 * w.adherence for w in mine]
        charts.append((exercise, trend_svg(
            [("adherence, %", pct),
             ("flags per 100 reps", [None if w.flags_per_rep is None else 100 * w.flags_per_rep
                                     for w in mine])],
            labels, y_label="%", title=f"{exercise}: adherence and flag rate")))
        if any(w.rom is not None for w in mine):
            charts.append((exercise, trend_svg(
                [(mine[0].rom_metric or "range of motion", [w.rom for w in mine])], labels,
                y_label=mine[0].rom_metric or "value",
                title=f"{exercise}: range of motion (median far point)")))
    pain = [(w.week, w.pain_before, w.pain_after) for w in weeks]
    if any(b is not None or a is not None for _, b, a in pain):
        by_week = sorted({w for w, _, _ in pain})
        charts.append(("pain", trend_svg(
            [("before", [next((b for w, b, _ in pain if w == k and b is not None), None)
                         for k in by_week]),
             ("after", [next((a for w, _, a in pain if w == k and a is not None), None)
                        for k in by_week])],
            by_week, y_label="pain 0-10", title="Pain before and after (weekly mean)")))
    return charts


def create_app(db_path: Path | str | None = None, *, token: str | None = None,
               loopback_only: bool = True) -> Flask:
    """The review app over one history database.

    Args:
        db_path: the history database (see `formcheck.history.location`).
        token: access token every request must carry; None for none.
        loopback_only: answer only requests addressed to a loopback host name.
    """
    app = Flask(__name__)
    app.config["DB_PATH"] = db_path
    form_secret = secrets.token_urlsafe(24)
    # Flask escapes only templates named *.html; ours end in .j2, so escape everything.
    app.jinja_env.autoescape = True
    app.jinja_env.filters["clock"] = clock

    @app.before_request
    def _guard():
        if not host_allowed(request, loopback_only):
            abort(421)
        if not token_ok(request, token):
            abort(403)
        if token is not None and request.args.get("token"):
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

    @app.get("/patients/<int:patient_id>")
    def patient(patient_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            label = patient_label(conn, patient_id)
            if label is None:
                abort(404)
            rows = sessions(conn, patient_id)
        return render_template("patient.html.j2", label=label, rows=rows,
                               charts=_trend_charts(rows))

    @app.get("/sessions/<int:session_id>")
    def session_page(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            row, report = session(conn, session_id)
            found = reviews(conn, session_id)
            symptoms = checkin(conn, session_id)
        return render_template("session.html.j2", row=row, report=report, reviews=found,
                               checkin=symptoms, csrf=form_secret)

    @app.get("/sessions/<int:session_id>/report.html")
    def session_report(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            _, report = session(conn, session_id)
            found = reviews(conn, session_id)
        return render_html(report, find_media(report, skip_bad_track=True), reviews=found)

    @app.get("/sessions/<int:session_id>/export.json")
    def session_export(session_id: int):
        with open_history(app.config["DB_PATH"]) as conn:
            response = jsonify(export_session(conn, session_id))
        response.headers["Content-Disposition"] = (
            f'attachment; filename="session-{session_id}.json"')
        return response

    @app.post("/sessions/<int:session_id>/flags/<int:flag>")
    def review_flag(session_id: int, flag: int):
        decision = request.form.get("decision", "")
        if decision not in ("confirmed", "dismissed"):
            abort(400)
        with open_history(app.config["DB_PATH"]) as conn:
            set_review(conn, session_id, flag, decision, request.form.get("note", "")[:2000])
        return redirect(url_for("session_page", session_id=session_id) + f"#flag-{flag}", 303)

    return app


def serve(app: Flask, host: str, port: int) -> None:
    """Serve `app` with waitress until interrupted."""
    from waitress import serve as waitress_serve

    waitress_serve(app, host=host, port=port, threads=4, ident="formcheck")


