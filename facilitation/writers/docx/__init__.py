"""The Word engine below the document writers.

`text` writes headings, Markdown, tables and page numbers into python-docx documents and saves
them reproducibly; `timeline_picture` draws the programme's timeline as an image.
"""
