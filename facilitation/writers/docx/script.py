"""A document's writing calls, recorded: what a document is made from, known without writing it.

The Word engine's counterpart of `facilitation.writers.pptx.script`: a writer whose document is
only headings, styled paragraphs, Markdown, tables and a footer records them here; the build
hashes the script to tell whether the document changed (an edit to a facilitator's note
changes no online run-sheet), and writes only the documents whose scripts did.
"""

from __future__ import annotations

from facilitation.writers.ooxml.script import Script, recorder


class DocumentScript(Script):
    """A document's writing calls (heading, styled, markdown, table, page_numbers), recorded:
    each is the `facilitation.writers.docx.text` function of the same name (add_heading …),
    with the document left out."""

    heading, styled, markdown = recorder("heading"), recorder("styled"), recorder("markdown")
    table, page_numbers = recorder("table"), recorder("page_numbers")

    def write(self, doc):
        """The calls made on `doc`, in order; `doc` back."""
        from facilitation.writers.docx import text

        for name, args, kwargs in self.calls:
            getattr(text, f"add_{name}")(doc, *args, **kwargs)
        return doc
