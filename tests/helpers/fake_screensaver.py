"""A stand-in for the desktop's org.freedesktop.ScreenSaver on a real D-Bus session bus: logs
each call to the file named by argv[1] and answers Inhibit with cookie 42."""

from __future__ import annotations

import sys

from jeepney import HeaderFields, MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection


def serve(log_path: str) -> None:
    with open(log_path, "a", buffering=1) as log:
        conn = open_dbus_connection(bus="SESSION")
        conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.ScreenSaver"))
        log.write("ready\n")
        while True:
            msg = conn.receive()
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields[HeaderFields.member]
            log.write(f"{member} {msg.body!r}\n")
            if member == "Inhibit":
                conn.send(new_method_return(msg, "u", (42,)))
            else:
                conn.send(new_method_return(msg))


if __name__ == "__main__":
    serve(sys.argv[1])
