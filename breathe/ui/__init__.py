"""The Textual app: screens, widgets, and the one services door to sound, history, settings."""
