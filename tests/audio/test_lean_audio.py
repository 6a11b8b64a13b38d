"""What a session with sound loads, and no more: spoken prompts only with voice on, no
urllib.request (miniaudio imports it for streaming from URLs), no libpulse when no PulseAudio
server could answer, and the guide's unit tables as arrays of doubles."""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from breathe.audio.backend import pulse_may_answer
from breathe.audio.cues import Cue, load_cues
from breathe.audio.waveforms import TABLE_SIZE, Timbre, unit_table


def test_without_voice_the_prompts_are_read_only_when_asked_for() -> None:
    lean, whole = load_cues(None, voice=False), load_cues(None)
    loaded = set(dict(lean.sounds))
    assert loaded == {cue for cue in Cue if not cue.spoken}
    assert all(lean[cue].samples == whole[cue].samples for cue in loaded)
    # Asked for anyway: read then, the same sound.
    assert lean.fitted(Cue.VOICE_HOLD, None) == whole[Cue.VOICE_HOLD].samples
    assert Cue.VOICE_HOLD in dict(lean.sounds)


def test_a_refused_prompt_of_the_users_is_still_noticed_with_voice_on(tmp_path: Path) -> None:
    (tmp_path / f"{Cue.VOICE_HOLD.value}.wav").write_bytes(b"not a wav")
    assert any(Cue.VOICE_HOLD.value in n for n in load_cues(tmp_path).notices)
    assert load_cues(tmp_path, voice=False).notices == ()


def test_the_unit_tables_are_doubles_of_one_period() -> None:
    for timbre in (Timbre.TONE, Timbre.HUM):
        table = unit_table(timbre)
        assert isinstance(table, array.array) and table.typecode == "d"
        assert len(table) == TABLE_SIZE and max(map(abs, table)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PULSE_SERVER": "unix:/nonexistent/pulse"}, False),
        ({"PULSE_SERVER": "/nonexistent/native unix:/nonexistent/too"}, False),
        ({"PULSE_SERVER": "{0123}unix:/nonexistent/pulse"}, False),
        ({"PULSE_SERVER": "tcp:localhost:4713"}, True),
        ({"PULSE_SERVER": "somehost"}, True),
        ({"PULSE_SERVER": "unix:/nonexistent/pulse {SOCKET}"}, True),
        ({"XDG_RUNTIME_DIR": "{RUNTIME}"}, True),
        ({"PULSE_RUNTIME_PATH": "{RUNTIME}/pulse"}, True),
    ],
)
def test_pulse_may_answer(
    tmp_path: Path, env: dict[str, str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    (runtime / "pulse").mkdir(parents=True)
    (runtime / "pulse" / "native").touch()
    filled = {
        k: v.replace("{SOCKET}", str(runtime / "pulse" / "native")).replace(
            "{RUNTIME}", str(runtime)
        )
        for k, v in env.items()
    }
    monkeypatch.setenv("PATH", str(tmp_path))  # no pulseaudio to spawn
    assert pulse_may_answer({"HOME": str(tmp_path), **filled}) is expected


def test_a_client_conf_naming_a_server_or_a_daemon_to_spawn_means_it_may(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    home = {"HOME": str(tmp_path)}
    if pulse_may_answer(home):  # this machine has a server, or a system client.conf names one
        pytest.skip("a PulseAudio server is configured on this machine")
    conf = tmp_path / ".config" / "pulse" / "client.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("; default-server = x\n")
    assert not pulse_may_answer(home)
    conf.write_text("default-server = tcp:elsewhere\n")
    assert pulse_may_answer(home)
    conf.unlink()
    daemon = tmp_path / "pulseaudio"
    daemon.write_text("#!/bin/sh\n")
    daemon.chmod(0o755)
    assert pulse_may_answer(home)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_opening_miniaudio_loads_neither_urllib_request_nor_an_unreachable_libpulse(
    tmp_path: Path,
) -> None:
    probe = (
        "import json, sys\n"
        "from breathe.audio.player import open_player\n"
        "opened = open_player('miniaudio')\n"
        "maps = open('/proc/self/maps').read()\n"
        "print(json.dumps(['miniaudio' in sys.modules, 'libpulse' in maps,\n"
        "    sorted(m for m in ('urllib.request', 'email', 'http.client') if m in sys.modules\n"
        "           and type(sys.modules[m]).__name__ == 'module')]))\n"
        "opened.player.close()\n"
        "import urllib.request\n"
        "assert urllib.request.Request('http://example.org').host == 'example.org'\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREATHE_", "PULSE_"))}
    conf = tmp_path / "asound.conf"
    conf.write_text("pcm.!default { type null }\n")
    env.update(
        PULSE_SERVER="unix:/nonexistent/pulse",
        ALSA_CONFIG_PATH=str(conf),
        BREATHE_CONFIG_DIR=str(tmp_path / "c"),
        BREATHE_DATA_DIR=str(tmp_path / "d"),
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, False, []]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ALSA is Linux's")
def test_alsa_is_silenced_once_miniaudio_is_loaded() -> None:
    probe = (
        "import sys\n"
        "from breathe.audio.miniaudio_player import _import_miniaudio\n"
        "from breathe.audio.quiet import silence_alsa\n"
        "_import_miniaudio()\n"
        "if not silence_alsa():\n"
        "    print('no libasound'); sys.exit(0)\n"
        "import ctypes\n"
        "lib = ctypes.CDLL('libasound.so.2')\n"
        "pcm = ctypes.c_void_p()\n"
        "print(lib.snd_pcm_open(ctypes.byref(pcm), b'no-such-device', 0, 0) < 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    if done.stdout.strip() == "no libasound":
        pytest.skip("needs the libasound2 runtime")
    assert done.stdout.split() == ["True"]
    assert "ALSA lib" not in done.stderr  # the error went to the no-op handler
