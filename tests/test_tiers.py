"""The fast tier stays fast only if every test that runs the Textual app says so: the guard in
conftest.py fails one that does not, and lets a marked one and a plain one pass."""

from __future__ import annotations

import pytest

PLANTED = """
import pytest
from textual.app import App


def test_runs_the_app_unmarked():
    App().run_test()  # the context manager is made, never entered: nothing is drawn


def test_runs_the_app_through_run_async_unmarked():
    App().run_async().close()


@pytest.mark.app
def test_runs_the_app_marked():
    App().run_test()


def test_plain():
    assert True


def test_snapshot_unmarked(snap_compare):
    pass
"""


def test_an_app_test_without_the_app_mark_fails(pytester: pytest.Pytester) -> None:
    # The snapshot plugin's session state is global, so the inner run has a stand-in fixture.
    pytester.makeconftest(
        "import pytest\n"
        "from tests.conftest import app_runs_watched, app_tests_carry_the_app_mark\n"
        "snap_compare = pytest.fixture(lambda: None, name='snap_compare')\n"
    )
    pytester.makeini(
        "[pytest]\nmarkers =\n    app: runs the app\naddopts = --strict-markers\n"
        "asyncio_default_fixture_loop_scope = function\n"
    )
    pytester.makepyfile(test_planted=PLANTED)
    quiet = ("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:textual-snapshot")
    quiet += ("-p", "no:hypothesispytest", "--assert=plain")
    result = pytester.runpytest(*quiet)
    result.assert_outcomes(passed=4, errors=3)  # 2 errors at teardown, 1 at setup
    result.stdout.fnmatch_lines(
        [
            "*test_runs_the_app_unmarked runs the Textual app (App): mark it @pytest.mark.app",
            "*test_runs_the_app_through_run_async_unmarked runs the Textual app (App)*",
            "*test_snapshot_unmarked takes a snapshot of the app: mark it @pytest.mark.app",
        ]
    )
