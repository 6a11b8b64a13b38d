"""Pure: patterns, schedules, the catalogue, plans and a running session; no I/O, no Textual."""
