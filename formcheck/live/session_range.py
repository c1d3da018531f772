"""Each set of a live session judged by the person's range over the whole session.

Whether a movement is large enough for this camera view to resolve ("the
movement is smaller than this camera view can resolve") belongs to the camera
and the person, not to one set. A set that lasts a second, or opens mid-rep,
sees only part of the range the person moves through: judged alone, a set that
counted a rep can come out "not measurable" although the same frames in one
recording (`formcheck check`) are measured. So every set of a live session is
judged by the driver's range pooled over all the frames the session has checked
so far, and the sets before it are judged again as the pool grows. A set whose
driver was never seen keeps its own verdict: other sets' frames cannot measure it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from formcheck.analysis.engine import Engine, driver_range
from formcheck.analysis.results import Analysis
from formcheck.spec.language import ExerciseSpec


class SessionRange:
    """The driver's values over every set of a session so far, and the sets they judge."""

    def __init__(self) -> None:
        self._values: list[float] = []
        self._sets: list[tuple[Engine, Analysis]] = []  # each finished set, judged alone

    @property
    def span(self) -> float | None:
        """The driver's range over the session so far (its unit); None before any was seen."""
        return driver_range(self._values)

    def add(self, engine: Engine, own: Analysis) -> Analysis:
        """Pool a finished set's driver values; its analysis judged by the session's range.

        Args:
            engine: the set's engine, finished.
            own: what `engine.finish()` found, judged by the set's own range.
        """
        self._values.extend(engine.driver_values)
        self._sets.append((engine, own))
        return self.judged(engine, own)

    def judged(self, engine: Engine, own: Analysis) -> Analysis:
        """`own` (a finished set's analysis) with the verdict and flags of the session's range."""
        if own.driver_range is None:
            return own
        verdict, flags = engine.set_verdict(self.span)
        return dataclasses.replace(own, not_measurable=verdict, driver_range=self.span,
                                   flags=flags)

    def every_set(self) -> Iterator[tuple[Engine, Analysis]]:
        """Each finished set's engine, with its analysis judged by the session's range now."""
        for engine, own in self._sets:
            yield engine, self.judged(engine, own)


class SessionSetEngine(Engine):
    """The engine of one set of a live session: when it finishes, its driver values
    join the session's range, and the set is judged by that range.

    Args:
        spec: the exercise.
        session_range: the session's pooled range, shared by its sets' engines.
    """

    def __init__(self, spec: ExerciseSpec, session_range: SessionRange) -> None:
        super().__init__(spec)
        self.session_range = session_range

    def finish(self) -> Analysis:
        """Close the set (see :meth:`Engine.finish`), judged by the session's range."""
        return self.session_range.add(self, super().finish())
