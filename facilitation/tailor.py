"""Tailoring: render content text with the charity profile in a Jinja sandbox (pure).

Profile values are data: they are passed in as variables and inserted, never rendered as
templates themselves. Templates cannot reach Python internals, files or the environment;
an undefined variable, a runaway loop or a huge string stops with an error at file:line.
"""

from __future__ import annotations

import contextvars
import functools
import operator
import re
import signal
import sys
import threading
from functools import lru_cache, partial
from typing import Any, Iterator, Mapping

from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.compiler import CodeGenerator
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError, safe_range
from jinja2.utils import missing

from facilitation.errors import FacilitationError, Problem, closest

MAX_OUTPUT = 200_000  # characters a single piece of content may render to
# Characters XML 1.0 cannot hold (control characters other than tab and newlines, surrogates, U+FFFE/F).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TailorError(Exception):
    """A rendering problem; the caller adds the file and line."""


# ---- limits while rendering ----------------------------------------------------------------------
# A size checked only after rendering comes too late: `'x' * 10**9`, `center(10**9)` or a
# doubling loop exhaust memory first, and nested loops run for minutes. So every operator,
# filter and method call is checked before and after it runs, loops are counted, the output is
# measured as it streams, and a timer stops whatever slips through.

MAX_ITERATIONS = 100_000  # range() items one piece of content may loop over, nested loops included
MAX_MADE = 20_000_000  # characters of intermediate text one piece may build, all values together
MAX_SECONDS = 2.0  # wall time for one piece of content


class LimitError(SecurityError):
    """A template went past a rendering limit; the message says which."""


class _Budget:
    """What one render may still spend."""

    def __init__(self) -> None:
        self.iterations = MAX_ITERATIONS
        self.made = MAX_MADE

    def loop(self) -> None:
        self.iterations -= 1
        if self.iterations < 0:
            raise LimitError(f"the template runs too long (more than {MAX_ITERATIONS:,} loop steps)")

    def make(self, value: Any) -> Any:
        size = _size(value)
        if size > MAX_OUTPUT:
            raise LimitError(f"the template builds a value that is too large ({size:,} items or characters; "
                             f"the limit is {MAX_OUTPUT:,})")
        self.made -= size
        if self.made < 0:
            raise LimitError("the template builds too much text in all (it is too large)")
        return value


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("tailor_budget", default=None)


def _budget() -> _Budget:
    """The budget of the render under way; outside one (a `when=` condition), a fresh one."""
    return _BUDGET.get() or _Budget()


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _too_large(what: str) -> LimitError:
    return LimitError(f"the template {what}, which is too large (the limit is {MAX_OUTPUT:,})")


def _precheck(name: str, target: Any, args: tuple, kwargs: dict) -> None:
    """Refuse a call whose result would be huge before it is computed."""
    # a format's widths may come from its arguments: '{:{}}'.format(x, n) or '%*s'|format(n, x)
    widths = name in _WIDTHS or (name in ("format", "format_map", "__mod__") and isinstance(target, str)
                                 and ("*" in target or _NESTED_WIDTH.search(target) is not None))
    for value in (*args, *kwargs.values()):
        if widths and isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise _too_large(f"asks '{name}' for {value:,}")
        if isinstance(value, str) and name in ("format", "format_map") and _WIDE.search(value):
            raise _too_large("asks for a very wide field")
    if isinstance(target, str) and name in ("format", "__mod__", "format_map") and _WIDE.search(target):
        raise _too_large("asks for a very wide field")
    if name == "replace" and isinstance(target, str) and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        old, new = args[0], args[1]
        grown = len(target) + (target.count(old) if old else len(target) + 1) * max(len(new) - len(old), 0)
        if grown > MAX_OUTPUT:
            raise _too_large(f"replaces text into {grown:,} characters")
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        joiner = target if isinstance(target, str) else str(kwargs.get("d", args[1] if len(args) > 1 else ""))
        total = sum(len(str(item)) for item in args[0]) + len(joiner) * len(args[0])
        if total > MAX_OUTPUT:
            raise _too_large(f"joins {total:,} characters")


# calls whose numbers are widths or counts of what they make: a huge one is refused before it runs
_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "indent", "wordwrap", "truncate", "expandtabs",
                     "batch", "slice", "_counted_range", "range"})
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")  # '{:{}}': a width taken from the arguments
_WIDE = re.compile(r"[0-9]{7,}")  # a width or precision of a million or more in a format


def _bounded_filter(name: str, function):
    @functools.wraps(function)  # keeps Jinja's pass_context markers
    def bounded(*args, **kwargs):
        values = [a for a in args if not isinstance(a, (Context, EvalContext, Environment))]
        target, rest = (values[0], tuple(values[1:])) if values else (None, ())
        if name == "join":
            rest = (target, *rest)
            target = kwargs.get("d", rest[1] if len(rest) > 1 else "")
        _precheck(name, target, rest, kwargs)
        return _budget().make(function(*args, **kwargs))
    return bounded


def _counted_range(*args: int):
    budget = _budget()
    for item in safe_range(*args):
        budget.loop()
        yield item


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles `~` to a join that checks its size before it builds the string."""

    def visit_Concat(self, node, frame):
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with size, step and time limits checked while rendering."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = _counted_range

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "*":
            sized, count = (left, right) if _size(left) or isinstance(left, str) else (right, left)
            if isinstance(count, int) and _size(sized) * max(count, 0) > MAX_OUTPUT:
                raise _too_large(f"repeats a value {count:,} times")
        if operator_name == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > 256:
                raise LimitError("the template computes a number that is too large")
        if operator_name == "%":
            _precheck("__mod__", left, right if isinstance(right, tuple) else (right,), {})
        result = _BINOPS[operator_name](left, right)
        if isinstance(result, int) and result.bit_length() > 256:
            raise LimitError("the template computes a number that is too large")
        return _budget().make(result)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        name = getattr(__obj, "__name__", "")
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format; see through it
        _precheck(name, getattr(method, "__self__", None), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (list, dict, set)):  # append, extend, update grow the object itself
            _budget().make(owner)
        return _budget().make(result)

    def bounded_concat(self, values) -> str:
        parts = [str(v) for v in values]
        total = sum(map(len, parts))
        if total > MAX_OUTPUT:
            raise _too_large(f"joins {total:,} characters with ~")
        return _budget().make("".join(parts))


_BINOPS = {"*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod, "//": operator.floordiv}


def _times_out(signum, frame):
    raise LimitError(f"the template runs too long (more than {MAX_SECONDS:g} seconds)")


def render_bounded(template, context: Mapping[str, Any]) -> str:
    """Render with a fresh budget, measuring the output as it streams and stopping at the time limit."""
    token = _BUDGET.set(_Budget())
    timed = threading.current_thread() is threading.main_thread()  # signals reach the main thread only
    previous = signal.signal(signal.SIGALRM, _times_out) if timed else None
    if timed:
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        pieces, size = [], 0
        for piece in template.generate(context):
            size += len(piece)
            if size > MAX_OUTPUT:
                error = LimitError(f"the template output is too large (more than {MAX_OUTPUT:,} characters)")
                error.output_lines = sum(p.count("\n") for p in pieces)  # where the output stood
                raise error
            pieces.append(piece)
        return "".join(pieces)
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _BUDGET.reset(token)



class UnknownName(UndefinedError):
    """An undefined name, with what it was looked up in, so the message can suggest one that exists."""

    def __init__(self, owner: Any, name: str | None, message: str):
        super().__init__(message)
        self.owner, self.name = owner, name


class _Undefined(StrictUndefined):
    __slots__ = ()

    def __init__(self, hint=None, obj=missing, name=None, exc=UndefinedError):
        if exc is UndefinedError and hint is None:  # a plain unknown name; the sandbox's refusals keep their own
            exc = partial(UnknownName, obj, name)
        super().__init__(hint, obj, name, exc)


def upper_first(text: str) -> str:
    """The first letter upper-cased and the rest left alone, unlike `capitalize`, which lowers
    proper nouns: "people in HMP Leeds" becomes "People in HMP Leeds"."""
    text = str(text)
    return text[:1].upper() + text[1:]


_ENV = BoundedSandbox(undefined=_Undefined, autoescape=False, keep_trailing_newline=True)
_ENV.filters["upper_first"] = _bounded_filter("upper_first", upper_first)  # added after the sandbox wrapped its own


# ---- texts read without compiling -----------------------------------------------------------------
# Most texts only print profile values and choose between wordings: `{{ charity.short_name }}`,
# `{% if charity.co_facilitation %}…{% else %}…{% endif %}`. Compiling each to Python costs a
# millisecond, two thirds of a first build's tailoring; such a text is parsed by Jinja and its
# tree read here instead, as the compiled code would run it (the sandbox's own attribute and item
# lookups, `str` for output, Python's truth and comparisons). Anything else (loops, filters,
# calls, arithmetic), and anything that goes wrong, is Jinja's to render and to report.

class _NotPlain(Exception):
    """Jinja itself must render this text (or say what is wrong with it)."""


_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lteq": operator.le, "gt": operator.gt,
            "gteq": operator.ge, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}
_CONSTANTS = (str, int, float, bool, type(None))


def _plan(node) -> tuple:
    """A parsed text as nested tuples (kept between builds), or _NotPlain."""
    kind = type(node).__name__
    if kind == "Template":
        return ("seq", tuple(_plan(child) for child in node.body))
    if kind == "Output":
        return ("seq", tuple(("text", child.data) if type(child).__name__ == "TemplateData" else ("out", _plan(child))
                             for child in node.nodes))
    if kind == "If":
        branches = ((_plan(node.test), ("seq", tuple(_plan(child) for child in node.body))),)
        branches += tuple((_plan(elif_.test), ("seq", tuple(_plan(child) for child in elif_.body)))
                          for elif_ in node.elif_)
        return ("if", branches, ("seq", tuple(_plan(child) for child in node.else_)))
    if kind == "Name" and node.ctx == "load":
        return ("name", node.name)
    if kind == "Getattr" and node.ctx == "load":
        return ("attr", _plan(node.node), node.attr)
    if kind == "Getitem" and node.ctx == "load" and type(node.arg).__name__ != "Slice":
        return ("item", _plan(node.node), _plan(node.arg))
    if kind in ("List", "Tuple") and getattr(node, "ctx", "load") == "load":
        return (kind.lower(), tuple(_plan(item) for item in node.items))
    if kind == "Const" and type(node.value) in _CONSTANTS:
        return ("const", node.value)
    if kind in ("And", "Or"):
        return (kind.lower(), _plan(node.left), _plan(node.right))
    if kind == "Not":
        return ("not", _plan(node.node))
    if kind == "Compare" and all(operand.op in _COMPARE for operand in node.ops):
        return ("compare", _plan(node.expr), tuple((operand.op, _plan(operand.expr)) for operand in node.ops))
    if kind == "CondExpr" and node.expr2 is not None:
        return ("cond", _plan(node.test), _plan(node.expr1), _plan(node.expr2))
    raise _NotPlain(kind)


def _value(step: tuple, context: Mapping[str, Any]):
    kind = step[0]
    if kind == "name":
        if step[1] not in context:  # a global, or unknown: Jinja's to resolve or report
            raise _NotPlain(step[1])
        value = context[step[1]]
    elif kind == "attr":
        value = _ENV.getattr(_value(step[1], context), step[2])
    elif kind == "item":
        value = _ENV.getitem(_value(step[1], context), _value(step[2], context))
    elif kind == "const":
        return step[1]
    elif kind == "list":
        return [_value(item, context) for item in step[1]]
    elif kind == "tuple":
        return tuple(_value(item, context) for item in step[1])
    elif kind == "or":
        return _value(step[1], context) or _value(step[2], context)
    elif kind == "and":
        return _value(step[1], context) and _value(step[2], context)
    elif kind == "not":
        return not _value(step[1], context)
    elif kind == "compare":
        left = _value(step[1], context)
        for op, operand in step[2]:  # chained, as Python (and Jinja's code) compares
            right = _value(operand, context)
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True
    elif kind == "cond":
        return _value(step[2], context) if _value(step[1], context) else _value(step[3], context)
    else:
        raise _NotPlain(kind)
    if isinstance(value, Undefined):  # unknown, or refused by the sandbox: Jinja says which
        raise _NotPlain(kind)
    return value


def _write(step: tuple, context: Mapping[str, Any], out: list[str]) -> None:
    kind = step[0]
    if kind == "seq":
        for child in step[1]:
            _write(child, context, out)
    elif kind == "text":
        out.append(step[1])
    elif kind == "out":
        out.append(str(_value(step[1], context)))
    elif kind == "if":
        for test, body in step[1]:
            if _value(test, context):
                _write(body, context, out)
                return
        _write(step[2], context, out)


_PLANS: dict[str, tuple | None] = {}  # text -> its plan, or None when Jinja compiles it
_plans_store = None  # where plans are kept between builds (`keep_compiled_templates`)
_plans_loaded = False
_plans_added = False


def _plain_plan(text: str) -> tuple | None:
    """The text's plan when it can be read without compiling, else None: made once, and kept
    between builds with the compiled texts."""
    global _plans_loaded, _plans_added
    if not _plans_loaded and _plans_store is not None:
        _plans_loaded = True
        kept = _plans_store.load()
        _plans_added = _plans_added or any(text not in kept for text in _PLANS)  # read for another project
        _PLANS.update((k, v) for k, v in kept.items() if k not in _PLANS)
    if type(text) is not str:  # kept as plain text: a subclass would be pickled with its class
        text = str(text)
    if text not in _PLANS:
        try:
            _PLANS[text] = _plan(_ENV.parse(text))
        except Exception:  # not plain, or not valid: compiling it says which
            _PLANS[text] = None
        _plans_added = True
    return _PLANS[text]


def keep_read_texts() -> None:
    """Keep the plans of texts read in this process (by a build, or its forked helper) for the next build."""
    global _plans_added
    if _plans_added and _plans_store is not None:
        _plans_added = False
        _plans_store.save(_PLANS)


def _read(text: str, context: Mapping[str, Any]) -> str | None:
    """The text rendered without compiling it, or None when Jinja must."""
    plan = _plain_plan(text)
    if plan is None:
        return None
    out: list[str] = []
    try:
        _write(plan, context, out)
    except Exception:  # an unknown name, a refused attribute, a bad comparison: Jinja reports it
        return None
    return "".join(out)


@lru_cache(maxsize=4096)
def _compiled(text: str):
    """Compiled once per process (a pack tailors the same few hundred texts many times over), and
    kept between builds in the bytecode cache when one is set (`keep_compiled_templates`)."""
    store = _ENV.bytecode_cache
    if store is None:
        return _ENV.from_string(text)
    bucket = store.get_bucket(_ENV, text, None, text)
    if bucket.code is None:
        bucket.code = _ENV.compile(text)
        store.set_bucket(bucket)
    return _ENV.template_class.from_code(_ENV, bucket.code, _ENV.make_globals(None), None)


def keep_compiled_templates(store, plans=None) -> None:
    """Keep compiled texts in `store` (a jinja2 BytecodeCache), and the plans of texts read
    without compiling in `plans` (`load()` and `save(plans)`), or in memory only when None: an
    edited workshop then compiles or parses only the texts that changed."""
    global _plans_store, _plans_loaded
    _ENV.bytecode_cache = store
    if plans is not _plans_store:
        _plans_store, _plans_loaded = plans, False


@lru_cache(maxsize=1024)
def _compiled_expression(expression: str):
    return _ENV.compile_expression(expression, undefined_to_none=False)


def _template_line(name: str) -> int | None:
    """The template line where the current exception was raised (Jinja rewrites tracebacks)."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _names(context: Mapping[str, Any], prefix: str = "",
           seen: frozenset[int] = frozenset()) -> Iterator[tuple[str, Any]]:
    """Every value reachable through the context's keys, with its dotted name ('charity.remote')."""
    seen = seen | {id(context)}  # YAML aliases can make a mapping contain itself
    for key, value in context.items():
        if isinstance(key, str):
            yield f"{prefix}{key}", value
            if isinstance(value, Mapping) and id(value) not in seen:
                yield from _names(value, f"{prefix}{key}.", seen)


def _unknown_name(error: UnknownName, context: Mapping[str, Any]) -> tuple[str, str]:
    """The name as the editor wrote it ('charity.shortname'), and a hint naming one that exists."""
    if error.owner is missing:  # a top-level name such as {{ charty.name }}
        prefix, known = "", list(context)
    else:  # found by identity, since Jinja only knows the object the name was looked up in
        prefix = next((f"{name}." for name, value in _names(context) if value is error.owner), "")
        known = [k for k in error.owner if isinstance(k, str)] if isinstance(error.owner, Mapping) else []
    close = closest(str(error.name), known)
    hint = f"did you mean '{prefix}{close}'?" if close else ""
    return f"unknown name '{prefix}{error.name}'", hint


def _describe(error: Exception, context: Mapping[str, Any]) -> tuple[str, str]:
    """What went wrong in the editor's words, and a hint (or "")."""
    if isinstance(error, UnknownName):
        return _unknown_name(error, context)
    return _message(error), ""


def _message(error: Exception) -> str:
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
    read = _read(text, context)
    if read is not None and len(read) <= MAX_OUTPUT:  # too large: Jinja stops it where it grows too large
        check_xml(read, path, line)
        return read
    name = f"<{path}:{line}>"
    try:
        template = _compiled(text)
        template.filename = name  # for the line of an error: set on each use, as texts repeat
        result = render_bounded(template, context)
    except LimitError as error:  # "… is too large" or "… runs too long", at the template's line
        offset = _template_line(name)
        at = line + offset - 1 if offset else line + getattr(error, "output_lines", 0)
        raise FacilitationError([Problem(path, at, str(error))]) from None
    except TemplateSyntaxError as error:
        raise FacilitationError([Problem(path, line + (error.lineno or 1) - 1, _message(error))]) from None
    except RecursionError:
        raise FacilitationError([Problem(path, line, "template recurses too deeply")]) from None
    except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, OverflowError,
            AttributeError, KeyError, IndexError, MemoryError) as error:
        offset = _template_line(name)
        at = line + offset - 1 if offset else line
        raise FacilitationError([Problem(path, at, *_describe(error, context))]) from None
    if len(result) > MAX_OUTPUT:
        raise FacilitationError([Problem(path, line, "template output is too large",
                                         f"it renders to {len(result):,} characters; the limit is {MAX_OUTPUT:,}")])
    check_xml(result, path, line)
    return result


def condition(expression: str, context: Mapping[str, Any], path: str, line: int) -> bool:
    """Evaluate a `when=` condition such as `charity.co_facilitation`."""
    try:
        return bool(_compiled_expression(expression)(**context))
    except TemplateSyntaxError as error:
        raise FacilitationError([Problem(path, line, f"cannot read condition when=\"{expression}\": {error.message}")]) from None
    except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, AttributeError) as error:
        message, hint = _describe(error, context)
        raise FacilitationError([Problem(path, line, f"condition when=\"{expression}\": {message}", hint)]) from None


def check_xml(text: str, path: str, line: int) -> None:
    """Refuse characters that cannot be stored in a PPTX or DOCX."""
    match = NOT_XML.search(text)
    if match:
        at = line + text.count("\n", 0, match.start())
        code = f"U+{ord(match.group()):04X}"
        raise FacilitationError([Problem(path, at, f"character {code} cannot be stored in a document",
                                         "remove it; it is often pasted in by accident")])
