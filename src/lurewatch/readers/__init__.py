"""Readers for the benchmark corpus, PAN12 files and the generic JSONL/CSV import format.

Every reader streams, names file and line in its errors (never the message text), and takes
`bad=BadRows()` to count and skip bad rows instead of stopping at the first one.
"""

from ._bad import MAX_LINE_BYTES, BadRows
from ._corpus import (
    CORPUS_FILES,
    MAX_RECORD_BYTES,
    corpus_file,
    has_segments,
    read_conversation_file,
    read_conversations,
    read_feedback,
    read_segments,
    read_streams,
)
from ._generic import (
    GENERIC_FIELDS,
    SUPPORTED_SUFFIXES,
    chat_format,
    check_chat_files,
    read_chat_file,
    read_messages,
)
from ._pan12 import (
    Pan12Files,
    find_pan12_files,
    read_pan12_author_ids,
    read_pan12_lines,
    read_pan12_xml,
)

__all__ = [
    "CORPUS_FILES",
    "GENERIC_FIELDS",
    "MAX_LINE_BYTES",
    "MAX_RECORD_BYTES",
    "SUPPORTED_SUFFIXES",
    "BadRows",
    "Pan12Files",
    "chat_format",
    "check_chat_files",
    "corpus_file",
    "find_pan12_files",
    "has_segments",
    "read_chat_file",
    "read_conversation_file",
    "read_conversations",
    "read_feedback",
    "read_messages",
    "read_pan12_author_ids",
    "read_pan12_lines",
    "read_pan12_xml",
    "read_segments",
    "read_streams",
]
