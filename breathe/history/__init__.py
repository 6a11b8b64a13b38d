"""Session history in SQLite: records, schema, the store, the session recorder, reports."""
