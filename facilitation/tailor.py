"""Tailoring: render content text with the charity profile in a Jinja sandbox (pure).

Profile values are data: they are passed in as variables and inserted, never rendered as
templates themselves. Templates cannot reach Python internals, files or the environment;
an undefined variable, a runaway loop or a huge string stops with an error at file:line.
"""

from __future__ import annotations

import operator
import re
import sys
from typing import Any, Mapping

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from facilitation.errors import FacilitationError, Problem

MAX_OUTPUT = 200_000  # characters a single piece of content may render to
# Characters XML 1.0 cannot hold (control characters other than tab and newlines, surrogates, U+FFFE/F).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TailorError(Exception):
    """A rendering problem; the caller adds the file and line."""


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator_name, left, right):
        result = {"*": operator.mul, "**": operator.pow, "+": operator.add}[operator_name](left, right)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_OUTPUT:
            raise SecurityError("the template builds a string or list that is too large")
        if isinstance(result, int) and result.bit_length() > 64:
            raise SecurityError("the template computes a number that is too large")
        return result


_ENV = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def _template_line(name: str) -> int | None:
    """The template line where the current exception was raised (Jinja rewrites tracebacks)."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(error: Exception) -> str:
    if isinstance(error, UndefinedError):
        return f"undefined template variable: {error.message}"
    if isinstance(error, SecurityError):
        return f"template not allowed: {error}"
    if isinstance(error, TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, TemplateError):
        return f"template error: {error.message or error}"
    return f"template error: {type(error).__name__}: {error}"


def render(text: str, context: Mapping[str, Any], path: str, line: int) -> str:
    """Render one piece of content whose first line is `line` of `path`."""
    if len(text) > MAX_OUTPUT:  # checked first, so text with nothing to tailor is bounded too
        at = line + text.count("\n", 0, MAX_OUTPUT)  # the line where the limit is crossed
        raise FacilitationError([Problem(path, at, "this text is too large",
                                         f"it is {len(text):,} characters; the limit is {MAX_OUTPUT:,}")])
    if "{" not in text:  # the common case: nothing to tailor
        check_xml(text, path, line)
        return text
    name = f"<{path}:{line}>"
    try:
        template = _ENV.from_string(text)
        template.filename = name
        result = template.render(context)
    except TemplateSyntaxError as error:
        raise FacilitationError([Problem(path, line + (error.lineno or 1) - 1, _describe(error))]) from None
    except RecursionError:
        raise FacilitationError([Problem(path, line, "template recurses too deeply")]) from None
    except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, OverflowError,
            AttributeError, KeyError, IndexError, MemoryError) as error:
        offset = _template_line(name)
        at = line + offset - 1 if offset else line
        raise FacilitationError([Problem(path, at, _describe(error))]) from None
    if len(result) > MAX_OUTPUT:
        raise FacilitationError([Problem(path, line, "template output is too large",
                                         f"it renders to {len(result):,} characters; the limit is {MAX_OUTPUT:,}")])
    check_xml(result, path, line)
    return result


def condition(expression: str, context: Mapping[str, Any], path: str, line: int) -> bool:
    """Evaluate a `when=` condition such as `charity.co_facilitation`."""
    try:
        return bool(_ENV.compile_expression(expression, undefined_to_none=False)(**context))
    except TemplateSyntaxError as error:
        raise FacilitationError([Problem(path, line, f"cannot read condition when=\"{expression}\": {error.message}")]) from None
    except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, AttributeError) as error:
        raise FacilitationError([Problem(path, line, f"condition when=\"{expression}\": {_describe(error)}")]) from None


def check_xml(text: str, path: str, line: int) -> None:
    """Refuse characters that cannot be stored in a PPTX or DOCX."""
    match = NOT_XML.search(text)
    if match:
        at = line + text.count("\n", 0, match.start())
        code = f"U+{ord(match.group()):04X}"
        raise FacilitationError([Problem(path, at, f"character {code} cannot be stored in a document",
                                         "remove it; it is often pasted in by accident")])
