"""A symptom check-in attached to a session, in the words of McKenzie's method:
pain 0-10 before and after, where the pain is felt, and which way it moved since
the last session."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Location = Literal["back", "buttock-thigh", "below-knee", "arm"]
Direction = Literal["centralizing", "peripheralizing", "unchanged"]

LOCATIONS: dict[str, str] = {
    "back": "back only",
    "buttock-thigh": "buttock or thigh",
    "below-knee": "below the knee",
    "arm": "arm",
}
"""Where the pain is felt, by stored value: the words a person reads."""

FELT: dict[str, str] = {
    "back": "felt in the back only",
    "buttock-thigh": "felt in the buttock or thigh",
    "below-knee": "felt below the knee",
    "arm": "felt in the arm",
}
"""Where the pain is felt, as a phrase ("felt below the knee")."""

DIRECTIONS: dict[str, str] = {
    "centralizing": "centralizing (retreating toward the spine)",
    "peripheralizing": "peripheralizing (spreading further into the limb)",
    "unchanged": "unchanged",
}
"""Which way the pain moved since the last session, by stored value: the words a person reads."""


class CheckIn(BaseModel):
    """What the patient reports around one session (symptoms, not form).

    `location` is where the pain is felt now, the furthest point from the spine.
    `direction` is how it moved since the last session: centralizing pain retreats
    from the limb toward the spine (and may now be felt in the back only),
    peripheralizing pain spreads further into a leg or an arm. For a disc patient
    peripheralizing means the programme needs the therapist's look.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    pain_before: int | None = Field(None, ge=0, le=10, description="Pain 0-10 before.")
    pain_after: int | None = Field(None, ge=0, le=10, description="Pain 0-10 after.")
    location: Location | None = None
    direction: Direction | None = None
    note: str = Field("", max_length=2000)

    def location_words(self) -> str:
        """Where the pain is, for a person: "felt below the knee" ("" when not said)."""
        return FELT[self.location] if self.location else ""

    def direction_words(self) -> str:
        """Which way it moved, for a person ("" when not said)."""
        return DIRECTIONS[self.direction] if self.direction else ""
