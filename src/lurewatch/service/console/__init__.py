"""The moderator console served under /console (issue 5)."""

from .routes import mount_console

__all__ = ["mount_console"]
