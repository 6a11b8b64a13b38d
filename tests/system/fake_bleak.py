"""A fake bleak: a scanner and a client whose `start_notify` feeds real 0x2A37 packets from
RR intervals on a fake clock, able to drop the link after some beats. Handed to the real
strap adapter in place of the bleak module."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from breathe.core.heart.packet import (
    HR_MEASUREMENT_UUID,
    HR_SERVICE_UUID,
    build_measurement,
    ms_to_1024,
)


class BleakError(Exception):
    pass


class BleakBluetoothNotAvailableReason(enum.Enum):
    NO_BLUETOOTH = enum.auto()
    POWERED_OFF = enum.auto()
    DENIED_BY_USER = enum.auto()
    UNKNOWN = enum.auto()


class BleakBluetoothNotAvailableError(BleakError):
    def __init__(self, msg: str, reason: BleakBluetoothNotAvailableReason) -> None:
        super().__init__(msg)
        self.reason = reason


@dataclass
class FakeClock:
    """Virtual seconds: sleeping advances them and yields to the loop, never waits."""

    now: float = 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class Device:
    address: str
    name: str | None


@dataclass
class Air:
    """What the fake radio holds: the straps about, the beats to send, what went on."""

    clock: FakeClock
    rr_ms: list[float]
    devices: list[Device] = field(default_factory=lambda: [Device("AA:BB:CC:00:11:22", "H10")])
    drop_after: list[int] = field(default_factory=list)  # beats sent before each drop
    scan_error: BaseException | None = None
    contact: list[bool | None] | None = None
    extra_packets: dict[int, bytes] = field(default_factory=dict)  # sent before beat i
    sent: int = 0
    connects: int = 0
    disconnects: int = 0
    by_address: list[str] = field(default_factory=list)
    by_filter: int = 0


def make_bleak(air: Air) -> Any:
    class BleakScanner:
        @staticmethod
        async def find_device_by_address(address: str, timeout: float = 10.0) -> Device | None:
            air.by_address.append(address)
            if air.scan_error:
                raise air.scan_error
            await air.clock.sleep(0.1)
            return next((d for d in air.devices if d.address == address), None)

        @staticmethod
        async def find_device_by_filter(
            filterfunc: Callable[[Any, Any], bool], timeout: float = 10.0, **kwargs: Any
        ) -> Device | None:
            air.by_filter += 1
            assert kwargs.get("service_uuids") == [HR_SERVICE_UUID]
            if air.scan_error:
                raise air.scan_error
            await air.clock.sleep(0.1)
            ad = SimpleNamespace(service_uuids=[HR_SERVICE_UUID.upper()])
            return next((d for d in air.devices if filterfunc(d, ad)), None)

        @staticmethod
        async def discover(timeout: float = 5.0, **kwargs: Any) -> list[Device]:
            if air.scan_error:
                raise air.scan_error
            return list(air.devices)

    class BleakClient:
        def __init__(self, device: Device, disconnected_callback: Any = None) -> None:
            self.device = device
            self.on_drop = disconnected_callback
            self.task: asyncio.Task[None] | None = None

        async def connect(self) -> None:
            air.connects += 1

        async def disconnect(self) -> None:
            air.disconnects += 1
            if self.task:
                self.task.cancel()

        async def start_notify(self, uuid: str, callback: Callable[[Any, bytearray], None]) -> None:
            assert uuid == HR_MEASUREMENT_UUID
            self.task = asyncio.get_running_loop().create_task(self._feed(callback))

        async def _feed(self, callback: Callable[[Any, bytearray], None]) -> None:
            while air.sent < len(air.rr_ms):
                if air.drop_after and air.sent == air.drop_after[0]:
                    air.drop_after.pop(0)
                    self.on_drop(self)
                    return
                rr = air.rr_ms[air.sent]
                await air.clock.sleep(rr / 1000)
                if air.sent in air.extra_packets:
                    callback(None, bytearray(air.extra_packets[air.sent]))
                contact = air.contact[air.sent] if air.contact else True
                packet = build_measurement(
                    round(60_000 / rr), contact=contact, rr_1024=(ms_to_1024(rr),)
                )
                air.sent += 1
                callback(None, bytearray(packet))
            await asyncio.Event().wait()  # the strap stays on, silent

    return SimpleNamespace(
        BleakScanner=BleakScanner,
        BleakClient=BleakClient,
        exc=SimpleNamespace(BleakBluetoothNotAvailableError=BleakBluetoothNotAvailableError),
    )
