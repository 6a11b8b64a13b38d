"""Mixer, cue mapping, sound loading, players and the AudioCues listener, without hardware."""

from __future__ import annotations

import array
import importlib.metadata
import io
import json
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from breathe.audio import cues as cues_module
from breathe.audio import player as player_module
from breathe.audio.cues import (
    SAMPLE_RATE,
    Cue,
    CueSet,
    Sound,
    builtin_sounds_dir,
    cue_for,
    load_cues,
    load_wav,
)
from breathe.audio.listener import AudioCues
from breathe.audio.mixer import Mixer, Playback, gain_for, scaled
from breathe.audio.player import (
    AudioUnavailable,
    BackgroundPlayer,
    BellPlayer,
    MiniaudioPlayer,
    OpenedPlayer,
    SilentPlayer,
    open_player,
    simpleaudio_refusal,
)
from breathe.cli.plain import run_plain
from breathe.core.catalogue import Catalogue
from breathe.core.defaults import DEFAULT_VOLUME
from breathe.core.engine import ExhaleStyle, SegmentKind
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from tests.helpers.clock import FakeClock


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BREATHE_AUDIO_TRACE", raising=False)


def ramp(n: int, step: int = 100) -> array.array[int]:
    return array.array("h", [(i + 1) * step for i in range(n)])


# --- mixer -------------------------------------------------------------------------------


def test_idle_mixer_yields_silence_of_the_asked_length() -> None:
    mixer = Mixer()
    out = mixer.render(441)
    assert bytes(out) == bytes(882)


def test_cue_starts_in_the_next_buffer_and_ends_padded() -> None:
    clock = FakeClock()
    mixer = Mixer(volume=100, get_time=clock)
    mixer.render(64)  # the device was already running
    cue = ramp(100)
    playback = mixer.play(cue)
    assert playback is not None and playback.started_at is None
    clock.now += 0.004
    first = mixer.render(64)
    assert list(first) == list(cue[:64])
    assert playback.started_at == clock.now
    second = mixer.render(64)
    assert list(second) == [*cue[64:], *([0] * 28)]
    assert not mixer.busy
    assert bytes(mixer.render(64)) == bytes(128)


def test_volume_scales_squared_and_applies_mid_cue() -> None:
    assert gain_for(0) == 0 and gain_for(100) == 1 and gain_for(50) == 0.25
    assert gain_for(150) == 1 and gain_for(-3) == 0
    mixer = Mixer(volume=40)
    cue = ramp(20, step=1000)
    mixer.play(cue)
    assert list(mixer.render(10)) == [round(s * 0.16) for s in cue[:10]]
    mixer.set_volume(50)
    assert list(mixer.render(10)) == [round(s * 0.25) for s in cue[10:]]
    assert DEFAULT_VOLUME <= 50, "the default must be quiet enough for a bedroom at night"


def test_mute_silences_now_and_drops_what_was_playing() -> None:
    mixer = Mixer(volume=100)
    mixer.play(ramp(100))
    mixer.muted = True
    assert bytes(mixer.render(50)) == bytes(100)
    assert mixer.play(ramp(10)) is None
    mixer.muted = False
    assert bytes(mixer.render(50)) == bytes(100), "a muted cue does not resume"
    mixer.play(ramp(10))
    assert list(mixer.render(10)) == list(ramp(10))


def test_overlapping_cues_are_summed_and_clipped() -> None:
    mixer = Mixer(volume=100)
    mixer.play(array.array("h", [1000, 2000, 30000, -30000]))
    mixer.render(1)
    mixer.play(array.array("h", [10, 20000, -20000]))
    assert list(mixer.render(4)) == [2010, 32767, -32768, 0]


def test_voices_are_capped_when_the_device_stops_pulling() -> None:
    mixer = Mixer(volume=100, max_voices=3)
    for i in range(10):
        mixer.play(array.array("h", [i + 1]))
    assert list(mixer.render(1)) == [8 + 9 + 10]


def test_stream_follows_miniaudio_generator_protocol() -> None:
    mixer = Mixer(volume=100)
    gen = mixer.stream()
    assert next(gen) == b""
    assert bytes(gen.send(32)) == bytes(64)
    mixer.play(ramp(5))
    assert list(gen.send(8)) == [*ramp(5), 0, 0, 0]


def test_scaled_rounds_and_clips() -> None:
    assert list(scaled(array.array("h", [3, -3, 32767]), 0.5)) == [2, -2, 16384]
    assert list(scaled(array.array("h", [1, 2]), 1.0)) == [1, 2]
    assert list(scaled(array.array("h", [30000, -30000, 5]), 1.5)) == [32767, -32768, 8]


def test_overlapping_cues_at_a_lower_volume_are_summed_then_scaled() -> None:
    mixer = Mixer(volume=50)  # gain 0.25
    mixer.play(array.array("h", [1000, 30000, 30000]))
    mixer.play(array.array("h", [3, 30000]))
    assert list(mixer.render(4)) == [251, 15000, 7500, 0]


# --- cues ----------------------------------------------------------------------------------


def test_every_segment_kind_maps_to_a_cue() -> None:
    assert cue_for(SegmentKind.LEAD_IN, ExhaleStyle.HUM) is None
    assert cue_for(SegmentKind.INHALE, ExhaleStyle.HUM) is Cue.INHALE
    assert cue_for(SegmentKind.HOLD, ExhaleStyle.HA) is Cue.HOLD
    assert cue_for(SegmentKind.EXHALE, ExhaleStyle.HUM) is Cue.EXHALE_HUM
    assert cue_for(SegmentKind.EXHALE, ExhaleStyle.HA) is Cue.EXHALE_HA
    assert cue_for(SegmentKind.REST, ExhaleStyle.HA) is Cue.REST
    assert cue_for(SegmentKind.SET_REST, ExhaleStyle.HA) is Cue.SET_DONE
    assert cue_for(SegmentKind.TRANSITION, ExhaleStyle.HA) is Cue.NEXT_STEP


def write_wav(
    path: Path, frames: bytes, *, width: int = 2, channels: int = 1, rate: int = SAMPLE_RATE
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setsampwidth(width)
        w.setnchannels(channels)
        w.setframerate(rate)
        w.writeframes(frames)
    return path


def test_builtin_cues_load_without_notices() -> None:
    loaded = load_cues(None)
    assert set(loaded.sounds) == set(Cue) and loaded.notices == ()
    assert all(loaded[c].seconds > 0.1 for c in Cue)


def test_a_users_wav_replaces_a_cue_and_is_converted(tmp_path: Path) -> None:
    # Stereo at 44.1 kHz: averaged to mono and resampled to the cue rate.
    stereo = array.array("h")
    for i in range(4410):
        stereo.extend([1000 + i % 7, 3000 + i % 7])
    write_wav(tmp_path / "hold.wav", stereo.tobytes(), channels=2, rate=44100)
    loaded = load_cues(tmp_path)
    assert loaded.notices == ()
    own = loaded[Cue.HOLD]
    assert own.source == str(tmp_path / "hold.wav")
    assert abs(len(own.samples) - 2205) <= 1
    assert all(1990 <= s <= 2010 for s in own.samples)
    assert loaded[Cue.INHALE].source.endswith("inhale.wav")
    assert Path(loaded[Cue.INHALE].source).parent == builtin_sounds_dir()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: write_wav(p, bytes(300), width=1), "8-bit; a cue must be 16-bit PCM"),
        (lambda p: p.write_bytes(b"not a wav at all"), "not a readable 16-bit PCM WAV"),
        (lambda p: write_wav(p, b""), "holds no sound"),
        (lambda p: write_wav(p, bytes(4000)), "over the"),
    ],
    ids=["8-bit", "garbage", "empty", "too-big"],
)
def test_bad_user_files_are_refused_with_a_reason_and_the_builtin_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], object], says: str
) -> None:
    monkeypatch.setattr(cues_module, "MAX_USER_SOUND_BYTES", 3000)
    make(tmp_path / "rest.wav")
    loaded = load_cues(tmp_path)
    (notice,) = loaded.notices
    assert says in notice and str(tmp_path / "rest.wav") in notice
    assert notice.endswith("using the built-in rest sound")
    assert loaded[Cue.REST].samples == load_wav(builtin_sounds_dir() / "rest.wav").samples


def test_a_directory_in_place_of_a_wav_is_refused(tmp_path: Path) -> None:
    (tmp_path / "inhale.wav").mkdir()
    loaded = load_cues(tmp_path)
    assert len(loaded.notices) == 1 and "inhale" in loaded.notices[0]


# --- simpleaudio guard -----------------------------------------------------------------------


def versions(**installed: str) -> Callable[[str], str]:
    def version_of(name: str) -> str:
        try:
            return installed[name.replace("-", "_")]
        except KeyError:
            raise importlib.metadata.PackageNotFoundError(name) from None

    return version_of


def test_upstream_simpleaudio_is_refused_on_312_with_the_fix_named() -> None:
    message = simpleaudio_refusal((3, 12), versions(simpleaudio="1.0.4"))
    assert message is not None
    assert "simpleaudio 1.0.4 crashes on Python 3.12" in message
    assert "simpleaudio-patched" in message and "breathe-coach[simpleaudio]" in message


def test_simpleaudio_is_fine_below_312_or_when_patched() -> None:
    assert simpleaudio_refusal((3, 11), versions(simpleaudio="1.0.4")) is None
    both = versions(simpleaudio="1.0.4", simpleaudio_patched="1.0.5")
    assert simpleaudio_refusal((3, 13), both) is None
    assert simpleaudio_refusal((3, 13), versions(simpleaudio_patched="1.0.5")) is None
    assert simpleaudio_refusal((3, 13), versions()) is None


# --- players -------------------------------------------------------------------------------


def test_off_plays_nothing_and_says_nothing() -> None:
    opened = open_player("off", 70)
    assert isinstance(opened.player, SilentPlayer) and opened.notices == ()
    assert opened.player.play(Cue.INHALE) is None
    assert opened.player.volume == 70


def test_bell_rings_once_per_cue_unless_muted_or_at_zero() -> None:
    out = io.StringIO()
    bell = open_player("bell", bell_stream=out).player
    assert bell.name == "bell"
    bell.play(Cue.INHALE)
    bell.play(Cue.EXHALE_HA)
    assert out.getvalue() == "\a\a"
    bell.mute()
    bell.play(Cue.HOLD)
    bell.unmute()
    bell.set_volume(0)
    bell.play(Cue.HOLD)
    assert out.getvalue() == "\a\a"


def test_bell_on_a_closed_stream_is_silent_not_fatal() -> None:
    out = io.StringIO()
    out.close()
    assert BellPlayer(stream=out).play(Cue.INHALE) is None


def test_unknown_choice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="audio must be one of"):
        open_player("loud")


def fail_with(exc: Exception) -> Callable[..., MiniaudioPlayer]:
    def opener(*args: object, **kwargs: object) -> MiniaudioPlayer:
        raise exc

    return opener


def test_no_device_gives_a_silent_player_and_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        MiniaudioPlayer, "open", fail_with(AudioUnavailable("no audio device found"))
    )
    monkeypatch.setattr(player_module, "_simpleaudio_installed", lambda: False)
    opened = open_player("auto")
    assert isinstance(opened.player, SilentPlayer)
    assert opened.notices == ("no audio device found; the session continues without sound",)


def test_a_strange_native_error_is_a_notice_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(MiniaudioPlayer, "open", fail_with(RuntimeError("cffi said no")))
    opened = open_player("miniaudio")
    assert opened.notice == (
        "the miniaudio audio device could not be opened (cffi said no); "
        "the session continues without sound"
    )


def test_auto_falls_back_to_simpleaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        MiniaudioPlayer, "open", fail_with(AudioUnavailable("no audio device found"))
    )
    monkeypatch.setattr(player_module, "_simpleaudio_installed", lambda: True)
    fake = SilentPlayer()
    monkeypatch.setattr(player_module.SimpleaudioPlayer, "open", lambda *a, **k: fake)
    assert open_player("auto").player is fake


class FakeDevice:
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_miniaudio_player_plays_through_its_mixer_and_closes_once() -> None:
    clock = FakeClock()
    mixer = Mixer(volume=100, get_time=clock)
    device = FakeDevice()
    loaded = load_cues(None)
    player = MiniaudioPlayer(loaded, mixer, device, get_time=clock)
    assert player.play(Cue.HOLD) is not None
    assert list(mixer.render(100)) == list(loaded[Cue.HOLD].samples[:100])
    player.set_volume(30)
    assert mixer.volume == 30 and player.volume == 30
    player.mute()
    assert player.muted and mixer.muted and player.play(Cue.HOLD) is None
    player.unmute()
    player.close()
    player.close()
    assert device.closed == 1 and player.play(Cue.INHALE) is None


def test_miniaudio_player_notices_a_device_that_stopped_pulling() -> None:
    clock = FakeClock()
    mixer = Mixer(get_time=clock)
    player = MiniaudioPlayer(load_cues(None), mixer, FakeDevice(), get_time=clock)
    mixer.render(10)
    clock.now += 1.0
    assert player.problem is None
    clock.now += 1.5
    assert player.problem == "the audio device stopped"
    player.close()
    assert player.problem is None


# --- background opening --------------------------------------------------------------------


class RecordingPlayer(SilentPlayer):
    name = "recording"

    def __init__(self, volume: int = DEFAULT_VOLUME) -> None:
        super().__init__(volume)
        self.played: list[Cue] = []
        self.finished_with: float | None = None
        self.problem_text: str | None = None
        self.closed = False

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        self.played.append(cue)
        return Playback(frames=1, queued_at=0.0, started_at=None)

    @property
    def problem(self) -> str | None:
        return self.problem_text

    def finish_playing(self, timeout: float) -> None:
        self.finished_with = timeout

    def close(self) -> None:
        super().close()
        self.closed = True


def test_background_player_skips_cues_until_open_then_applies_settings() -> None:
    gate = threading.Event()
    real = RecordingPlayer()
    ready: list[OpenedPlayer] = []

    def opener(choice: str, volume: int, **options: object) -> OpenedPlayer:
        gate.wait(5)
        return OpenedPlayer(real, "a notice")

    bg = BackgroundPlayer("auto", 40, on_ready=ready.append, opener=opener)
    assert bg.name == "opening"
    assert bg.play(Cue.INHALE) is None
    bg.set_volume(75)
    bg.mute()
    gate.set()
    opened = bg.wait(5)
    assert opened is not None and opened.player is real and ready == [opened]
    assert real.volume == 75 and real.muted and bg.name == "recording"
    bg.unmute()
    bg.play(Cue.HOLD)
    # The inhale asked for while opening was under 300 ms old when the device opened.
    assert real.played == [Cue.INHALE, Cue.HOLD]
    bg.close()
    assert real.closed


def test_background_player_plays_a_cue_missed_by_under_300_ms_once_open() -> None:
    now = [100.0]
    for late, heard in ((0.29, True), (0.31, False)):
        gate = threading.Event()
        real = RecordingPlayer()

        def opener(
            choice: str,
            volume: int,
            gate: threading.Event = gate,
            real: RecordingPlayer = real,
            late: float = late,
            **options: object,
        ) -> OpenedPlayer:
            gate.wait(5)
            now[0] += late
            return OpenedPlayer(real)

        bg = BackgroundPlayer("auto", 40, opener=opener, get_time=lambda: now[0])
        assert bg.play(Cue.REST) is None
        assert bg.play(Cue.INHALE) is None  # only the latest is kept
        gate.set()
        assert bg.wait(5) is not None
        assert real.played == ([Cue.INHALE] if heard else []), late
        bg.close()


def test_background_player_switches_to_the_bell_with_its_settings() -> None:
    silent = RecordingPlayer()
    bg = BackgroundPlayer(
        "auto", 40, opener=lambda *a, **k: OpenedPlayer(silent, "no audio device found")
    )
    assert bg.wait(5) is not None
    bg.set_volume(70)
    bg.mute()
    rings: list[str] = []
    bell = BellPlayer(ring=lambda: rings.append("ding"))
    bg.switch_to(OpenedPlayer(bell))
    assert silent.closed and bg.name == "bell" and bell.volume == 70 and bell.muted
    bg.play(Cue.INHALE)
    assert rings == []  # still muted
    bg.unmute()
    bg.play(Cue.INHALE)
    assert rings == ["ding"]
    bg.close()


def test_background_player_closed_before_open_closes_the_device() -> None:
    gate = threading.Event()
    real = RecordingPlayer()

    def opener(choice: str, volume: int, **options: object) -> OpenedPlayer:
        gate.wait(5)
        return OpenedPlayer(real)

    bg = BackgroundPlayer(opener=opener)
    bg.close()
    gate.set()
    bg.wait(5)
    bg._thread.join(5)
    assert real.closed and bg.play(Cue.INHALE) is None


# --- the session listener ------------------------------------------------------------------


def run_session(player: RecordingPlayer, id: str, **kw: object) -> tuple[AudioCues, SessionRun]:
    clock = FakeClock()
    plan = plan_session(Catalogue(), id, **kw)  # type: ignore[arg-type]
    run = SessionRun(plan, get_time=clock)
    audio = AudioCues(player, get_time=clock)
    run_plain(run, io.StringIO(), sleep=clock.sleep, listeners=(audio,))
    return audio, run


def test_cues_follow_the_session_with_the_blocks_exhale_style() -> None:
    player = RecordingPlayer()
    audio, _ = run_session(
        player, "wall", dose=DoseChoice(breaths=1, sets=2), pattern="1-1-1-1", lead_in=1
    )
    ha = [Cue.INHALE, Cue.HOLD, Cue.EXHALE_HA, Cue.REST]
    assert player.played == [*ha, Cue.SET_DONE, *ha, Cue.SESSION_DONE]
    hum_player = RecordingPlayer()
    run_session(hum_player, "wall", dose=DoseChoice(breaths=1), exhale=ExhaleStyle.HUM, lead_in=0)
    assert Cue.EXHALE_HUM in hum_player.played and Cue.EXHALE_HA not in hum_player.played
    assert audio.completed


def test_routine_uses_each_exercises_exhale() -> None:
    player = RecordingPlayer()
    run_session(player, "pre-run", dose=DoseChoice(breaths=1, sets=1), lead_in=0)
    exhales = [c for c in player.played if c in (Cue.EXHALE_HA, Cue.EXHALE_HUM)]
    plan = plan_session(Catalogue(), "pre-run", DoseChoice(breaths=1, sets=1), lead_in=0)
    expected = [
        Cue.EXHALE_HUM if b.exhale is ExhaleStyle.HUM else Cue.EXHALE_HA
        for b in plan.schedule.blocks
    ]
    assert exhales == expected
    assert Cue.NEXT_STEP in player.played  # the move to the next exercise: change position
    assert Cue.SET_DONE not in player.played  # (one set each: no set ends within a step)


def test_ended_early_from_a_pause_plays_the_finale_without_waiting_for_it() -> None:
    """The app pauses a session to ask "End this session early?": ended from there, the
    closing notes say it is over (the app, still open, lets them ring); close() still does
    not wait, as for any session not completed."""
    player = RecordingPlayer()
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=2), lead_in=0)
    run = SessionRun(plan, get_time=clock)
    audio = AudioCues(player, get_time=clock)
    run.add_listener(audio)
    run.start()
    clock.now += 1.0
    run.toggle_pause()
    run.finish("ended_early")
    audio.close()
    assert player.played == [Cue.INHALE, Cue.PAUSE, Cue.SESSION_DONE]
    assert player.finished_with is None and player.closed


def test_ended_early_plays_no_finale_and_close_does_not_wait() -> None:
    player = RecordingPlayer()
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=2), lead_in=0)
    run = SessionRun(plan, get_time=clock)
    audio = AudioCues(player, get_time=clock)
    run.add_listener(audio)
    run.start()
    run.finish("ended_early")
    audio.close()
    assert player.played == [Cue.INHALE] and player.finished_with is None and player.closed


def test_a_vanished_device_is_told_once() -> None:
    player = RecordingPlayer()
    told: list[str] = []
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=2), lead_in=0)
    run = SessionRun(plan, get_time=clock)
    run.add_listener(AudioCues(player, on_notice=told.append, get_time=clock))
    run.start()
    player.problem_text = "the audio device stopped"
    while run.result is None:
        clock.sleep(1.0)
        run.poll()
    assert told == ["the audio device stopped; the session continues without sound"]


def test_onset_trace_is_written_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("BREATHE_AUDIO_TRACE", str(trace))
    player = RecordingPlayer()
    audio, run = run_session(
        player, "wall", dose=DoseChoice(breaths=1), pattern="1-0-1-0", lead_in=0
    )
    assert not trace.exists(), "written at close, once the last cue has started"
    audio.close()
    assert player.finished_with is not None and player.closed
    rows = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [r["cue"] for r in rows] == ["inhale", "exhale-ha", "session-done"]
    start = run.clock.instant_of(0)
    assert [round(r["boundary"] - start, 6) for r in rows] == [0.0, 1.0, 2.0]
    # With plain mode's fake sleep, each cue is asked for a hair after its boundary.
    assert all(0 <= r["late_ms"] < 5 for r in rows)
    assert rows[0]["backend"] == "recording" and rows[0]["first_frame"] is None


def test_cue_set_is_indexable_by_cue() -> None:
    sound = Sound(array.array("h", [1, 2]), "x")
    assert CueSet({Cue.INHALE: sound})[Cue.INHALE] is sound


# --- command line --------------------------------------------------------------------------


def test_volume_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from breathe.cli.main import main

    assert main(["run", "wall", "--plain", "--volume", "150"], out=io.StringIO()) == 2
    assert capsys.readouterr().err.startswith(
        "breathe: --volume must be a whole number from 0 to 100, not '150'"
    )


def test_no_sound_wins_over_audio_and_volume_defaults() -> None:
    from breathe.cli.main import build_parser
    from breathe.cli.run_options import run_options
    from breathe.config.model import Settings

    def options(*argv: str, settings: Settings | None = None) -> tuple[str, int]:
        parsed = build_parser().parse_args(["run", "wall", *argv])
        found = run_options(parsed, settings or Settings())
        return found.audio, found.volume

    assert options("--audio", "bell", "--no-sound")[0] == "off"
    assert options() == ("auto", DEFAULT_VOLUME)
    assert options(settings=Settings(audio="bell"))[0] == "bell"
    assert options(settings=Settings(sound=False))[0] == "off"
    assert options("--audio", "bell", settings=Settings(sound=False))[0] == "bell"
    assert options("--audio", "simpleaudio")[0] == "simpleaudio"
    assert options("--volume", "0", settings=Settings(volume=70)) == ("auto", 0)


def test_plain_mode_plays_cues_through_the_chosen_player(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from breathe.cli.main import main

    out = io.StringIO()
    argv = ["run", "wall", "--plain", "--breaths", "1", "--pattern", "0.25-0-0.25-0"]
    assert main([*argv, "--lead-in", "0", "--audio", "bell"], out=out) == 0
    text = out.getvalue()
    # inhale, exhale and the end of the session: one bell each, on the terminal (stderr),
    # so that the lines on stdout stay clean for logs and pipes; and no notice.
    assert capsys.readouterr().err.count("\a") == 3
    assert "\a" not in text and "sound" not in text


@pytest.mark.parametrize(
    ("rate", "frames", "message"),
    [
        (0, 100, "sample rate of 0 Hz"),
        (1, 1000, "sample rate of 1 Hz"),
        (8000, 8000 * 31, "lasts 31 s; a cue must be at most 30 s"),
    ],
)
def test_a_user_sound_with_a_strange_header_is_refused(
    tmp_path: Path, rate: int, frames: int, message: str
) -> None:
    import struct

    own = tmp_path / "inhale.wav"
    data = b"\x00\x00" * frames
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    own.write_bytes(header + b"data" + struct.pack("<I", len(data)) + data)
    cues = load_cues(tmp_path)
    assert len(cues.notices) == 1
    assert message in cues.notices[0]
    assert cues.notices[0].endswith("; using the built-in inhale sound")


def test_the_mixer_survives_a_broken_guide_and_drops_a_finished_one() -> None:
    import array as array_

    from breathe.audio.mixer import Mixer

    class Broken:
        finished = False

        def render(self, frames: int, gain: float) -> bytes | None:
            raise RuntimeError("bug")

    class Done:
        finished = True

        def render(self, frames: int, gain: float) -> bytes | None:
            return None

    mixer = Mixer(100)
    mixer.set_guide(Broken())
    mixer.play(array_.array("h", [1000] * 10))
    out = mixer.render(10)
    assert list(out) == [1000] * 10, "the cue still plays"
    assert mixer.guide is None
    mixer.set_guide(Done())
    assert mixer.render(4) == bytes(8)
    assert mixer.guide is None
