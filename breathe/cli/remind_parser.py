"""`breathe remind ...` and `breathe later`: their arguments only, so that building the
parser (every command does) loads nothing of the reminders (`remind_cmd` runs them)."""

from __future__ import annotations

import argparse

FALLBACK_RUN = "pre-run"


def add_remind_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    remind = sub.add_parser(
        "remind",
        help="reminders kept by the system's own scheduler",
        description="Reminders that the system's scheduler keeps (systemd user timers, a "
        "LaunchAgent, Task Scheduler): at the time, a desktop notification says it is time.",
    )
    actions = remind.add_subparsers(
        dest="remind_command", metavar="ACTION", required=True, parser_class=type(remind)
    )
    run_help = (
        "the exercise or routine it starts (default: your most used, or "
        f"{FALLBACK_RUN} before the first session)"
    )
    add = actions.add_parser("add", help="a reminder at HH:MM", description="Add a reminder.")
    add.add_argument("time", metavar="HH:MM", help="the time of day, 24-hour clock")
    add.add_argument(
        "--days",
        default="daily",
        help="daily (the default), or weekdays as systemd writes them: mon..fri, sat,sun",
    )
    add.add_argument("--run", metavar="ID", help=run_help)
    add.add_argument("--name", help="a short id (default: the time, e.g. 0730)")
    actions.add_parser(
        "list", help="your reminders and when they fire next", description="List reminders."
    )
    remove = actions.add_parser(
        "remove", help="disable and delete a reminder", description="Remove a reminder."
    )
    remove.add_argument("name", nargs="?", metavar="NAME")
    remove.add_argument("--all", action="store_true", help="every reminder breathe added")
    fire = actions.add_parser(
        "fire",
        help="show a reminder's notification now (what the scheduler runs)",
        description="Show the notification, unless what it starts was done today.",
    )
    fire.add_argument("name", metavar="NAME")
    fire.add_argument(
        "--scheduled", action="store_true", help="called by the scheduler: drop it if 2 h late"
    )
    fire.add_argument("--always", action="store_true", help="even if it was done today")
    fire.add_argument("--run", metavar="ID", help="start this (for one-off and cron reminders)")
    later = sub.add_parser(
        "later",
        help="a one-off reminder after DURATION (20m, 1h, 90s)",
        description="A one-off reminder: the system's scheduler calls breathe after DURATION.",
    )
    later.add_argument("duration", metavar="DURATION", help="20m, 1h, 1h30m, 90s")
    later.add_argument("--run", metavar="ID", help=run_help)
