"""The session page's check-in form, read into a `CheckIn`."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from formcheck.errors import UserError
from formcheck.history.checkin import CheckIn

FIELD_WORDS = {"pain_before": "pain before", "pain_after": "pain after",
               "location": "where the pain is", "direction": "direction since last session",
               "note": "note"}


def _pain(form: Mapping[str, str], name: str) -> int | None:
    typed = form.get(name, "").strip()
    if not typed:
        return None
    if not typed.isdigit():
        raise UserError(f"{FIELD_WORDS[name]} {typed!r}: give a whole number from 0 to 10")
    return int(typed)


def checkin_from_form(form: Mapping[str, str]) -> CheckIn:
    """The check-in a submitted form describes; blank fields are not said.

    Raises:
        UserError: nothing was filled in, or a field is out of range or not among
            the choices, in words.
    """
    if not any(form.get(name, "").strip() for name in FIELD_WORDS):
        raise UserError("the check-in is empty: give the pain, where it is felt, or how it "
                        "moved since the last session")
    try:
        return CheckIn(pain_before=_pain(form, "pain_before"),
                       pain_after=_pain(form, "pain_after"),
                       location=form.get("location") or None,
                       direction=form.get("direction") or None,
                       note=form.get("note", "").strip())
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "check-in"
        raise UserError(f"{FIELD_WORDS.get(name, name)}: {error['msg']}") from None
