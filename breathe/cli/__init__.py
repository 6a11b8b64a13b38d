"""The `breathe` command: parsing, dispatch, plain mode and the subcommands."""
