"""Turning plain text into page content, the same way for Italian and for its translations."""

import uuid

from django.utils.html import escape


def paragraphs(text):
    """Plain text with paragraphs separated by a blank line, as in the corpus format."""
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def text_body(text, block_id=None):
    """A StreamField value holding one rich text block, one <p> per paragraph.

    Translations pass the Italian block's id so that their segments line up with it.
    """
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text))
    return [{"type": "text", "value": html, "id": block_id or str(uuid.uuid4())}]


def first_block_id(stream_value):
    return stream_value[0].id if len(stream_value) else None
