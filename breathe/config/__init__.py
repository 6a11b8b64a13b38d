"""The TOML config: its model, value parsers, a reader with located errors, a writer."""
