"""The 0x2A37 parser on byte fixtures for every flag combination, and parse(build(x)) == x."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathe.core.heart.packet import (
    Measurement,
    PacketError,
    build_measurement,
    ms_to_1024,
    parse_measurement,
)

# (packet, expected) written out byte by byte, so a builder bug cannot hide a parser bug.
FIXTURES = [
    (b"\x00\x48", Measurement(72)),  # uint8, no contact support, nothing else
    (b"\x01\x48\x00", Measurement(72)),  # uint16
    (b"\x01\x2c\x01", Measurement(300)),  # uint16 above 255
    (b"\x02\x48", Measurement(72)),  # bit 1 alone means nothing without bit 2
    (b"\x04\x48", Measurement(72, contact=False)),
    (b"\x06\x48", Measurement(72, contact=True)),
    (b"\x08\x48\x10\x00", Measurement(72, energy_kj=16)),
    (b"\x10\x48", Measurement(72)),  # RR flag with no intervals
    (b"\x10\x48\x00\x04", Measurement(72, rr_ms=(1000.0,))),
    (b"\x10\x48\x00\x04\x00\x02", Measurement(72, rr_ms=(1000.0, 500.0))),
    (b"\x10\x48\x00\x04\x00\x02\x00\x03", Measurement(72, rr_ms=(1000.0, 500.0, 750.0))),
    # energy comes before the RR list
    (b"\x18\x48\x05\x00\x00\x04", Measurement(72, energy_kj=5, rr_ms=(1000.0,))),
    # everything: uint16, contact detected, energy, two RRs
    (
        b"\x1f\x48\x00\x34\x12\x00\x04\x00\x02",
        Measurement(72, contact=True, energy_kj=0x1234, rr_ms=(1000.0, 500.0)),
    ),
    (b"\x15\x48\x00\x33\x03", Measurement(72, contact=False, rr_ms=(819 * 1000 / 1024,))),
]


@pytest.mark.parametrize(("packet", "expected"), FIXTURES)
def test_fixtures(packet: bytes, expected: Measurement) -> None:
    assert parse_measurement(packet) == expected


@pytest.mark.parametrize(
    ("packet", "words"),
    [
        (b"", "too short"),
        (b"\x00", "too short"),
        (b"\x01\x48", "uint16"),
        (b"\x08\x48\x01", "energy"),
        (b"\x10\x48\x00\x04\x01", "half an RR"),
    ],
)
def test_bad_packets_say_why(packet: bytes, words: str) -> None:
    with pytest.raises(PacketError, match=words):
        parse_measurement(packet)


@given(
    bpm=st.integers(0, 0xFFFF),
    wide=st.booleans(),
    contact=st.none() | st.booleans(),
    energy=st.none() | st.integers(0, 0xFFFF),
    rr=st.none() | st.lists(st.integers(0, 0xFFFF), max_size=9).map(tuple),
)
def test_round_trip(
    bpm: int, wide: bool, contact: bool | None, energy: int | None, rr: tuple[int, ...] | None
) -> None:
    if bpm > 255:
        wide = True
    packet = build_measurement(bpm, contact=contact, energy_kj=energy, rr_1024=rr, wide=wide)
    m = parse_measurement(packet)
    assert (m.bpm, m.contact, m.energy_kj) == (bpm, contact, energy)
    assert tuple(ms_to_1024(x) for x in m.rr_ms) == (rr or ())


@given(st.binary(max_size=12))
def test_any_bytes_parse_or_raise_packet_error(data: bytes) -> None:
    try:
        m = parse_measurement(data)
    except PacketError:
        return
    assert all(x >= 0 for x in m.rr_ms)
