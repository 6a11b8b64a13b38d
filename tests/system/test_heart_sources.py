"""sim and FILE behind the one source interface, on a fake clock; reading RR files safely."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from breathe.core.heart.rrfile import RRFileError
from breathe.core.heart.sim import SteadyPacer
from breathe.core.heart.spec import SourceSpec, parse_source
from breathe.system.heart_sources import FileSource, SimSource, make_source, read_rr_file
from breathe.system.heart_strap import StrapDevice, StrapSource, remember_strap, strap_memory_file
from tests.system.fake_bleak import Air, FakeClock, make_bleak
from tests.system.test_heart_strap import Collect


async def test_a_replayed_file_of_steady_800_ms_shows_75_bpm(tmp_path: Path) -> None:
    path = tmp_path / "rr.csv"
    path.write_text("t_s,rr_ms\n" + "".join(f"{0.8 * i:.1f},800\n" for i in range(1, 31)))
    clock = FakeClock()
    listener = Collect()
    source = make_source(parse_source(str(path)), SteadyPacer(6.0), sleep=clock.sleep)
    assert isinstance(source, FileSource)
    await source.run(listener)
    assert listener.states == ["connected"]
    assert len(listener.measurements) == 30
    assert clock.now == pytest.approx(24.0)  # in real time: one interval per beat
    assert listener.tracker.line().startswith("75 bpm")
    assert listener.tracker.mean_bpm() == pytest.approx(75.0, abs=0.05)


async def test_sim_source_is_seeded_and_follows_the_pacer() -> None:
    async def beats(seed: int) -> list[float]:
        clock = FakeClock()
        listener = Collect()
        source = SimSource(SteadyPacer(5.5), resonance=5.5, seed=seed, sleep=clock.sleep)
        task = asyncio.get_running_loop().create_task(source.run(listener))
        while clock.now < 120:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        listener.tracker.end_breath(60.0, 60 + 60 / 5.5)
        assert (listener.tracker.mean_swing() or 0) > 10  # at resonance the swing is large
        return [b.raw_ms for b in listener.tracker.beats]

    assert await beats(1) == await beats(1)
    assert await beats(1) != await beats(2)


def test_make_source_for_each_spec(tmp_path: Path) -> None:
    pacer = SteadyPacer(6.0)
    assert make_source(SourceSpec("off"), pacer) is None
    assert make_source(SourceSpec("auto"), pacer) is None  # no strap remembered
    sim = make_source(SourceSpec("sim", resonance=4.5), pacer)
    assert isinstance(sim, SimSource) and sim.strap.resonance == 4.5
    bleak = make_bleak(Air(FakeClock(), []))
    assert isinstance(make_source(SourceSpec("strap"), pacer, bleak=bleak), StrapSource)
    remember_strap(strap_memory_file(), StrapDevice("A", "H10"))
    assert isinstance(make_source(SourceSpec("auto"), pacer, bleak=bleak), StrapSource)


def test_a_bad_file_is_a_located_error_before_anything_starts(tmp_path: Path) -> None:
    path = tmp_path / "rr.txt"
    path.write_text("800\n810\nabc\n")
    with pytest.raises(RRFileError, match=rf"^{path}:3: interval 'abc' is not a number$"):
        make_source(SourceSpec("file", path=str(path)), SteadyPacer(6.0))


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(RRFileError, match="no such file"):
        read_rr_file(tmp_path / "missing.txt")
    with pytest.raises(RRFileError, match="is a directory"):
        read_rr_file(tmp_path)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"800\n900\n\xff\xfe\n")
    with pytest.raises(RRFileError, match=r"bin.txt:3: not UTF-8"):
        read_rr_file(binary)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "rr.fifo"
    os.mkfifo(fifo)
    with pytest.raises(RRFileError, match="not a regular file"):
        read_rr_file(fifo)


def test_openhrv_file_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "openhrv.csv"
    path.write_text(
        "\ufeffevent,value,timestamp\nInterBeatInterval,800,2026-12-04T10:00:00\n",
        encoding="utf-8",
    )
    assert read_rr_file(path).rr_ms == (800.0,)
