"""A therapist's judgement on one flag, kept beside the report it belongs to."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Decision = Literal["confirmed", "dismissed"]


class FlagReview(BaseModel):
    """Confirm or dismiss one flag of a report, with a free-text note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flag: int = Field(ge=0, description="Index into the report's `flags`.")
    decision: Decision
    note: str = Field("", max_length=2000)
    reviewed_at: str = Field(description="ISO 8601 time of the review, UTC.")
