"""lurewatch: self-hosted early warning for online child grooming in chat."""

from ._errors import ConfigError, DataNotFoundError, InputError, LurewatchError, ModelError
from .records import Conversation, Message, Segment, Stream

__all__ = [
    "ConfigError",
    "Conversation",
    "DataNotFoundError",
    "InputError",
    "LurewatchError",
    "Message",
    "ModelError",
    "Segment",
    "Stream",
]

__version__ = "0.1.0"
