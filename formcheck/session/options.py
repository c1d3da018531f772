"""How a recording is checked, and the options its report records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.person_policy import DEFAULT_PERSON_POLICY, PersonPolicy
from formcheck.pose.track import is_track_path
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.models import DEFAULT_MODEL
from formcheck.session.sampling import FrameSampling

PERSON_POLICIES = tuple(policy.value for policy in PersonPolicy)

OptionValue = str | int | float | bool | None


@dataclass(frozen=True)
class CheckOptions:
    """How to check a recording.

    Attributes:
        model: pose model variant (lite, full, heavy) or a .task file path.
        person: person policy, a :class:`~formcheck.pose.person_policy.PersonPolicy`
            value ("single", "choose" or "auto").
        stride: check every N-th frame (1 = every frame).
        max_fps: check at most this many frames per second of video, or None.
        resize: shrink frames wider than this many pixels before inference, or None.
        every_frame: run the pose model on every frame of a video; by default it
            runs only at the rate the exercise's rules need, on every frame near a
            decision (see :class:`~formcheck.analysis.schedule.AnalysisSchedule`).
    """

    model: str = DEFAULT_MODEL
    person: str = DEFAULT_PERSON_POLICY.value
    stride: int = 1
    max_fps: float | None = None
    resize: int | None = None
    every_frame: bool = False

    def __post_init__(self) -> None:
        if self.person not in PERSON_POLICIES:
            raise UserError(f"person policy {self.person!r} is not one of: "
                            f"{', '.join(PERSON_POLICIES)}")
        if not isinstance(self.stride, int) or self.stride < 1:
            raise UserError(f"--stride must be a whole number >= 1, got {self.stride!r}")
        if self.max_fps is not None and not self.max_fps > 0:
            raise UserError(f"--max-fps must be a positive number, got {self.max_fps!r}")
        if self.every_frame and not self.sampling.every_frame:
            raise UserError("--every-frame cannot be combined with --stride or --max-fps")
        if self.resize is not None and self.resize < 16:
            raise UserError(f"--resize must be at least 16 pixels, got {self.resize!r}")

    @property
    def sampling(self) -> FrameSampling:
        """The frame selection these options ask for."""
        return FrameSampling(stride=self.stride, max_fps=self.max_fps)

    def schedule(self, path: Path) -> str:
        """How the frames of `path` are chosen for analysis.

        "stride" when a stride or maximum rate is asked for; "every_frame" when
        asked, and always for a landmark track (replaying costs no inference);
        else "adaptive" (at the rate the exercise's rules need).
        """
        if not self.sampling.every_frame:
            return "stride"
        if self.every_frame or is_track_path(path):
            return "every_frame"
        return "adaptive"


def recorded_options(
    path: Path, exercise: ResolvedExercise, options: CheckOptions, content_sha256: str
) -> dict[str, OptionValue]:
    """The options a report of `path` records: everything that shaped its result.

    Two reports with equal recorded options, exercise digest (and, for videos,
    model) come from the same input content and settings; batch reruns rely on it.

    Args:
        path: the input (its kind decides which options apply).
        exercise: the exercise checked.
        options: the check options.
        content_sha256: sha256 of the input file's bytes.
    """
    recorded: dict[str, OptionValue] = {"exercise": exercise.name}
    if not is_track_path(path):
        recorded["person"] = options.person
        recorded["model"] = options.model
        recorded["resize"] = options.resize
        recorded["schedule"] = options.schedule(path)
    recorded["stride"] = options.stride
    recorded["max_fps"] = options.max_fps
    recorded["input_sha256"] = content_sha256
    return recorded
