"""What runs around a session and is not drawing: the session kit (record, cues, keep-awake,
trace) that plain mode and the app share, and the app's services (the other side of
`ui.services`). Imported by `cli` only; the UI states its needs as Protocols."""
