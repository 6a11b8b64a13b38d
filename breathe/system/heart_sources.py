"""Heart sources behind one interface: something that, run in the caller's asyncio loop, hands
a listener measurements (0x2A37 values) and link states until it is cancelled or runs out.

`sim` and `FILE` replay on a sleep they are given (asyncio.sleep by default, a fake clock in
tests); `strap` is in heart_strap.py and imports bleak only when it runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from breathe.core.heart.packet import Measurement, ms_to_1024
from breathe.core.heart.rrfile import RRFileError, RRRecord, parse_rr_text
from breathe.core.heart.sim import Pacer, SimulatedStrap
from breathe.core.heart.spec import SourceSpec
from breathe.core.heart.text import HeartState
from breathe.system.files import UnreadableFile, read_regular
from breathe.system.heart_strap import StrapSource, remembered_strap, strap_memory_file

RR_FILE_LIMIT = 2_000_000  # 50,000 intervals of a few bytes each, with room for OpenHRV's rows

Sleep = Callable[[float], Awaitable[None]]


class HeartListener(Protocol):
    """Where a source's news goes; called in the loop the source runs in."""

    def on_measurement(self, measurement: Measurement) -> None: ...

    def on_state(self, state: HeartState) -> None: ...


class HeartSource(Protocol):
    async def run(self, listener: HeartListener) -> None:
        """Feed `listener` until cancelled (a file: until its last interval)."""
        ...


def _as_strap_sends(rr_ms: float) -> Measurement:
    """One beat as a strap would send it: RR rounded to 1/1024 s, the rate to whole bpm."""
    wire = ms_to_1024(rr_ms) * 1000 / 1024
    return Measurement(bpm=round(60_000 / wire), contact=True, rr_ms=(wire,))


class SimSource:
    """The simulated strap in real time (or on the given sleep): one beat per packet."""

    def __init__(
        self,
        pacer: Pacer,
        *,
        resonance: float,
        seed: int = 0,
        start: float = 0.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.strap = SimulatedStrap(pacer, resonance=resonance, seed=seed, start=start)
        self._sleep = sleep

    async def run(self, listener: HeartListener) -> None:
        listener.on_state("connected")
        for rr in self.strap.intervals():
            await self._sleep(rr / 1000)
            listener.on_measurement(_as_strap_sends(rr))


class FileSource:
    """A recorded RR file replayed beat by beat at the pace it was recorded."""

    def __init__(self, record: RRRecord, *, sleep: Sleep = asyncio.sleep) -> None:
        self.record = record
        self._sleep = sleep

    async def run(self, listener: HeartListener) -> None:
        listener.on_state("connected")
        for rr in self.record.rr_ms:
            await self._sleep(rr / 1000)
            listener.on_measurement(_as_strap_sends(rr))


def read_rr_file(path: Path) -> RRRecord:
    """The file's intervals, read without trusting it (bounded, never waits on a FIFO);
    RRFileError `file:line: …` for every problem, so the session need not start."""
    try:
        raw = read_regular(path, RR_FILE_LIMIT)
    except FileNotFoundError:
        raise RRFileError(f"{path}: no such file") from None
    except UnreadableFile as exc:
        raise RRFileError(f"{path}: {exc.reason}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RRFileError(f"{path}:{line}: not UTF-8 text") from None
    return parse_rr_text(text, str(path))


def make_source(
    spec: SourceSpec,
    pacer: Pacer,
    *,
    start: float = 0.0,
    sleep: Sleep = asyncio.sleep,
    bleak: Any = None,
) -> HeartSource | None:
    """The source a SourceSpec names, ready to run; None for `off`, and for `auto` when
    there is no remembered strap. Raises RRFileError for a bad file (before any session) and
    StrapError when a strap is wanted but bleak is not installed: for `strap` that ends the
    command; for `auto` the caller runs without heart data and says so once."""
    if spec.kind == "off":
        return None
    if spec.kind == "sim":
        return SimSource(pacer, resonance=spec.resonance, start=start, sleep=sleep)
    if spec.kind == "file":
        return FileSource(read_rr_file(Path(spec.path)), sleep=sleep)
    if spec.kind == "auto" and remembered_strap(strap_memory_file()) is None:
        return None
    source = StrapSource(bleak, sleep=sleep)
    source.load()  # no extra: one clear line now, not mid-session
    return source
