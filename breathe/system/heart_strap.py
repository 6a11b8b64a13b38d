"""A Bluetooth LE heart-rate strap through bleak (the optional `hr` extra).

bleak is imported only when a strap is used, and everything runs in the caller's asyncio loop
(Textual's own in the app; one loop per session in plain mode): bleak needs its one loop
running for its background tasks. The module it uses is injectable, so tests drive this very
adapter with a fake bleak. Every failure a user can meet is one line with the hint that fits.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import platform
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from breathe.core.heart.packet import (
    HR_MEASUREMENT_UUID,
    HR_SERVICE_UUID,
    Measurement,
    PacketError,
    parse_measurement,
)
from breathe.core.heart.text import HeartState
from breathe.system import paths
from breathe.system.atomic import write_atomic
from breathe.system.files import UnreadableFile, read_regular

INSTALL_HINT = 'heart-rate straps need the hr extra: pip install "breathe-coach[hr]"'
SCAN_SECONDS = 10.0
RETRY_SECONDS = 2.0


class StrapError(Exception):
    """Why the strap cannot be used, as one line for the user."""


class _Listener(Protocol):
    def on_measurement(self, measurement: Measurement) -> None: ...

    def on_state(self, state: HeartState) -> None: ...


@dataclass(frozen=True)
class StrapDevice:
    address: str
    name: str


def strap_memory_file() -> Path:
    """The strap this machine used last (per machine: a Bluetooth address is local)."""
    return paths.data_dir() / "heart-strap.json"


def remembered_strap(path: Path) -> StrapDevice | None:
    """The remembered strap, or None when there is none or the file is not usable."""
    try:
        data = json.loads(read_regular(path, 4096))
        return StrapDevice(str(data["address"]), str(data.get("name") or ""))
    except (OSError, UnreadableFile, ValueError, KeyError, TypeError):
        return None


def remember_strap(path: Path, device: StrapDevice) -> None:
    text = json.dumps({"address": device.address, "name": device.name}) + "\n"
    with contextlib.suppress(OSError):  # not remembering is no reason to stop a session
        write_atomic(path, text, make_dirs=True)


def running_in_wsl() -> bool:
    return sys.platform == "linux" and "microsoft" in platform.uname().release.lower()


def _kind(exc: BaseException) -> set[str]:
    """The class names of the exception and its bases: bleak's own or a fake's alike."""
    return {cls.__name__ for cls in type(exc).__mro__}


def explain(exc: BaseException, *, system: str = sys.platform, wsl: bool = False) -> str:
    """One line for a Bluetooth failure, with the hint that fits this machine."""
    names = _kind(exc)
    reason = str(getattr(getattr(exc, "reason", None), "name", "") or "").upper()
    text = str(exc)
    if wsl:
        return "Bluetooth is not available: WSL has no Bluetooth; run breathe on Windows itself"
    if "POWERED_OFF" in reason or "NotReady" in text:
        return "Bluetooth is off: turn it on and try again"
    denied = any(word in reason for word in ("DENIED", "UNAUTHORIZED", "RESTRICTED"))
    if denied or "BleakBluetoothPermissionError" in names:
        if system == "darwin":
            return (
                "Bluetooth permission is missing: allow your terminal app in System Settings"
                " > Privacy & Security > Bluetooth, then restart the terminal"
            )
        return "Bluetooth permission is missing for this user"
    if "BleakBluetoothNotAvailableError" in names or "ServiceUnknown" in text:
        if "NO_BLUETOOTH" in reason:
            return "Bluetooth is not available: no Bluetooth adapter found"
        if system == "darwin":
            return (
                "Bluetooth is not available: check it is on and that your terminal app is"
                " allowed in System Settings > Privacy & Security > Bluetooth"
            )
        hint = " (is bluetoothd running and the adapter on?)" if system == "linux" else ""
        return f"Bluetooth is not available{hint}"
    if "BleakDeviceNotFoundError" in names:
        return "the heart-rate strap was not found: wear it (moist electrodes wake it)"
    first_line = text.splitlines()[0] if text else type(exc).__name__
    return f"Bluetooth error: {first_line}"


def not_found_line(seconds: float) -> str:
    return (
        f"no heart-rate strap found in {seconds:g} s: wear it (moist electrodes wake it), "
        "keep it near, and make sure no phone app holds it"
    )


class StrapSource:
    """Scan for a strap advertising the Heart Rate service, subscribe to its measurements,
    remember it, and reconnect after a drop, saying `lost` meanwhile."""

    def __init__(
        self,
        bleak: Any = None,
        *,
        memory: Path | None = None,
        scan_seconds: float = SCAN_SECONDS,
        retry_seconds: float = RETRY_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        importer: Callable[[str], Any] = importlib.import_module,
        system: str = sys.platform,
        wsl: bool | None = None,
    ) -> None:
        self._bleak = bleak
        self._importer = importer
        self.memory = memory if memory is not None else strap_memory_file()
        self.scan_seconds = scan_seconds
        self.retry_seconds = retry_seconds
        self._sleep = sleep
        self._system = system
        self._wsl = running_in_wsl() if wsl is None else wsl
        self.bad_packets = 0  # counted, never silently dropped
        self._contact: bool | None = None

    def load(self) -> Any:
        """bleak (or the injected stand-in); StrapError with the install hint without it."""
        if self._bleak is None:
            try:
                self._bleak = self._importer("bleak")
            except ImportError:
                raise StrapError(INSTALL_HINT) from None
        return self._bleak

    def _explain(self, exc: BaseException) -> StrapError:
        return StrapError(explain(exc, system=self._system, wsl=self._wsl))

    async def scan(self) -> list[StrapDevice]:
        """Straps advertising heart rate nearby, for `breathe heart scan`."""
        bleak = self.load()
        try:
            found = await bleak.BleakScanner.discover(
                timeout=self.scan_seconds, service_uuids=[HR_SERVICE_UUID]
            )
        except Exception as exc:
            raise self._explain(exc) from exc
        return [StrapDevice(d.address, d.name or "") for d in found]

    async def find(self) -> StrapDevice:
        """The strap the session would connect to, found before it starts (StrapError with
        one line when there is none in time), so a session that needs it need not start."""
        device = await self._find(self.load())
        return StrapDevice(device.address, device.name or "")

    async def _find(self, bleak: Any) -> Any:
        """The remembered strap if it is about, else any strap; StrapError when none is."""
        scanner = bleak.BleakScanner
        known = remembered_strap(self.memory)
        try:
            device = None
            if known is not None:
                device = await scanner.find_device_by_address(
                    known.address, timeout=self.scan_seconds
                )
            if device is None:
                device = await scanner.find_device_by_filter(
                    _advertises_heart_rate,
                    timeout=self.scan_seconds,
                    service_uuids=[HR_SERVICE_UUID],
                )
        except Exception as exc:
            raise self._explain(exc) from exc
        if device is None:
            raise StrapError(not_found_line(self.scan_seconds))
        return device

    async def run(self, listener: _Listener) -> None:
        """Connect, feed `listener`, and after a drop keep trying until cancelled. The first
        connection's failure is raised (nothing has started); later ones say `lost`."""
        bleak = self.load()
        listener.on_state("connecting")
        device = await self._find(bleak)
        try:
            await self._connected(bleak, device, listener)
        except Exception as exc:
            raise self._explain(exc) from exc
        while True:
            listener.on_state("lost")
            await self._sleep(self.retry_seconds)
            with contextlib.suppress(Exception):  # StrapError too: keep trying, say `lost`
                device = await self._find(bleak)
                await self._connected(bleak, device, listener)

    async def _connected(self, bleak: Any, device: Any, listener: _Listener) -> None:
        """One connection, from connect to the drop."""
        dropped = asyncio.Event()
        client = bleak.BleakClient(device, disconnected_callback=lambda _c: dropped.set())
        await client.connect()
        try:
            self._contact = None
            await client.start_notify(
                HR_MEASUREMENT_UUID, lambda _char, data: self._packet(data, listener)
            )
            remember_strap(self.memory, StrapDevice(device.address, device.name or ""))
            listener.on_state("connected")
            await dropped.wait()
        finally:
            if not dropped.is_set():
                with contextlib.suppress(Exception):
                    await client.disconnect()

    def _packet(self, data: bytes | bytearray, listener: _Listener) -> None:
        try:
            measurement = parse_measurement(data)
        except PacketError:
            self.bad_packets += 1
            return
        if measurement.contact is False and self._contact is not False:
            listener.on_state("no contact")
        elif measurement.contact is True and self._contact is False:
            listener.on_state("connected")
        self._contact = measurement.contact
        listener.on_measurement(measurement)


def _advertises_heart_rate(_device: Any, advertisement: Any) -> bool:
    uuids = getattr(advertisement, "service_uuids", None) or []
    return HR_SERVICE_UUID in (str(u).lower() for u in uuids)
