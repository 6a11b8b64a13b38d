"""The user's config file: every error class with its exact message, the CLI, and saving."""

from __future__ import annotations

import io
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breathe.cli.config_cmd import EXAMPLE_CONFIG
from breathe.cli.main import build_parser, main
from breathe.cli.run_options import run_options
from breathe.config.model import (
    SETTINGS_KEYS,
    TEXTUAL_THEMES,
    ConfigError,
    LoadedConfig,
    Problem,
    Settings,
)
from breathe.config.reader import load, loads
from breathe.config.writer import save_settings
from breathe.core.catalogue import Catalogue
from breathe.core.engine import Dose, ExhaleStyle
from breathe.core.stored import MAX_ID_CHARS, MAX_ROUTINE_STEPS

# The shape `--init` and the README document.
ISSUE_SHAPE = """\
[settings]
exhale = "hum"          # or "ha"
sound = true
volume = 40             # 0-100
lead_in = 3             # seconds
reduced_motion = false

[exercises.stairs]      # the id is the table name
name = "Stair breathing"
cue = "Stand tall at the bottom of the stairs."
pattern = "2-0-3-0"     # same syntax as --pattern
breaths = 6             # or minutes = 5; sets = 3 with breaths per set; rest = 20 between sets
exhale = "ha"

[routines.morning]
name = "Morning"
steps = [ { exercise = "wall", breaths = 4 }, { exercise = "stairs", minutes = 2 } ]
"""


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config file path, in a temp dir that only this test sees."""
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "config" / "config.toml"


def write(file: Path, text: str) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    return file


def lines(loaded: LoadedConfig) -> list[str]:
    return [p.format() for p in loaded.problems]


def only(loaded: LoadedConfig) -> str:
    assert len(loaded.problems) == 1, lines(loaded)
    return loaded.problems[0].format()


GOOD_STAIRS = """
[exercises.stairs]
pattern = "2-0-3-0"
breaths = 6
"""


# --- reading: defaults and good entries ----------------------------------------------------


def test_missing_file_means_defaults_and_no_problems(cfg: Path) -> None:
    loaded = load()
    assert loaded.problems == []
    assert loaded.found is False
    assert loaded.settings == Settings()
    assert loaded.catalogue() == Catalogue()


def test_the_issue_shape_loads_into_catalogue_entries(cfg: Path) -> None:
    loaded = load(write(cfg, ISSUE_SHAPE))
    assert lines(loaded) == []
    s = loaded.settings
    assert (s.exhale, s.sound, s.volume, s.lead_in, s.reduced_motion) == (
        ExhaleStyle.HUM,
        True,
        40,
        Fraction(3),
        False,
    )
    (stairs,) = loaded.exercises
    assert stairs.id == "stairs"
    assert stairs.name == "Stair breathing"
    assert stairs.cue == "Stand tall at the bottom of the stairs."
    assert stairs.pattern.text == "2-0-3-0"
    assert stairs.dose == Dose(breaths=6)
    assert stairs.exhale is ExhaleStyle.HA and not stairs.either_exhale
    (morning,) = loaded.routines
    assert morning.name == "Morning"
    assert [(s.exercise, s.dose) for s in morning.steps] == [
        ("wall", Dose(breaths=4, rest_seconds=Fraction(15))),
        ("stairs", Dose(minutes=Fraction(2))),
    ]
    catalogue = loaded.catalogue()
    assert catalogue.require("stairs") == stairs
    assert catalogue.require("morning") == morning
    assert catalogue.require("wall") == Catalogue().require("wall")


def test_all_fields_of_exercises_and_routine_steps(cfg: Path) -> None:
    loaded = load(
        write(
            cfg,
            """
            [exercises.hill-repeats]
            name = "Hill repeats"
            cue = "At the top of the hill."
            why = "Recover between repeats."
            pattern = "2+0.5-0-5-0"
            minutes = 1.5
            sets = 3
            rest = 20

            [routines.long-day]
            name = "Long day"
            why = "Everything."
            transition = 4
            steps = [
              { exercise = "hill-repeats" },
              { exercise = "wall", sets = 2 },
              { exercise = "hooklying", breaths = 3, sets = 2, rest = 5, exhale = "ha" },
            ]
            """,
        )
    )
    assert lines(loaded) == []
    (hills,) = loaded.exercises
    assert hills.why == "Recover between repeats."
    assert hills.dose == Dose(minutes=Fraction(3, 2), sets=3, rest_seconds=Fraction(20))
    assert hills.either_exhale  # no exhale given: the user's preferred style applies
    (day,) = loaded.routines
    assert day.transition_seconds == 4
    assert day.why == "Everything."
    assert day.steps[0].dose is None  # the exercise's own dose
    assert day.steps[1].dose == Dose(breaths=4, sets=2, rest_seconds=Fraction(15))
    assert day.steps[2].dose == Dose(breaths=3, sets=2, rest_seconds=Fraction(5))
    assert day.steps[2].exhale is ExhaleStyle.HA


def test_preferred_exhale_applies_only_where_an_exercise_allows_either(cfg: Path) -> None:
    loaded = load(write(cfg, '[settings]\nexhale = "ha"\n' + GOOD_STAIRS))
    catalogue = loaded.catalogue()
    assert catalogue.require("box").exhale is ExhaleStyle.HA  # either: the setting wins
    assert catalogue.require("hooklying").exhale is ExhaleStyle.HUM  # hum only: kept
    assert catalogue.require("stairs").exhale is ExhaleStyle.HA  # no own exhale
    hum = load(write(cfg, '[settings]\nexhale = "hum"\n')).catalogue()
    assert hum.require("wall").exhale is ExhaleStyle.HA  # ha only: kept
    assert hum.require("goal-post").exhale is ExhaleStyle.HUM


# --- reading: each error class with its exact message --------------------------------------


def test_syntax_error_names_the_line(cfg: Path) -> None:
    file = write(cfg, "[settings]\nvolume = 40\nvolume = 50\n" + GOOD_STAIRS)
    loaded = load(file)
    assert only(loaded) == (
        f"{file}:3: TOML syntax error: Cannot overwrite a value (column 12); "
        "the file is ignored until this is fixed"
    )
    assert loaded.problems[0].line == 3
    assert loaded.exercises == ()
    assert loaded.catalogue() == Catalogue()  # the built-ins are all still there


def test_syntax_error_at_the_end_of_the_file_names_the_last_line(cfg: Path) -> None:
    file = write(cfg, "[settings]\nvolume = [1,\n")
    assert only(load(file)) == (
        f"{file}:2: TOML syntax error: Invalid value at the end of the file; "
        "the file is ignored until this is fixed"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('sound = "yes"', 'settings.sound: expected true or false, found "yes"'),
        ("volume = 140", "settings.volume: expected a whole number from 0 to 100, found 140"),
        ("volume = 4.5", "settings.volume: expected a whole number from 0 to 100, found 4.5"),
        ("volume = -1", "settings.volume: expected a whole number from 0 to 100, found -1"),
        ("lead_in = 61", "settings.lead_in: expected a number of seconds from 0 to 60, found 61"),
        (
            'lead_in = "3"',
            'settings.lead_in: expected a number of seconds from 0 to 60, found "3"',
        ),
        ("lead_in = nan", "settings.lead_in: expected a number of seconds from 0 to 60, found nan"),
        ('exhale = "hmm"', 'settings.exhale: expected "hum" or "ha", found "hmm"'),
        ("reduced_motion = 1", "settings.reduced_motion: expected true or false, found 1"),
        ('theme = ""', 'settings.theme: expected a non-empty text in quotes, found ""'),
        (
            'audio = "loud"',
            'settings.audio: expected one of "auto", "miniaudio", "simpleaudio", "bell" or '
            '"off", found "loud"',
        ),
    ],
)
def test_bad_setting_is_reported_and_falls_back_to_its_default(
    cfg: Path, text: str, message: str
) -> None:
    key = text.split(" = ")[0]
    other, check = ("sound = false", "sound") if key == "volume" else ("volume = 7", "volume")
    file = write(cfg, f"[settings]\n{text}\n{other}\n")
    loaded = load(file)
    assert only(loaded) == f"{file}: {message}; the default is used"
    assert loaded.problems[0].level == "error"
    assert getattr(loaded.settings, key) == getattr(Settings(), key)
    # The other, valid setting in the same table is still applied.
    assert getattr(loaded.settings, check) == (False if check == "sound" else 7)


def test_wrong_type_in_an_exercise(cfg: Path) -> None:
    file = write(cfg, '[exercises.stairs]\npattern = "2-0-3-0"\nbreaths = "six"\n')
    loaded = load(file)
    assert only(loaded) == (
        f'{file}: exercises.stairs.breaths: expected a whole number from 1 to 1000, found "six"'
    )
    assert loaded.exercises == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "breaths = 0",
            "exercises.stairs.breaths: expected a whole number from 1 to 1000, found 0",
        ),
        (
            "minutes = 0",
            "exercises.stairs.minutes: expected a number of minutes above 0 and at most 240, "
            "found 0",
        ),
        (
            "breaths = 3\nsets = 51",
            "exercises.stairs.sets: expected a whole number from 1 to 50, found 51",
        ),
        (
            "breaths = 3\nrest = 601",
            "exercises.stairs.rest: expected a number of seconds from 0 to 600, found 601",
        ),
        (
            "minutes = 240",
            "exercises.stairs: 240 min of 2-0-3-0 is 2880 breaths a set; at most 1000",
        ),
        (
            "minutes = 60\nsets = 5",
            "exercises.stairs: that session would last 5:01:00, over the 4 hour limit",
        ),
    ],
)
def test_out_of_range_exercise_values(cfg: Path, text: str, message: str) -> None:
    file = write(cfg, f'[exercises.stairs]\npattern = "2-0-3-0"\n{text}\n')
    loaded = load(file)
    assert only(loaded) == f"{file}: {message}"
    assert loaded.exercises == ()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            '"2-x-3-0"',
            "malformed pattern '2-x-3-0': 'x' is not a number of seconds; expected e.g. "
            "4-7-8-0 (inhale-hold-exhale-rest) or 2+0.5-0-5-0",
        ),
        ('"0-4-0-0"', "pattern '0-4-0-0' needs an inhale and an exhale longer than 0 s"),
        (
            "4",
            'expected a pattern in quotes such as "4-0-6-2" (inhale-hold-exhale-rest), found 4',
        ),
    ],
)
def test_bad_pattern(cfg: Path, pattern: str, message: str) -> None:
    file = write(cfg, f"[exercises.stairs]\npattern = {pattern}\nbreaths = 3\n")
    assert only(load(file)) == f"{file}: exercises.stairs.pattern: {message}"


def test_missing_pattern(cfg: Path) -> None:
    file = write(cfg, "[exercises.stairs]\nbreaths = 3\n")
    assert only(load(file)) == (
        f"{file}: exercises.stairs.pattern: missing; expected a pattern such as "
        '"4-0-6-2" (inhale-hold-exhale-rest)'
    )


def test_custom_ids_may_not_shadow_built_ins_or_each_other(cfg: Path) -> None:
    file = write(
        cfg,
        """
        [exercises.wall]
        pattern = "1-0-1-0"
        breaths = 2

        [exercises.pre-run]
        pattern = "1-0-1-0"
        breaths = 2

        [exercises.stairs]
        pattern = "2-0-3-0"
        breaths = 6

        [routines.stairs]
        steps = [ { exercise = "wall" } ]

        [routines.post-run]
        steps = [ { exercise = "wall" } ]
        """,
    )
    loaded = load(file)
    tail = "expected a new id (a custom entry may not shadow a built-in or another entry)"
    assert lines(loaded) == [
        f'{file}: exercises.wall: "wall" is already a built-in exercise; {tail}',
        f'{file}: exercises.pre-run: "pre-run" is already a built-in routine; {tail}',
        f'{file}: routines.stairs: "stairs" is already a custom exercise; {tail}',
        f'{file}: routines.post-run: "post-run" is already a built-in routine; {tail}',
    ]
    assert [e.id for e in loaded.exercises] == ["stairs"]
    catalogue = loaded.catalogue()
    assert catalogue.require("wall") == Catalogue().require("wall")
    assert catalogue.require("post-run") == Catalogue().require("post-run")


def test_ids_are_lowercase_words_with_dashes(cfg: Path) -> None:
    file = write(cfg, '[exercises.Stair_Climb]\npattern = "1-0-1-0"\nbreaths = 1\n')
    assert only(load(file)) == (
        f"{file}: exercises.Stair_Climb: expected an id of lowercase words joined by dashes, "
        'such as "stairs" or "hill-repeats", found "Stair_Climb"'
    )


def test_unknown_exercise_in_a_routine_step(cfg: Path) -> None:
    file = write(
        cfg,
        GOOD_STAIRS
        + """
        [routines.morning]
        steps = [ { exercise = "wall" }, { exercise = "stares", minutes = 2 } ]
        """,
    )
    loaded = load(file)
    assert only(loaded) == (
        f'{file}: routines.morning.steps[2].exercise: unknown exercise "stares"; expected one '
        "of wall, goal-post, hooklying, wall-sit, run-reset, resonance, long-exhale, sigh, "
        "box, 4-7-8, stairs"
    )
    assert loaded.routines == ()
    assert [e.id for e in loaded.exercises] == ["stairs"]


def test_routine_step_naming_a_routine_or_a_broken_exercise(cfg: Path) -> None:
    file = write(
        cfg,
        """
        [exercises.stairs]
        pattern = "2-0-3"
        minutes = -1

        [routines.morning]
        steps = [ { exercise = "pre-run" }, { exercise = "stairs" }, "wall" ]
        """,
    )
    assert lines(load(file))[1:] == [
        f'{file}: routines.morning.steps[1].exercise: unknown exercise "pre-run" (that is a '
        "routine; steps name exercises); expected one of wall, goal-post, hooklying, wall-sit, "
        "run-reset, resonance, long-exhale, sigh, box, 4-7-8",
        f'{file}: routines.morning.steps[2].exercise: exercise "stairs" has errors of its own '
        "(see exercises.stairs); expected a usable exercise",
        f"{file}: routines.morning.steps[3]: expected a table such as "
        '{ exercise = "wall", breaths = 4 }, found "wall"',
    ]


def test_routine_without_steps(cfg: Path) -> None:
    file = write(cfg, '[routines.morning]\nname = "Morning"\nsteps = []\n')
    assert only(load(file)) == (
        f"{file}: routines.morning.steps: expected a list of steps such as "
        '[ { exercise = "wall", breaths = 4 } ], found an empty list'
    )
    file = write(cfg, '[routines.morning]\nname = "Morning"\n')
    assert only(load(file)).endswith("found nothing")


def test_unknown_keys_are_warnings_and_the_entry_is_kept(cfg: Path) -> None:
    file = write(
        cfg,
        """
        colour = "red"

        [settings]
        speed = 2

        [exercises.stairs]
        pattern = "2-0-3-0"
        breaths = 6
        colour = "blue"

        [routines.morning]
        steps = [ { exercise = "stairs", colour = 1 } ]
        """,
    )
    loaded = load(file)
    assert lines(loaded) == [
        f'{file}: colour: warning: unknown key, ignored; expected one of "settings", '
        '"exhale", "exercises" or "routines"',
        f'{file}: settings.speed: warning: unknown key, ignored; expected one of "exhale", '
        '"sound", "volume", "lead_in", "theme", "reduced_motion", "audio", "guide", "voice", '
        '"progress", "weekly_goal" or "hr"',
        f'{file}: exercises.stairs.colour: warning: unknown key, ignored; expected one of "name", '
        '"cue", "pattern", "breaths", "minutes", "sets", "rest", "exhale", "why" or "progress"',
        f"{file}: routines.morning.steps[1].colour: warning: unknown key, ignored; expected one "
        'of "exercise", "breaths", "minutes", "sets", "rest" or "exhale"',
    ]
    assert {p.level for p in loaded.problems} == {"warning"}
    assert [e.id for e in loaded.exercises] == ["stairs"]
    assert [r.id for r in loaded.routines] == ["morning"]


def test_unknown_theme_is_a_warning_and_kept_for_the_app_to_try(cfg: Path) -> None:
    file = write(cfg, '[settings]\ntheme = "sunset"\n')
    loaded = load(file)
    assert only(loaded) == (
        f'{file}: settings.theme: warning: unknown theme "sunset", the app\'s default may be '
        'used instead; expected a built-in Textual theme such as "textual-dark", "nord", '
        '"gruvbox" or "tokyo-night"'
    )
    assert loaded.settings.theme == "sunset"
    assert load(write(cfg, '[settings]\ntheme = "nord"\n')).problems == []


def test_config_shows_an_unknown_theme_as_the_warning_says_not_as_in_effect(cfg: Path) -> None:
    write(cfg, '[settings]\ntheme = "sunset"\n')
    code, text = run_cli("config")
    assert code == 0
    assert (
        "  theme           sunset (not a built-in theme: the app's default may be used)\n" in text
    )
    write(cfg, '[settings]\ntheme = "nord"\n')
    assert "  theme           nord\n" in run_cli("config")[1]


def test_theme_names_match_textual() -> None:
    from textual.theme import BUILTIN_THEMES

    assert sorted(BUILTIN_THEMES) == sorted(TEXTUAL_THEMES)


def test_both_breaths_and_minutes(cfg: Path) -> None:
    file = write(cfg, '[exercises.stairs]\npattern = "2-0-3-0"\nbreaths = 6\nminutes = 2\n')
    assert only(load(file)) == (
        f"{file}: exercises.stairs: expected either breaths or minutes, found both"
    )
    file = write(cfg, '[routines.r]\nsteps = [ { exercise = "wall", breaths = 1, minutes = 1 } ]\n')
    assert only(load(file)) == (
        f"{file}: routines.r.steps[1]: expected either breaths or minutes, found both"
    )


def test_neither_breaths_nor_minutes(cfg: Path) -> None:
    file = write(cfg, '[exercises.stairs]\npattern = "2-0-3-0"\n')
    assert only(load(file)) == (
        f"{file}: exercises.stairs: expected breaths = N or minutes = M (per set), found neither"
    )


def test_a_section_of_the_wrong_shape(cfg: Path) -> None:
    file = write(cfg, 'settings = 3\nexercises = { stairs = "2-0-3-0" }\n')
    assert lines(load(file)) == [
        f"{file}: settings: expected a table such as [settings], found 3",
        f"{file}: exercises.stairs: expected a table such as [exercises.stairs] with a pattern "
        'and breaths or minutes, found "2-0-3-0"',
    ]


def test_unreadable_file_is_one_error_line(cfg: Path) -> None:
    cfg.mkdir(parents=True)  # a folder where the file should be: reading fails on any OS user
    loaded = load()
    assert only(loaded) == f"{cfg}: cannot read the file: it is a directory; defaults are used"
    assert loaded.catalogue() == Catalogue()


def test_file_that_is_not_utf8(cfg: Path) -> None:
    cfg.parent.mkdir(parents=True)
    cfg.write_bytes(b'[settings]\nexhale = "\xff"\n')
    assert only(load()) == (
        f"{cfg}: cannot read the file: not UTF-8 text (invalid start byte at byte 21); "
        "defaults are used"
    )


def test_good_entries_survive_next_to_bad_ones(cfg: Path) -> None:
    file = write(
        cfg,
        """
        [settings]
        volume = 400
        lead_in = 0

        [exercises.bad]
        pattern = "x"
        breaths = 4

        [exercises.stairs]
        pattern = "2-0-3-0"
        breaths = 6

        [exercises.worse]
        pattern = "2-0-3-0"
        breaths = 4
        minutes = 1

        [exercises.calm]
        pattern = "4-0-8-0"
        minutes = 3

        [routines.broken]
        steps = [ { exercise = "bad" } ]

        [routines.morning]
        steps = [ { exercise = "stairs" }, { exercise = "calm", minutes = 1 } ]
        """,
    )
    loaded = load(file)
    assert [p.where for p in loaded.errors] == [
        "settings.volume",
        "exercises.bad.pattern",
        "exercises.worse",
        "routines.broken.steps[1].exercise",
    ]
    assert loaded.settings.lead_in == 0
    assert [e.id for e in loaded.exercises] == ["stairs", "calm"]
    assert [r.id for r in loaded.routines] == ["morning"]
    catalogue = loaded.catalogue()
    assert len(catalogue.exercises) == len(Catalogue().exercises) + 2
    assert len(catalogue.routines) == len(Catalogue().routines) + 1


values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["settings", "exercises", "routines", "x"]),
        st.dictionaries(
            st.sampled_from([*SETTINGS_KEYS, "stairs", "wall", "steps", "Bad"])
            | st.text(max_size=5),
            values,
            max_size=4,
        ),
        max_size=3,
    )
)
def test_any_parsed_document_gives_problems_never_an_exception(data: dict[str, object]) -> None:
    import tomlkit

    def drop_none(v: object) -> object:
        if isinstance(v, dict):
            return {k: drop_none(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [drop_none(x) for x in v if x is not None]
        return v

    try:
        text = tomlkit.dumps(drop_none(data))
    except Exception:  # a value TOML cannot hold (e.g. mixed lists in old tomlkit)
        return
    loaded = loads(text, Path("config.toml"))
    for problem in loaded.problems:
        assert problem.format().startswith("config.toml")
        assert "\n" not in problem.format()
    loaded.catalogue()


# --- the command line ---------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_list_shows_a_custom_exercise_and_routine(cfg: Path) -> None:
    write(cfg, ISSUE_SHAPE)
    code, text = run_cli("list")
    assert code == 0
    stairs = next(line for line in text.splitlines() if line.strip().startswith("stairs"))
    assert "Stair breathing" in stairs and "2 · 0 · 3 · 0" in stairs and "6 breaths" in stairs
    assert "  morning       Morning: wall -> stairs." in text.splitlines()


def test_run_a_custom_exercise_from_the_config(cfg: Path) -> None:
    write(
        cfg,
        """
        [exercises.stairs]
        name = "Stair breathing"
        cue = "Stand tall."
        pattern = "0.02-0-0.03-0"
        breaths = 6
        exhale = "ha"
        """,
    )
    code, text = run_cli(
        "run", "stairs", "--plain", "--no-sound", "--lead-in", "0", "--breaths", "1"
    )
    assert code == 0
    assert text.splitlines() == [
        "00:00 inhale 0.02s  breath 1/1",
        "00:00 exhale 0.03s  breath 1/1  haaa, mouth open",
        "completed: Stair breathing, 1 breath, 00:00",
    ]


def test_run_a_custom_routine_from_the_config(cfg: Path) -> None:
    write(
        cfg,
        """
        [settings]
        lead_in = 0

        [exercises.quick]
        pattern = "0.02-0-0.02-0"
        breaths = 2

        [routines.quick-pair]
        name = "Quick pair"
        transition = 0.01
        steps = [ { exercise = "quick", breaths = 1 }, { exercise = "quick", exhale = "ha" } ]
        """,
    )
    code, text = run_cli("run", "quick-pair", "--plain", "--no-sound")
    assert code == 0
    assert text.count("inhale") == 3
    assert "next: quick 0.01s" in text
    assert text.splitlines()[-1] == "completed: Quick pair, 3 breaths, 00:00"


def test_settings_fill_in_what_flags_leave_open(cfg: Path) -> None:
    write(cfg, "[settings]\nlead_in = 0.5\nsound = false\n")
    loaded = load()
    options = run_options(build_parser().parse_args(["run", "box"]), loaded.settings)
    assert options.lead_in == Fraction(1, 2)
    assert options.audio == "off"
    flags = build_parser().parse_args(["run", "box", "--lead-in", "2"])
    options = run_options(flags, Settings(sound=True))
    assert options.lead_in == 2
    assert options.audio == "auto"
    sound_test = build_parser().parse_args(["sound", "test"])
    assert run_options(sound_test, loaded.settings).audio == "auto"  # a test is to be heard


def test_lead_in_from_config_is_used_by_run(cfg: Path) -> None:
    write(cfg, "[settings]\nlead_in = 0\n")
    code, text = run_cli(
        "run", "box", "--plain", "--no-sound", "--breaths", "1", "--pattern", "0.02-0.02"
    )
    assert code == 0
    assert "get ready" not in text
    write(cfg, "[settings]\nlead_in = 0.02\n")
    code, text = run_cli(
        "run", "box", "--plain", "--no-sound", "--breaths", "1", "--pattern", "0.02-0.02"
    )
    assert text.startswith("00:00 get ready 0.02s  Box breathing")


def test_config_problems_go_to_stderr_and_the_command_carries_on(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(cfg, '[settings]\nvolume = 400\n[exercises.x]\npattern="1-1"\nminutes=1\nfoo=1\n')
    code, text = run_cli("list")
    assert code == 0
    assert any(line.split()[:2] == ["x", "x"] for line in text.splitlines())
    assert capsys.readouterr().err.splitlines() == [
        f"breathe: {file}: settings.volume: expected a whole number from 0 to 100, found 400; "
        "the default is used",
        f"breathe: {file}: exercises.x.foo: warning: unknown key, ignored; expected one of "
        '"name", "cue", "pattern", "breaths", "minutes", "sets", "rest", "exhale", "why" or '
        '"progress"',
    ]


def test_init_writes_the_example_then_check_is_clean(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run_cli("config", "--init")
    assert code == 0
    assert text == f"wrote an example config to {cfg}\n"
    assert cfg.read_text(encoding="utf-8") == EXAMPLE_CONFIG
    code, text = run_cli("config", "--check")
    assert (code, text) == (
        0,
        "config OK: settings only, no exercises or routines of your own "
        "(the 10 built-in exercises and 4 routines are there)\n",
    )
    assert capsys.readouterr().err == ""
    # Commented out, it changes nothing: the defaults, the built-ins only.
    loaded = load()
    assert (loaded.settings, loaded.exercises, loaded.routines) == (Settings(), (), ())
    assert not loaded.problems and not loaded.exhale_for


def test_init_example_documents_the_issue_shape_line_by_line() -> None:
    example = [line[2:] for line in EXAMPLE_CONFIG.splitlines() if line.startswith("# ")]
    found = [line for line in example if line in ISSUE_SHAPE.splitlines() and line]
    assert found == [line for line in ISSUE_SHAPE.splitlines() if line]


def test_init_example_uncommented_is_a_valid_config(cfg: Path) -> None:
    body = EXAMPLE_CONFIG.split("\n\n", 1)[1]
    write(cfg, "\n".join(line.removeprefix("# ") for line in body.splitlines()) + "\n")
    loaded = load()
    assert not loaded.problems
    assert [e.id for e in loaded.exercises] == ["stairs"]
    assert [r.id for r in loaded.routines] == ["morning"]
    assert loaded.exhale_for == {"goal-post": ExhaleStyle.HUM}


def test_init_refuses_to_overwrite_unless_forced(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(cfg, "# mine\n")
    code, _ = run_cli("config", "--init")
    assert code == 1
    assert capsys.readouterr().err == (
        f"breathe: {cfg} already exists; use --init --force to replace it\n"
    )
    assert cfg.read_text(encoding="utf-8") == "# mine\n"
    code, text = run_cli("config", "--init", "--force")
    assert code == 0
    assert text == f"wrote an example config to {cfg} (the old one is in config.toml.bak)\n"
    assert cfg.read_text(encoding="utf-8") == EXAMPLE_CONFIG
    assert cfg.with_name("config.toml.bak").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("kind", ["dev-zero link", "fifo", "big file"])
def test_init_force_moves_any_old_file_aside_without_reading_it(cfg: Path, kind: str) -> None:
    """A FIFO or a link to /dev/zero where config.toml should be: `--init --force` neither hangs
    nor fills memory; whatever was there is kept, whole, as config.toml.bak."""
    import os
    import resource
    import subprocess
    import sys

    def at_most_2_gib() -> None:  # a regression fails here instead of filling the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    cfg.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dev-zero link":
        cfg.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(cfg)
    else:
        cfg.write_bytes(b"# mine\n" * 400_000)  # 2.8 MB, over the reader's 1 MB limit
    env = {**os.environ, "BREATHE_CONFIG_DIR": str(cfg.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "breathe", "config", "--init", "--force"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=at_most_2_gib,
    )
    assert done.returncode == 0, done.stderr
    assert cfg.read_text(encoding="utf-8") == EXAMPLE_CONFIG
    backup = cfg.with_name("config.toml.bak")
    if kind == "dev-zero link":
        assert os.readlink(backup) == "/dev/zero"
    elif kind == "fifo":
        assert backup.is_fifo()
    else:
        assert backup.stat().st_size == 2_800_000


def test_force_goes_only_with_init(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("config", "--force")[0] == 2
    assert capsys.readouterr().err == "breathe: --force only goes with --init\n"
    assert run_cli("config", "--init", "--check")[0] == 2  # mutually exclusive


def test_check_exits_1_on_errors_and_0_with_only_warnings(cfg: Path) -> None:
    file = write(cfg, "[settings]\nvolume = 400\nspeed = 1\n" + GOOD_STAIRS)
    code, text = run_cli("config", "--check")
    assert code == 1
    assert text.splitlines() == [
        f'{file}: settings.speed: warning: unknown key, ignored; expected one of "exhale", '
        '"sound", "volume", "lead_in", "theme", "reduced_motion", "audio", "guide", "voice", '
        '"progress", "weekly_goal" or "hr"',
        f"{file}: settings.volume: expected a whole number from 0 to 100, found 400; "
        "the default is used",
        "config has 1 error and 1 warning; usable: 1 exercise and 0 routines of your own, "
        "besides the 10 built-in exercises and 4 routines",
    ]
    write(cfg, "[settings]\nspeed = 1\n" + GOOD_STAIRS)
    code, text = run_cli("config", "--check")
    assert code == 0
    assert text.splitlines()[-1] == (
        "config OK: 1 exercise and 0 routines of your own, besides the 10 built-in exercises "
        "and 4 routines (1 warning)"
    )


def test_check_with_a_syntax_error_prints_path_and_line(cfg: Path) -> None:
    file = write(cfg, "[settings]\nvolume = \n")
    code, text = run_cli("config", "--check")
    assert code == 1
    assert text.splitlines()[0] == (
        f"{file}:2: TOML syntax error: Invalid value (column 10); "
        "the file is ignored until this is fixed"
    )


def test_check_without_a_file(cfg: Path) -> None:
    code, text = run_cli("config", "--check")
    assert (code, text) == (
        0,
        f"no config file at {cfg}; defaults in use ('breathe config --init')\n",
    )


def test_config_without_options_shows_path_and_effective_settings(cfg: Path) -> None:
    write(cfg, ISSUE_SHAPE.replace("volume = 40", "volume = 55"))
    code, text = run_cli("config")
    assert code == 0
    assert text.splitlines() == [
        f"config  {cfg}",
        "  exhale          hum",
        "  sound           true",
        "  volume          55",
        "  lead_in         3 s",
        "  theme           the app's default",
        "  reduced_motion  false",
        "  audio           auto",
        "  guide           on",
        "  voice           off",
        "  progress        on",
        "  weekly_goal     none",
        "  exercises       stairs",
        "  routines        morning",
    ]
    cfg.unlink()
    code, text = run_cli("config")
    assert text.splitlines()[0] == (
        f"config  {cfg} (no file yet: defaults; 'breathe config --init' makes one)"
    )
    assert "  exhale          each exercise's own" in text.splitlines()


# --- saving settings ----------------------------------------------------------------------

COMMENTED = """\
# My breathing config.
[settings]
exhale = "hum"   # lips closed, please
volume = 40      # quiet mornings
future_option = "kept"

# My own exercise
[exercises.stairs]
pattern = "2-0-3-0"  # easy
breaths = 6
colour = "blue"

[plugins]
something = 1
"""


def test_save_keeps_comments_and_unknown_keys(cfg: Path) -> None:
    write(cfg, COMMENTED)
    save_settings({"exhale": "ha", "volume": 65, "theme": "nord"})
    text = cfg.read_text(encoding="utf-8")
    assert text == COMMENTED.replace('exhale = "hum"', 'exhale = "ha"').replace(
        "volume = 40 ", "volume = 65 "
    ).replace('future_option = "kept"\n', 'future_option = "kept"\ntheme = "nord"\n')
    loaded = load()
    assert (loaded.settings.exhale, loaded.settings.volume, loaded.settings.theme) == (
        ExhaleStyle.HA,
        65,
        "nord",
    )
    assert [e.id for e in loaded.exercises] == ["stairs"]


def test_save_none_removes_a_setting_and_accepts_engine_values(cfg: Path) -> None:
    write(cfg, COMMENTED)
    save_settings({"volume": None, "exhale": ExhaleStyle.HA, "lead_in": Fraction(5, 2)})
    loaded = load()
    assert loaded.settings.volume == Settings().volume
    assert loaded.settings.exhale is ExhaleStyle.HA
    assert loaded.settings.lead_in == Fraction(5, 2)
    assert "# quiet mornings" not in cfg.read_text(encoding="utf-8")
    assert "# lips closed, please" in cfg.read_text(encoding="utf-8")


def test_save_creates_the_file_and_settings_table_when_missing(cfg: Path) -> None:
    save_settings({"volume": 10})
    assert load().settings.volume == 10
    assert load().problems == []
    write(cfg, GOOD_STAIRS)
    save_settings({"sound": False})
    loaded = load()
    assert loaded.settings.sound is False and [e.id for e in loaded.exercises] == ["stairs"]


def test_save_rejects_bad_values_and_leaves_the_file_alone(cfg: Path) -> None:
    write(cfg, COMMENTED)
    with pytest.raises(ConfigError) as caught:
        save_settings({"volume": 101})
    assert str(caught.value) == "settings.volume: expected a whole number from 0 to 100, found 101"
    with pytest.raises(ConfigError, match=r"settings\.speed: unknown setting"):
        save_settings({"speed": 1})
    assert cfg.read_text(encoding="utf-8") == COMMENTED


def test_save_never_overwrites_a_broken_file(cfg: Path) -> None:
    write(cfg, "[settings\nvolume = 4\n")
    with pytest.raises(ConfigError, match="has a TOML syntax error"):
        save_settings({"volume": 5})
    assert cfg.read_text(encoding="utf-8") == "[settings\nvolume = 4\n"


def test_save_is_atomic_and_leaves_no_temp_file(cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(cfg, COMMENTED)

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    import breathe.system.atomic

    monkeypatch.setattr(breathe.system.atomic.os, "replace", fail)
    with pytest.raises(ConfigError) as caught:
        save_settings({"volume": 5})
    assert str(caught.value) == f"cannot write {cfg}: No space left on device"
    assert cfg.read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in cfg.parent.iterdir()) == ["config.toml"]


def test_problem_format_without_file_or_where() -> None:
    assert Problem("error", "", "oops").format() == "config: oops"
    assert Problem("warning", "a.b", "hm", Path("c.toml")).format() == "c.toml: a.b: warning: hm"
    assert Problem("error", "", "bad", Path("c.toml"), 4).format() == "c.toml:4: bad"


# --- progression ---------------------------------------------------------------------------


def test_progress_setting_and_a_custom_ladder(cfg: Path) -> None:
    write(
        cfg,
        """
        [settings]
        progress = false

        [exercises.stairs]
        pattern = "2-0-3-0"
        breaths = 6
        progress = { exhale = [3, 5], step = 0.5 }
        """,
    )
    loaded = load()
    assert loaded.problems == []
    assert loaded.settings.progress is False
    assert loaded.ladders == {
        "stairs": (("exhale", tuple(Fraction(n, 2) for n in (6, 7, 8, 9, 10))),)
    }


def test_a_listed_ladder_without_step_and_a_hold_that_grows_last(cfg: Path) -> None:
    write(
        cfg,
        """
        [exercises.square]
        pattern = "4-2-4-0"
        minutes = 3
        progress = { hold = [2, 3], minutes = [3, 4, 6] }
        """,
    )
    loaded = load()
    assert loaded.problems == []
    assert loaded.ladders["square"] == (
        ("minutes", (Fraction(3), Fraction(4), Fraction(6))),
        ("hold", (Fraction(2), Fraction(3))),
    )


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        ("{ exhale = [5, 3] }", "exercises.stairs.progress: the exhale ladder must go up"),
        (
            "{ exhale = [3, 5], step = 0 }",
            "exercises.stairs.progress.step: expected a step above 0",
        ),
        ("{ exhale = [3, 200] }", "exercises.stairs.progress: the exhale ladder goes past the 120"),
        ("{ exhale = 3 }", "exercises.stairs.progress.exhale: expected a list of at least two"),
        ("{ step = 1 }", "exercises.stairs.progress: expected what grows"),
        ("{ exhale = [4, 6] }", "must include the exercise's own 3 s"),
        ("{ hold = [1, 9] }", "the hold ladder goes past 7 s; holds stay gentle"),
        ("{ hold = [0.5, 1] }", "the hold ladder must include the exercise's own 0 s"),
        ('"fast"', "exercises.stairs.progress: expected a table"),
    ],
)
def test_a_bad_ladder_is_one_located_error_and_the_exercise_still_runs(
    cfg: Path, ladder: str, message: str
) -> None:
    write(cfg, f'[exercises.stairs]\npattern = "2-0-3-0"\nbreaths = 6\nprogress = {ladder}\n')
    loaded = load()
    problem = only(loaded)
    assert message in problem and problem.startswith(f"{cfg}: ")
    assert [e.id for e in loaded.exercises] == ["stairs"]
    assert loaded.ladders == {}


def test_weekly_goal_is_read_and_written_as_one_inline_table(cfg: Path) -> None:
    from breathe.core.goal import WeeklyGoal

    write(cfg, "[settings]\nweekly_goal = { minutes = 60 }  # mine\n")
    assert load().settings.weekly_goal == WeeklyGoal("minutes", 60)
    save_settings({"weekly_goal": {"sessions": 4}})
    assert "weekly_goal = {sessions = 4}" in cfg.read_text().replace("{ ", "{").replace(" }", "}")
    assert load().settings.weekly_goal == WeeklyGoal("sessions", 4)
    save_settings({"weekly_goal": None})
    assert load().settings.weekly_goal is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4", "expected a table such as { sessions = 4 } or { minutes = 60 }, found 4"),
        ("{ days = 4 }", "expected a table such as { sessions = 4 }"),
        ("{ sessions = 4, minutes = 60 }", "expected a table such as"),
        ("{ sessions = 0 }", "expected sessions as a whole number from 1 to 100, found 0"),
    ],
)
def test_a_bad_weekly_goal_is_one_located_error(cfg: Path, value: str, message: str) -> None:
    write(cfg, f"[settings]\nweekly_goal = {value}\n")
    loaded = load()
    assert f"settings.weekly_goal: {message}" in only(loaded)
    assert loaded.settings.weekly_goal is None


def test_ids_and_routines_past_what_a_saved_session_can_keep_are_errors(cfg: Path) -> None:
    """A saved session keeps a routine's exercise ids joined, and its patterns: the import's
    limits follow from these two (breathe.core.stored), so every saved session imports."""
    long_id = "a" * (MAX_ID_CHARS + 1)
    steps = ", ".join(['{ exercise = "wall" }'] * (MAX_ROUTINE_STEPS + 1))
    write(
        cfg,
        f"""
        [exercises.{long_id}]
        pattern = "4-4"
        breaths = 4

        [routines.many]
        steps = [ {steps} ]
        """,
    )
    loaded = load(cfg)
    assert [e.id for e in loaded.exercises] == [] and [r.id for r in loaded.routines] == []
    text = "\n".join(lines(loaded))
    assert "expected an id of at most 64 characters, found 65" in text
    assert "expected at most 100 steps, found 101" in text
