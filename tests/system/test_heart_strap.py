"""The real strap adapter driven by a fake bleak: connect, beats, drop, reconnect, the
not-available errors, no strap in time, and no extra installed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from breathe.core.heart.packet import Measurement
from breathe.core.heart.spec import SourceSpec
from breathe.core.heart.text import HeartState
from breathe.core.heart.tracker import HeartTracker
from breathe.system.heart_sources import make_source, read_rr_file
from breathe.system.heart_strap import (
    INSTALL_HINT,
    StrapDevice,
    StrapError,
    StrapSource,
    explain,
    remember_strap,
    remembered_strap,
)
from tests.system.fake_bleak import (
    Air,
    BleakBluetoothNotAvailableError,
    BleakBluetoothNotAvailableReason,
    Device,
    FakeClock,
    make_bleak,
)


class Collect:
    def __init__(self) -> None:
        self.measurements: list[Measurement] = []
        self.states: list[HeartState] = []
        self.tracker = HeartTracker()

    def on_measurement(self, measurement: Measurement) -> None:
        self.measurements.append(measurement)
        self.tracker.add_measurement(measurement)

    def on_state(self, state: HeartState) -> None:
        self.states.append(state)


def rr_file(tmp_path: Path, beats: int = 40) -> list[float]:
    path = tmp_path / "steady.txt"
    path.write_text("\n".join(["800"] * beats) + "\n")
    return list(read_rr_file(path).rr_ms)


async def run_until(source: StrapSource, listener: Collect, beats: int) -> None:
    """Run the source until `beats` measurements came, then end it as a session would."""
    task = asyncio.get_running_loop().create_task(source.run(listener))
    for _ in range(100_000):
        if len(listener.measurements) >= beats or task.done():
            break
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def strap(air: Air, tmp_path: Path, **kwargs: object) -> StrapSource:
    return StrapSource(
        make_bleak(air), memory=tmp_path / "strap.json", sleep=air.clock.sleep, **kwargs
    )  # type: ignore[arg-type]


async def test_connect_beats_drop_reconnect(tmp_path: Path) -> None:
    clock = FakeClock()
    air = Air(clock, rr_file(tmp_path), drop_after=[15])
    listener = Collect()
    source = strap(air, tmp_path)
    await run_until(source, listener, 40)
    assert listener.states == ["connecting", "connected", "lost", "connected"]
    assert len(listener.measurements) == 40
    assert {m.bpm for m in listener.measurements} == {75}
    assert listener.tracker.mean_bpm() == pytest.approx(75.0, abs=0.05)  # 1/1024 s steps
    assert listener.tracker.line().startswith("75 bpm")
    assert air.connects == 2
    assert air.disconnects == 1  # the session's end lets the strap go
    assert remembered_strap(tmp_path / "strap.json") == StrapDevice("AA:BB:CC:00:11:22", "H10")
    assert air.by_address == ["AA:BB:CC:00:11:22"]  # the reconnect looks for the same strap
    assert clock.now >= 40 * 0.8


async def test_the_remembered_strap_is_looked_for_first(tmp_path: Path) -> None:
    air = Air(FakeClock(), [800.0] * 3, devices=[Device("A", "one"), Device("B", "two")])
    remember_strap(tmp_path / "strap.json", StrapDevice("B", "two"))
    source = strap(air, tmp_path)
    await run_until(source, Collect(), 3)
    assert air.by_address == ["B"] and air.by_filter == 0


async def test_a_strap_that_is_gone_is_searched_for_until_it_returns(tmp_path: Path) -> None:
    air = Air(FakeClock(), [800.0] * 10, drop_after=[4])
    listener = Collect()
    source = strap(air, tmp_path)
    task = asyncio.get_running_loop().create_task(source.run(listener))
    while len(listener.measurements) < 4:
        await asyncio.sleep(0)
    devices, air.devices = air.devices, []
    for _ in range(200):
        await asyncio.sleep(0)
    assert listener.states[-1] == "lost" and not task.done()
    air.devices = devices
    while len(listener.measurements) < 10:
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert listener.states[-1] == "connected"


async def test_no_skin_contact_is_a_state_and_its_return_too(tmp_path: Path) -> None:
    contact: list[bool | None] = [True, False, False, True, True]
    air = Air(FakeClock(), [800.0] * 5, contact=contact)
    listener = Collect()
    await run_until(strap(air, tmp_path), listener, 5)
    assert listener.states == ["connecting", "connected", "no contact", "connected"]


async def test_a_bad_packet_is_counted_not_passed_on(tmp_path: Path) -> None:
    air = Air(FakeClock(), [800.0] * 3, extra_packets={1: b"\x10"})
    listener = Collect()
    source = strap(air, tmp_path)
    await run_until(source, listener, 3)
    assert source.bad_packets == 1 and len(listener.measurements) == 3


async def test_no_strap_in_time(tmp_path: Path) -> None:
    air = Air(FakeClock(), [800.0], devices=[])
    with pytest.raises(StrapError, match=r"no heart-rate strap found in 10 s"):
        await strap(air, tmp_path).run(Collect())


@pytest.mark.parametrize(
    ("reason", "system", "wsl", "words"),
    [
        ("POWERED_OFF", "linux", False, "Bluetooth is off: turn it on"),
        ("NO_BLUETOOTH", "linux", False, "no Bluetooth adapter"),
        ("DENIED_BY_USER", "darwin", False, "allow your terminal app in System Settings"),
        ("UNKNOWN", "linux", False, "is bluetoothd running"),
        ("UNKNOWN", "darwin", False, "Privacy & Security > Bluetooth"),
        ("UNKNOWN", "linux", True, "WSL has no Bluetooth"),
    ],
)
async def test_bluetooth_not_available(
    tmp_path: Path, reason: str, system: str, wsl: bool, words: str
) -> None:
    error = BleakBluetoothNotAvailableError("nope", BleakBluetoothNotAvailableReason[reason])
    air = Air(FakeClock(), [800.0], scan_error=error)
    source = strap(air, tmp_path, system=system, wsl=wsl)
    with pytest.raises(StrapError, match=words) as caught:
        await source.run(Collect())
    assert "\n" not in str(caught.value)
    with pytest.raises(StrapError, match=words):
        await source.scan()


def test_other_errors_are_one_line() -> None:
    assert explain(RuntimeError("first\nsecond")) == "Bluetooth error: first"
    assert "Bluetooth is off" in explain(RuntimeError("[org.bluez.Error.NotReady] Resource"))


async def test_no_extra_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "bleak", None)  # `import bleak` now raises ImportError
    with pytest.raises(StrapError) as caught:
        await StrapSource(memory=tmp_path / "m.json").run(Collect())
    assert 'pip install "breathe-coach[hr]"' in str(caught.value)
    assert str(caught.value) == INSTALL_HINT
    with pytest.raises(StrapError, match="breathe-coach"):
        make_source(SourceSpec("strap"), pacer=None)  # type: ignore[arg-type]


async def test_scan_lists_the_straps(tmp_path: Path) -> None:
    air = Air(FakeClock(), [], devices=[Device("A", "Polar H10"), Device("B", None)])
    found = await strap(air, tmp_path).scan()
    assert found == [StrapDevice("A", "Polar H10"), StrapDevice("B", "")]


def test_a_damaged_memory_is_no_memory(tmp_path: Path) -> None:
    path = tmp_path / "strap.json"
    path.write_text("{not json")
    assert remembered_strap(path) is None
    assert remembered_strap(tmp_path / "none.json") is None


def test_bleak_is_not_imported_until_a_strap_is_used() -> None:
    code = (
        "import sys, breathe.system.heart_sources, breathe.system.heart_strap;"
        "print('bleak' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
