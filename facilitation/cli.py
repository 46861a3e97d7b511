"""The command line: a thin adapter over facilitation.build. Only this module imports click."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from facilitation import __version__
from facilitation.errors import FacilitationError, Problem

EXIT_USER_ERROR = 2


def _project(root: str):
    from facilitation.build import Project

    return Project(Path(root).resolve())


def _fail(error: FacilitationError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    sys.exit(EXIT_USER_ERROR)


@contextmanager
def _progress(label: str, total: int):
    """Yields step(item): a bar with the count on a terminal; elsewhere (make, CI, logs) one line
    per item, since a bar that cannot redraw shows only its label."""
    if sys.stderr.isatty():
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                               item_show_func=lambda item: item or "") as bar:
            yield lambda item: bar.update(1, item)
        return
    done = 0

    def step(item: str) -> None:
        nonlocal done
        done += 1
        click.echo(f"{label} {done}/{total}: {item}", err=True)

    yield step


root_option = click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False),
                           help="Project folder holding content/ and templates/.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="facilitation")
def main() -> None:
    """Build tailored coproduction workshop packs from Markdown content and charity profiles."""


@main.command(short_help="Build the whole pack for one or more charities.")
@click.argument("charities", nargs=-1)
@click.option("--all", "all_charities", is_flag=True, help="Build every charity in content/charities/.")
@click.option("--force", is_flag=True, help="Rebuild everything, and overwrite outputs even if someone edited them.")
@click.option("--remote", is_flag=True, help="Plan every workshop as online sessions, whatever the profile's delivery.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for several charities (default: the number of cores).")
@click.option("--watch", is_flag=True,
              help="Keep going: build again each time a file in content/ or templates/ changes (Ctrl-C stops).")
@root_option
def build(charities: tuple[str, ...], all_charities: bool, force: bool, remote: bool, jobs: int | None,
          watch: bool, root: str) -> None:
    """Build the whole pack for each CHARITY into build/<charity>/.

    CHARITY is the name of a profile in content/charities/ without .yaml. With several
    charities (or --all) they build in parallel, with a progress bar and a summary table;
    one charity's problems do not stop the others. With --watch, one charity's pack is built
    again on every save, in a quarter of a second for a one-word edit.

    Examples:

    \b
        facilitation build example
        facilitation build --all
        facilitation build example --watch
    """
    project = _project(root)
    slugs = project.charities() if all_charities else list(dict.fromkeys(charities))
    if not slugs:
        raise click.UsageError("name a charity (see 'facilitation list') or give --all")
    if watch:
        if len(slugs) != 1 or all_charities or force:
            raise click.UsageError("--watch builds one charity, without --all or --force")
        _watch(project, slugs[0], remote)
    elif len(slugs) == 1 and not all_charities:
        _build_one(project, slugs[0], force, remote)
    else:
        _build_many(project, slugs, force, remote, jobs)


def _build_one(project, slug: str, force: bool, remote: bool) -> None:
    from facilitation.build import build as build_pack

    try:
        report = build_pack(project, slug, force=force, remote=remote)
    except FacilitationError as error:
        _fail(error)
    for written in report.files:
        click.echo(f"  {written.status:<9} {_status_detail(project, report.folder, written)}")
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("new", "updated", "unchanged", "kept", "removed", "stale")
                       if report.count(s))
    click.echo(f"Built {len(report.files)} files for {report.name} into {project.rel(report.folder)}/ "
               f"({counts}) in {report.seconds:.2f} s")


def _watch(project, slug: str, remote: bool) -> None:
    from facilitation.build import watch

    def ready() -> None:
        click.echo("Watching content/ and templates/ for changes (Ctrl-C stops).", err=True)

    for changed, outcome in watch(project, slug, remote, ready=ready):
        shown = ", ".join(project.rel(path) for path in changed[:3]) + (" …" if len(changed) > 3 else "")
        said = f"{shown} changed: " if changed else ""
        if isinstance(outcome, FacilitationError):
            for problem in outcome.problems:
                click.echo(str(problem), err=True)
            count = len(outcome.problems)
            click.secho(f"{said}{count} problem{'s' if count != 1 else ''} found; the pack is as it was.",
                        fg="red", err=True)
        else:
            for written in outcome.files:
                if written.status != "unchanged":
                    click.echo(f"  {written.status:<9} {_status_detail(project, outcome.folder, written)}")
            for warning in outcome.warnings:
                click.secho(f"warning: {warning}", fg="yellow", err=True)
            fresh = sum(outcome.count(status) for status in ("new", "updated", "kept"))
            click.echo(f"{said}built {project.rel(outcome.folder)}/ ({fresh} of {len(outcome.files)} files "
                       f"written) in {outcome.seconds:.2f} s")
    click.echo("Stopped watching.", err=True)


def _status_detail(project, folder: Path, written) -> str:
    """The file a status line is about; a kept file is not the one written, so name both."""
    path = project.rel(folder / written.path)
    if written.status != "kept":
        return path
    return f"{project.rel(folder / written.output.path)} (edited since built); new one written to {path}"


def _build_many(project, slugs: list[str], force: bool, remote: bool, jobs: int | None) -> None:
    from facilitation.build import build_many

    outcomes = []
    with _progress("Built", len(slugs)) as step:
        for outcome in build_many(project, slugs, workers=jobs, force=force, remote=remote):
            outcomes.append(outcome)
            step(f"{outcome.slug} (problems)" if outcome.problems else outcome.slug)
    outcomes.sort(key=lambda o: o.slug)
    width = max(len("charity"), *(len(o.slug) for o in outcomes))
    click.echo(f"{'charity':<{width}}  {'files':>5}  {'slides':>6}  {'seconds':>7}  {'warnings':>8}  {'errors':>6}")
    for o in outcomes:
        r = o.report
        click.echo(f"{o.slug:<{width}}  {len(r.files) if r else 0:>5}  {r.slides if r else 0:>6}  "
                   f"{r.seconds if r else 0:>7.2f}  {len(r.warnings) if r else 0:>8}  {len(o.problems):>6}")
    for o in outcomes:
        for warning in (o.report.warnings if o.report else []):
            click.secho(f"warning: {o.slug}: {warning}", fg="yellow", err=True)
        for problem in o.problems:
            click.echo(str(problem), err=True)
    failed = [o.slug for o in outcomes if o.problems]
    if failed:
        click.echo(f"{len(failed)} of {len(outcomes)} charities had problems: {', '.join(failed)}", err=True)
        sys.exit(EXIT_USER_ERROR)
    click.echo(f"Built {len(outcomes)} charities.")


@main.command(name="list", short_help="List the charities that have a profile.")
@root_option
def list_charities(root: str) -> None:
    """List the charities that have a profile, and how to build one.

    Example:

    \b
        facilitation list
    """
    project = _project(root)
    names = project.charities()
    if not names:
        click.echo("No charity profiles yet: add one to content/charities/<name>.yaml.")
        return
    click.echo("Charities with a profile in content/charities/:")
    for name in names:
        click.echo(f"  {name}")
    click.echo(f"Build one with: make deck CHARITY={names[0]}   (or: facilitation build {names[0]})")



@main.command(short_help="Summarise a filled report-back deck for the debrief.")
@click.argument("deck", type=click.Path(path_type=Path))
@click.option("--format", "form", type=click.Choice(["docx", "md"]), default="docx", show_default=True,
              help="docx: a Word summary beside the deck; md: Markdown on stdout.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the summary (default: <deck name>-summary.docx beside the deck).")
@click.option("--before", type=click.Path(dir_okay=True, path_type=Path),
              help="The evaluation form filled in at the start of Concepts (.docx).")
@click.option("--after", type=click.Path(dir_okay=True, path_type=Path),
              help="The evaluation form filled in at the final debrief (.docx).")
@root_option
def harvest(deck: Path, form: str, output: Path | None, before: Path | None, after: Path | None, root: str) -> None:
    """Summarise a filled report-back DECK (a .pptx) for the final debrief.

    Reads every answer on every slide (slides they added too), flags plan actions with no owner
    or no date, and lists the prompts they left unfilled. Slides they added, moved or deleted
    are fine. Given the two filled evaluation forms, it shows what moved for each outcome and
    on the ladder.

    Example:

    \b
        facilitation harvest northside-report-back.pptx --format md
        facilitation harvest northside-report-back.pptx --before start.docx --after debrief.docx
    """
    from facilitation.harvest import harvest as read_report_back, with_evaluation
    from facilitation.publish import atomic_write
    from facilitation.writers import harvest_summary

    try:
        summary = with_evaluation(read_report_back(deck), before, after)
    except FacilitationError as error:
        _fail(error)
    if form == "md":
        text = harvest_summary.markdown(summary)
        if output is None:
            click.echo(text, nl=False)
            return
        data = text.encode("utf-8")
    else:
        data = harvest_summary.docx(summary, _project(root).templates / "guide.docx")
        output = output or deck.with_name(f"{deck.stem}-summary.docx")
    if output.resolve() == deck.resolve():
        _fail(FacilitationError([Problem(str(output), None, "the summary would overwrite the deck",
                                         "choose another --output")]))
    try:
        atomic_write(output, data)
    except OSError as error:
        _fail(FacilitationError([Problem(str(output), None, f"cannot write the summary: {error.strerror}")]))
    click.echo(f"Wrote {output} ({len(summary.unfilled)} prompt{'s' if len(summary.unfilled) != 1 else ''} "
               "left unfilled)")


@main.command(short_help="Start a profile for a new charity.")
@click.argument("slug")
@click.option("--name", help="The charity's full name (default: made from SLUG).")
@root_option
def new(slug: str, name: str | None, root: str) -> None:
    """Start a profile for a new charity: content/charities/SLUG.yaml, from the commented template.

    SLUG is lower-case letters, digits and hyphens. An existing profile is never overwritten.

    Example:

    \b
        facilitation new northside --name "Northside Recovery Trust"
    """
    import json

    from facilitation.project import SLUG
    from facilitation.profile import load_profile

    project = _project(root)
    target = project.content / "charities" / f"{slug}.yaml"
    shown = project.rel(target)
    if not SLUG.match(slug):
        _fail(FacilitationError([Problem(slug, None, "a charity's name must be lower-case letters, digits and "
                                         "hyphens", "for example: northside-recovery")]))
    template = project.content / "charities" / "_template.yaml.txt"
    try:
        text = template.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        _fail(FacilitationError([Problem(project.rel(template), None, "cannot read the profile template",
                                         "restore it from version control")]))
    name = " ".join((name or slug.replace("-", " ").title()).split())
    text = (text.replace("__QUOTED_NAME__", json.dumps(name, ensure_ascii=False))
            .replace("__NAME__", name).replace("__SLUG__", slug)).rstrip("\n") + "\n"  # one final newline, as git expects
    try:
        load_profile(text, shown, slug)  # the new profile must build as it is
    except FacilitationError as error:
        _fail(error)
    try:
        with open(target, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        _fail(FacilitationError([Problem(shown, None, "a profile with this name already exists",
                                         "edit it, or choose another name")]))
    except OSError as error:
        _fail(FacilitationError([Problem(shown, None, f"cannot write the profile: {error.strerror}")]))
    click.echo(f"Wrote {shown}. Fill it in after the diagnostic call, then: make deck CHARITY={slug}")


@main.command(short_help="Write a blank Stage 1 diagnostic form (DOCX).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the form (default: build/diagnostic-form.docx).")
@root_option
def form(output: Path | None, root: str) -> None:
    """Write a blank Stage 1 diagnostic form (DOCX) from content/diagnostic/questions.md.

    Each charity's pack also has one with its name filled in.

    Example:

    \b
        facilitation form
    """
    from facilitation.publish import atomic_write
    from facilitation.gather import read_questions
    from facilitation.writers.diagnostic_form import blank_timestamp, render_form

    project = _project(root)
    try:
        data = render_form(read_questions(project.content), project.templates, blank_timestamp())
    except FacilitationError as error:
        _fail(error)
    output = output or project.build / "diagnostic-form.docx"
    try:
        atomic_write(output, data)
    except OSError as error:
        _fail(FacilitationError([Problem(str(output), None, f"cannot write the form: {error.strerror}")]))
    click.echo(f"Wrote {project.rel(output.resolve())}")



@main.command(name="check-template", short_help="Check the deck and guide templates.")
@root_option
def check_template_command(root: str) -> None:
    """Check templates/deck.pptx and guide.docx: present, readable, not a zip bomb, and the deck
    has every slide layout the writers use (build runs this check too).

    Example:

    \b
        facilitation check-template
    """
    from facilitation.template_check import check_templates

    try:
        check_templates(_project(root))
    except FacilitationError as error:
        _fail(error)
    click.echo("The templates are fine.")


@main.command(name="check", short_help="Check content, profiles and outputs for quality.")
@click.argument("charities", nargs=-1)
@click.option("--build", "build_first", is_flag=True, help="Build each charity first, so its outputs are current.")
@click.option("--no-schema", is_flag=True, help="Skip Office Open XML schema validation (the slowest part).")
@click.option("--quiet", "-q", is_flag=True, help="Show errors only (and the summary).")
@click.option("--verbose", "-v", is_flag=True, help="Also show notes, such as passing reading-ease scores.")
@root_option
def check_command(charities: tuple[str, ...], build_first: bool, no_schema: bool, quiet: bool, verbose: bool,
                  root: str) -> None:
    """Check content, profiles and built outputs against the quality rules.

    Lints the content and each CHARITY's profile (all charities when none is named), then checks
    the outputs already built in build/<charity>/. Findings read `path:line: [rule] message`
    or `build/<charity>/file.pptx slide N: [rule] message`. Errors and warnings are shown; notes
    (such as a passing reading-ease score) only with --verbose. Exits with status 1 when any error
    is found; warnings and notes do not fail the check.

    Examples:

    \b
        facilitation check
        facilitation check example --build
    """
    from facilitation.project import profile_path
    from facilitation.check import run

    project = _project(root)
    slugs = list(dict.fromkeys(charities)) or project.charities()
    if not slugs:
        raise click.UsageError("no charity profiles in content/charities/")
    try:
        for slug in slugs:
            profile_path(project, slug)  # refuse an unknown charity before any work
    except FacilitationError as error:
        _fail(error)
    with _progress("Checking", len(slugs)) as step:
        report = run(project, slugs, build_first=build_first, schema=not no_schema, progress=step)
    shown = {"error"} if quiet else {"error", "warning", "note"} if verbose else {"error", "warning"}
    for finding in report.findings:
        if finding.severity in shown:
            colour = {"error": "red", "warning": "yellow"}.get(finding.severity)
            click.secho(str(finding), fg=colour)
    hidden = " (--verbose shows the notes)" if report.count("note") and not (quiet or verbose) else ""
    click.secho(report.summary() + hidden, fg="red" if report.errors else "green", bold=True)
    if report.errors:
        sys.exit(1)


@main.command(short_help="Preview a charity's workshops live in the browser.")
@click.argument("charity", required=False)
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on (0 picks a free one).")
@click.option("--host", default=None,
              help="Address to bind. Default 127.0.0.1 (this machine only); any other address is served "
                   "only when given here, with a warning.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@root_option
def serve(charity: str | None, port: int, host: str | None, open_browser: bool, root: str) -> None:
    """Preview CHARITY's workshops in the browser while you edit content/.

    Shows every slide as the deck will have it, with its notes, fences and clock times, the
    agenda and the check findings; open pages reload when a file in content/ or templates/
    changes. A mistake is shown in the page as path:line: message, above the last good preview.
    CHARITY may be left out when there is only one profile.

    Example:

    \b
        facilitation serve example --open
    """
    from facilitation.preview.server import bind_address, serve as run_preview
    from facilitation.project import profile_path

    project = _project(root)
    if charity is None:
        known = project.charities()
        if len(known) != 1:
            raise click.UsageError("name the charity to preview: " + (", ".join(known) or "no profiles in content/charities/"))
        charity = known[0]
    try:
        profile_path(project, charity)
    except FacilitationError as error:
        _fail(error)
    address, warning = bind_address(host)
    if warning:
        click.secho(warning, fg="yellow", err=True)
    try:
        run_preview(project, charity, host=address, port=port, open_browser=open_browser, log=click.echo)
    except OSError as error:
        raise click.ClickException(f"cannot serve on {address}:{port}: {error.strerror or error}"
                                   " (is another preview running? try --port)") from None


def run() -> None:
    """The `facilitation` command: the CLI, then an exit that skips tearing down the heap.

    Once a command has finished, everything it made is written (and synced) and its pools are
    shut; freeing the gathered pack object by object would only add a third of a second to every
    build. Output is flushed first; a crash still ends with Python's own traceback and exit."""
    try:
        main()
    except SystemExit as finished:
        code = finished.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python prints it
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
