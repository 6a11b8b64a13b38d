"""Command palette entries: every exercise and routine, started with its default dose."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from breathe.core.catalogue import Catalogue, Exercise, Routine


class StartsSessions(Protocol):
    """What the palette needs of its app (the app imports the palette, not the other way)."""

    catalogue: Catalogue

    def start_id(self, id: str) -> None: ...


class ExerciseCommands(Provider):
    """`Start: Wall breathing` and so on, for each item in the app's catalogue."""

    def _entries(self) -> list[tuple[str, str, str]]:
        app = cast(StartsSessions, self.app)
        out = []
        items: list[Exercise | Routine] = [*app.catalogue.exercises, *app.catalogue.routines]
        for item in items:
            kind = "exercise" if isinstance(item, Exercise) else "routine"
            cadence = f"{item.pattern.cadence}, " if isinstance(item, Exercise) else ""
            help = f"{kind}: {cadence}{item.why}"
            out.append((f"Start: {item.name}", item.id, help))
        return out

    async def discover(self) -> Hits:
        app = cast(StartsSessions, self.app)
        for text, id, help in self._entries():
            yield DiscoveryHit(text, partial(app.start_id, id), help=help)

    async def search(self, query: str) -> Hits:
        app = cast(StartsSessions, self.app)
        matcher = self.matcher(query)
        for text, id, help in self._entries():
            score = max(matcher.match(text), matcher.match(id))
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.start_id, id), help=help)
