"""CPU used by the app while it animates a session in a real terminal (tmux), as % of one core.

    python benchmarks/app_cpu.py [--seconds 30] [--size 80x24] [--reduced-motion]

Starts `breathe run resonance` (a 10 minute session) in a detached tmux session, lets it settle,
then reads the process's utime+stime from /proc before and after the window. Linux and tmux only.
The goal: at most 3% of one core at 80x24.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def find_app_pid(pane_pid: int) -> int:
    """The python process running breathe: the pane's process or one of its children."""
    for _ in range(50):
        out = subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", str(pane_pid)], capture_output=True, text=True
        ).stdout
        args = Path(f"/proc/{pane_pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        if "breathe" in args and "python" in args:
            return pane_pid
        for line in out.splitlines():
            pid, _, cmd = line.strip().partition(" ")
            if "breathe" in cmd:
                return int(pid)
        time.sleep(0.1)
    raise SystemExit("could not find the breathe process")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--exercise", default="resonance")
    parser.add_argument("--reduced-motion", action="store_true")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed", file=sys.stderr)
        return 2
    width, height = args.size.split("x")
    breathe = Path(sys.executable).with_name("breathe")
    data = tempfile.mkdtemp()
    # The safety text is shown before a first session: mark it seen in a throwaway data dir.
    Path(data, "state.json").write_text('{"safety_seen": true}\n')
    env = {"BREATHE_DATA_DIR": data, "BREATHE_CONFIG_DIR": tempfile.mkdtemp()}
    if args.reduced_motion:
        env["TEXTUAL_ANIMATIONS"] = "none"
    name = f"breathe-cpu-{os.getpid()}"
    cmd = ["tmux", "new-session", "-d", "-s", name, "-x", width, "-y", height]
    for key, value in env.items():
        cmd += ["-e", f"{key}={value}"]
    cmd.append(f"exec {breathe} run {args.exercise}")
    subprocess.run(cmd, check=True)
    try:
        pane_pid = int(
            subprocess.run(
                ["tmux", "display", "-p", "-t", name, "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        pid = find_app_pid(pane_pid)
        time.sleep(4)  # start-up and the count-in are not the steady state
        c0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(args.seconds)
        c1, t1 = cpu_seconds(pid), time.monotonic()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)
    percent = 100 * (c1 - c0) / (t1 - t0)
    print(
        f"breathe run {args.exercise} at {args.size}"
        f"{' (reduced motion)' if args.reduced_motion else ''}: "
        f"{c1 - c0:.2f} s CPU in {t1 - t0:.1f} s = {percent:.2f}% of one core"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
