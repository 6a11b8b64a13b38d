"""The Bluetooth Heart Rate Measurement characteristic (0x2A37), read and written.

Layout (Bluetooth SIG, Heart Rate Service 1.0): a flags byte; the heart rate as uint8 or, with
flag bit 0, uint16 little-endian; the sensor-contact bits (bit 2: contact is supported, and only
then bit 1: contact is detected); with bit 3 the energy expended (uint16, kJ), which comes
*before* the RR list; with bit 4 zero or more RR intervals (uint16 each, 1/1024 s).
"""

from __future__ import annotations

from dataclasses import dataclass

HR_SERVICE_UUID = "0000180d-0000-1000-8000-00805f9b34fb"
HR_MEASUREMENT_UUID = "00002a37-0000-1000-8000-00805f9b34fb"

_HR_UINT16 = 0x01
_CONTACT_DETECTED = 0x02
_CONTACT_SUPPORTED = 0x04
_ENERGY = 0x08
_RR = 0x10
RR_UNITS_PER_SECOND = 1024


class PacketError(ValueError):
    """A measurement packet that cannot be what the flags say it is."""


@dataclass(frozen=True)
class Measurement:
    """One notification: `contact` is None when the strap cannot tell; `rr_ms` may be empty
    (optical sensors never send RR)."""

    bpm: int
    contact: bool | None = None
    energy_kj: int | None = None
    rr_ms: tuple[float, ...] = ()


def parse_measurement(data: bytes | bytearray) -> Measurement:
    """The packet as a Measurement; PacketError when it is shorter than its flags promise
    or its RR list has an odd byte left over."""
    if len(data) < 2:
        raise PacketError(f"heart-rate packet of {len(data)} bytes: too short for flags and rate")
    flags = data[0]
    pos = 1
    if flags & _HR_UINT16:
        if len(data) < 3:
            raise PacketError("heart-rate packet says uint16 rate but has 2 bytes")
        bpm = int.from_bytes(data[1:3], "little")
        pos = 3
    else:
        bpm = data[1]
        pos = 2
    contact = bool(flags & _CONTACT_DETECTED) if flags & _CONTACT_SUPPORTED else None
    energy = None
    if flags & _ENERGY:
        if len(data) < pos + 2:
            raise PacketError("heart-rate packet says energy expended but ends before it")
        energy = int.from_bytes(data[pos : pos + 2], "little")
        pos += 2
    rr: tuple[float, ...] = ()
    if flags & _RR:
        rest = data[pos:]
        if len(rest) % 2:
            raise PacketError("heart-rate packet has half an RR interval at its end")
        rr = tuple(
            int.from_bytes(rest[i : i + 2], "little") * 1000 / RR_UNITS_PER_SECOND
            for i in range(0, len(rest), 2)
        )
    return Measurement(bpm=bpm, contact=contact, energy_kj=energy, rr_ms=rr)


def build_measurement(
    bpm: int,
    *,
    contact: bool | None = None,
    energy_kj: int | None = None,
    rr_1024: tuple[int, ...] | None = None,
    wide: bool = False,
) -> bytes:
    """The packet a strap would send (for the simulated and fake straps and the tests);
    `rr_1024` in the wire's 1/1024 s units, None for no RR field at all."""
    flags = (_HR_UINT16 if wide else 0) | (_ENERGY if energy_kj is not None else 0)
    if contact is not None:
        flags |= _CONTACT_SUPPORTED | (_CONTACT_DETECTED if contact else 0)
    if rr_1024 is not None:
        flags |= _RR
    out = bytearray([flags])
    out += bpm.to_bytes(2 if wide else 1, "little")
    if energy_kj is not None:
        out += energy_kj.to_bytes(2, "little")
    for rr in rr_1024 or ():
        out += rr.to_bytes(2, "little")
    return bytes(out)


def ms_to_1024(rr_ms: float) -> int:
    """An interval in ms as the strap would round it onto the wire."""
    return max(0, min(0xFFFF, round(rr_ms * RR_UNITS_PER_SECOND / 1000)))
