"""A document's writing calls, recorded: what a document is made from, known without writing it.

The Word engine's counterpart of `facilitation.writers.pptx.script`: a writer whose document is
only headings, styled paragraphs, Markdown, tables and a footer records them here; the build
hashes the script to tell whether the document changed (an edit to a facilitator's note
changes no online run-sheet), and writes only the documents whose scripts did.
"""

from __future__ import annotations


class DocumentScript:
    """A document's writing calls (heading, styled, markdown, table, page_numbers), recorded:
    each is the `facilitation.writers.docx.text` function of the same name (add_heading …),
    with the document left out."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def _record(name: str):  # noqa: N805 (a recorder for each writing function, made below)
        def record(self, *args, **kwargs) -> None:
            self.calls.append((name, args, kwargs))
        record.__name__ = name
        return record

    heading, styled, markdown = _record("heading"), _record("styled"), _record("markdown")
    table, page_numbers = _record("table"), _record("page_numbers")
    del _record

    def write(self, doc):
        """The calls made on `doc`, in order; `doc` back."""
        from facilitation.writers.docx import text

        for name, args, kwargs in self.calls:
            getattr(text, f"add_{name}")(doc, *args, **kwargs)
        return doc
