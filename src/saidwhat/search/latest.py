"""What a process keeps of a store between questions: one value per store (the search's
filter arrays, the vector matrix), built again when the store's change stamp moves.

One thread builds at a time; while it does, the others go on with the value they had,
so a question never waits for a rebuild (only the very first build is waited for).  A
value built from an older stamp never replaces a newer one.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from saidwhat.store.base import Store

V = TypeVar("V")

__all__ = ["Latest"]


class _Slot(Generic[V]):
    def __init__(self) -> None:
        self.value: V | None = None
        self.stamp: Any = None
        """The store's change stamp the value was built at."""
        self.building = False
        self.cond = threading.Condition()


class Latest(Generic[V]):
    """The latest value built from each store (kept as long as the store object lives)."""

    def __init__(self) -> None:
        self._slots: weakref.WeakKeyDictionary[Store, _Slot[V]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _slot(self, store: Store) -> _Slot[V]:
        with self._lock:
            slot = self._slots.get(store)
            if slot is None:
                slot = self._slots[store] = _Slot()
            return slot

    def get(self, store: Store, stamp: Any, build: Callable[[], V]) -> V:
        """The value at ``stamp`` (an orderable change stamp read before calling):
        the kept one if it was built at ``stamp`` or a rebuild is under way, else
        ``build()``'s, which is kept unless a newer one was kept meanwhile."""
        slot = self._slot(store)
        with slot.cond:
            while True:
                if slot.value is not None and (slot.stamp == stamp or slot.building):
                    return slot.value
                if not slot.building:
                    break
                slot.cond.wait()  # the first build, by another thread
            slot.building = True
        try:
            value = build()  # reads the store after the stamp: never older than it
            with slot.cond:
                if slot.stamp is None or stamp >= slot.stamp:
                    slot.value, slot.stamp = value, stamp
        finally:
            with slot.cond:
                slot.building = False
                slot.cond.notify_all()
        return value
