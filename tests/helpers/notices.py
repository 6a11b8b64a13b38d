"""What an app told the user (its toasts), recorded through `App.notify`, Textual's public way
in, so tests need not read the app's private list of notifications."""

from __future__ import annotations

from typing import Any

from textual.app import App


def recorded(app: App[Any]) -> list[tuple[str, str]]:
    """From now on, each notice as (message, severity), in order; the app still shows it."""
    seen: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **options: Any) -> None:
        seen.append((str(message), str(options.get("severity", "information"))))
        real(message, **options)

    setattr(app, "notify", notify)  # noqa: B010 - an instance's method, replaced for a test
    return seen
