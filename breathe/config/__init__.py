"""The TOML config: its model, value parsers, a reader with located errors (one module per
table, over one problem collector), a writer."""
