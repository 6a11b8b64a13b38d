"""The Textual app (placeholder until the app issue lands)."""

from __future__ import annotations

from textual.app import App

from breathe.plan import SessionPlan


class BreatheApp(App[int]):
    def __init__(self, plan: SessionPlan | None = None) -> None:
        super().__init__()
        self.plan = plan
