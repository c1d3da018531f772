"""A symptom check-in attached to a session: pain before and after, and where it is felt."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Location = Literal["back", "leg", "arm"]
Direction = Literal["peripheralizing", "centralizing", "unchanged"]


class CheckIn(BaseModel):
    """What the patient reports around one session (symptoms, not form).

    `location` is where the pain is felt: the back only, or travelling into a leg
    or an arm. `direction` says whether, over the session, pain that travels moved
    further out into the limb (peripheralizing) or back toward the spine
    (centralizing).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    pain_before: int | None = Field(None, ge=0, le=10, description="Pain 0-10 before.")
    pain_after: int | None = Field(None, ge=0, le=10, description="Pain 0-10 after.")
    location: Location | None = None
    direction: Direction | None = None
    note: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _direction_needs_a_limb(self) -> CheckIn:
        if self.direction in ("peripheralizing", "centralizing") and self.location == "back":
            raise ValueError(
                f"direction {self.direction!r} describes pain travelling into a leg or arm, "
                "but location is 'back'"
            )
        return self
