"""saidwhat.search.latest: one value per store, rebuilt when the store changes, one
builder at a time while the others go on with the last value."""

from __future__ import annotations

import threading

from saidwhat.search.latest import Latest


class FakeStore:
    """Any object that can be weakly referenced and hashed stands for a store here."""


def test_built_once_per_stamp_and_again_when_it_moves() -> None:
    latest: Latest[str] = Latest()
    store = FakeStore()
    builds: list[int] = []

    def build(n: int) -> str:
        builds.append(n)
        return f"v{n}"

    assert latest.get(store, 1, lambda: build(1)) == "v1"
    assert latest.get(store, 1, lambda: build(99)) == "v1"
    assert latest.get(store, 2, lambda: build(2)) == "v2"
    assert builds == [1, 2]
    other = FakeStore()  # each store has its own value
    assert latest.get(other, 2, lambda: build(3)) == "v3"


def test_an_older_build_never_replaces_a_newer_value() -> None:
    latest: Latest[str] = Latest()
    store = FakeStore()
    assert latest.get(store, 5, lambda: "five") == "five"
    assert latest.get(store, 3, lambda: "three") == "three"  # the caller gets its own
    assert latest.get(store, 5, lambda: "again") == "five"  # but five is what is kept


def test_others_answer_from_the_last_value_while_one_rebuilds() -> None:
    latest: Latest[str] = Latest()
    store = FakeStore()
    latest.get(store, 1, lambda: "old")
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "new"

    result: list[str] = []
    builder = threading.Thread(target=lambda: result.append(latest.get(store, 2, slow)))
    builder.start()
    assert started.wait(10)
    # stamp 2 is being built: a reader neither waits nor builds a second time
    assert latest.get(store, 2, lambda: "second build") == "old"
    release.set()
    builder.join(10)
    assert result == ["new"]
    assert latest.get(store, 2, lambda: "third build") == "new"


def test_the_first_build_is_waited_for_not_repeated() -> None:
    latest: Latest[str] = Latest()
    store = FakeStore()
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def first() -> str:
        calls.append("first")
        started.set()
        assert release.wait(10)
        return "built"

    out: list[str] = []
    a = threading.Thread(target=lambda: out.append(latest.get(store, 1, first)))
    a.start()
    assert started.wait(10)
    b = threading.Thread(target=lambda: out.append(latest.get(store, 1, lambda: "again")))
    b.start()
    release.set()
    a.join(10)
    b.join(10)
    assert calls == ["first"] and out == ["built", "built"]
