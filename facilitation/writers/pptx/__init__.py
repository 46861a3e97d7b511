"""The PowerPoint engine below the deck writers.

`slides` builds a deck from planned slides; `layouts` adds the toolkit's layouts to a template;
`style` reads a template's theme and text styles; `text` writes runs and bullets; `fit` measures
text with the system's fonts; `diagrams` draws native shapes. Output writers above use these and
never touch slide XML themselves.
"""
