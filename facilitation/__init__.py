"""Workshop facilitation toolkit: tailored coproduction workshop packs from Markdown."""

__version__ = "0.1.0"
