"""The history screen's summary with its heaviest aggregate read beside the rest, on a
read-only connection of its own (`history.beside`): the same summary as one read alone, and
the same errors."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from breathe.history import beside
from breathe.history.store import HistoryStore
from tests.helpers.history import SEED_TODAY, seed_sessions


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    seed_sessions(store, 200)
    return store


def test_the_summary_read_beside_is_the_summary_read_alone(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    connect = sqlite3.connect

    def watched(*args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(threading.current_thread().name)
        return connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(beside.sqlite3, "connect", watched)
    with store:
        both = store.summary(SEED_TODAY)
        assert opened == ["history-beside"]
        monkeypatch.setattr(store, "_second_reader", lambda: None)
        alone = store.summary(SEED_TODAY)
    assert opened == ["history-beside"]  # no thread, no second connection
    assert both == alone and len(both.per_exercise) == 5


def test_a_second_connection_that_fails_reads_on_the_store_s_own(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with store:
        expected = store.summary(SEED_TODAY)
        monkeypatch.setattr(store, "_second_reader", lambda: tmp_path / "nowhere" / "x.sqlite3")
        assert store.summary(SEED_TODAY) == expected


def test_a_read_only_store_reads_alone(store: HistoryStore) -> None:
    path = store.path
    store.close()
    with HistoryStore.open(path, read_only=True) as reading:
        assert reading._second_reader() is None  # it may be blind to its WAL: no second one
        assert len(reading.summary(SEED_TODAY).recent) == 200


def test_an_error_on_the_store_s_own_connection_is_raised_as_before(
    store: HistoryStore,
) -> None:
    store.conn.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.summary(SEED_TODAY)
    assert not [t for t in threading.enumerate() if t.name == "history-beside"]
