"""Where a checking process's inference and decode threads run (formcheck.session.cores)."""

from __future__ import annotations

import os
import threading

import pytest

from formcheck.session import cores
from formcheck.session.cores import CorePlan, plan_for_worker


def test_one_worker_infers_on_one_core_and_decodes_on_the_rest() -> None:
    plan = plan_for_worker(0, 1, frozenset({0, 1, 2, 3}))
    assert plan == CorePlan(inference=frozenset({0}), decode=frozenset({1, 2, 3}))


def test_fewer_workers_than_cores_share_the_cores_no_worker_infers_on() -> None:
    plans = [plan_for_worker(i, 2, frozenset({4, 5, 6})) for i in range(2)]
    assert [p.inference for p in plans] == [frozenset({4}), frozenset({5})]
    assert all(p.decode == frozenset({6}) for p in plans)


def test_a_worker_per_core_keeps_each_worker_on_its_own_core() -> None:
    plans = [plan_for_worker(i, 3, frozenset({0, 1})) for i in range(3)]
    assert [(p.inference, p.decode) for p in plans] == [
        (frozenset({0}), frozenset({0})),
        (frozenset({1}), frozenset({1})),
        (frozenset({0}), frozenset({0})),
    ]


def test_no_plan_on_one_core_or_when_cores_are_unknown() -> None:
    assert plan_for_worker(0, 1, frozenset({3})) is None
    assert plan_for_worker(0, 1, frozenset()) is None


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs per-thread affinity and two cores")
def test_worker_cores_pins_the_block_then_gives_the_cores_back() -> None:
    before = os.sched_getaffinity(0)
    decode_cores: list[set[int]] = []

    def decoder() -> None:
        cores.decode_cores().pin()
        decode_cores.append(os.sched_getaffinity(0))

    with cores.worker_cores(0, 1):
        inside = os.sched_getaffinity(0)
        thread = threading.Thread(target=decoder)
        thread.start()
        thread.join()
        assert cores.decode_cores().threads == len(before) - 1
    assert inside == {min(before)}
    assert decode_cores == [before - {min(before)}]
    assert os.sched_getaffinity(0) == before
    assert cores.decode_cores() is None  # no plan outside the block
