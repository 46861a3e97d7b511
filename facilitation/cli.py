"""The command line: a thin adapter over facilitation.build. Only this module imports click."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from facilitation import __version__
from facilitation.errors import FacilitationError

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


root_option = click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False),
                           help="Project folder holding content/ and templates/.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="facilitation")
def main() -> None:
    """Build tailored coproduction workshop packs from Markdown content and charity profiles."""


@main.command()
@click.argument("charities", nargs=-1)
@click.option("--all", "all_charities", is_flag=True, help="Build every charity in content/charities/.")
@click.option("--force", is_flag=True, help="Rebuild everything, and overwrite outputs even if someone edited them.")
@click.option("--remote", is_flag=True, help="Also build remote (online) versions, whatever the profile's delivery.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for several charities (default: the number of cores).")
@root_option
def build(charities: tuple[str, ...], all_charities: bool, force: bool, remote: bool, jobs: int | None,
          root: str) -> None:
    """Build the whole pack for each CHARITY into build/<charity>/.

    CHARITY is the name of a profile in content/charities/ without .yaml. With several
    charities (or --all) they build in parallel, with a progress bar and a summary table;
    one charity's problems do not stop the others.

    Example:

        facilitation build example
        facilitation build --all
    """
    project = _project(root)
    slugs = project.charities() if all_charities else list(dict.fromkeys(charities))
    if not slugs:
        raise click.UsageError("name a charity (see 'facilitation list') or give --all")
    if len(slugs) == 1 and not all_charities:
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
        click.echo(f"  {written.status:<9} {project.rel(report.folder / written.path)}")
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("new", "updated", "unchanged", "kept") if report.count(s))
    click.echo(f"Built {len(report.files)} files for {report.name} into {project.rel(report.folder)}/ "
               f"({counts}) in {report.seconds:.2f} s")


def _build_many(project, slugs: list[str], force: bool, remote: bool, jobs: int | None) -> None:
    from facilitation.build import build_many

    outcomes = []
    with click.progressbar(length=len(slugs), label="Building", file=sys.stderr,
                           item_show_func=lambda o: o.slug if o else "") as bar:
        for outcome in build_many(project, slugs, workers=jobs, force=force, remote=remote):
            outcomes.append(outcome)
            bar.update(1, outcome)
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


@main.command(name="list")
@root_option
def list_charities(root: str) -> None:
    """List the charities that have a profile, and how to build one.

    Example:

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


if __name__ == "__main__":
    main()
