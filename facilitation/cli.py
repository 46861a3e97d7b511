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
@click.argument("charities", nargs=-1, required=True)
@click.option("--force", is_flag=True, help="Overwrite outputs even if someone edited them since the last build.")
@click.option("--remote", is_flag=True, help="Also build remote (online) versions, whatever the profile's delivery.")
@root_option
def build(charities: tuple[str, ...], force: bool, remote: bool, root: str) -> None:
    """Build the whole pack for each CHARITY into build/<charity>/.

    CHARITY is the name of a profile in content/charities/ without .yaml.

    Example:

        facilitation build example
    """
    from facilitation.build import build as build_pack

    project = _project(root)
    for slug in charities:
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
