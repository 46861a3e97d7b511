"""The `proposal` writer: the package proposed after the Stage 1 diagnostic call (DOCX).

Every sentence comes from content/rules/proposal.yaml and outcomes.yaml, tailored to the
charity; this module only lays them out. A "not yet" proposal says why, and what would need
to change, instead of proposing a package.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.i18n import Labels, labels_for
from facilitation.model import Pack, Package, Programme
from facilitation.plan.package import days_text
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import add_markdown, add_table, save
from facilitation.writers.programme import charity_document, when


def _bullets(doc, items: Iterable[str]) -> None:
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def _findings(doc, pack: Pack, package: Package) -> None:
    text, diagnostic = package.text, pack.profile.data.get("diagnostic", {})
    doc.add_heading(text["found_heading"], level=1)
    add_markdown(doc, text["found_intro"])
    add_table(doc, [text["topic_column"], text["heard_column"]], [[f.label, f.text] for f in package.findings],
              widths=[5, 12])
    for key in ("opportunities", "barriers", "quick_wins"):
        if diagnostic.get(key):
            doc.add_heading(text[key], level=2)
            _bullets(doc, diagnostic[key])


def _not_yet(doc, package: Package) -> None:
    text = package.text
    doc.add_heading(text["not_yet_heading"], level=1)
    add_markdown(doc, text["not_yet_intro"])
    for reason in package.not_yet_reasons:
        doc.add_paragraph(reason)
    doc.add_heading(text["must_change_heading"], level=2)
    _bullets(doc, package.must_change)
    add_markdown(doc, text["not_yet_next"])


def how_it_runs(text, sittings) -> str:
    """A part's sittings in the proposal's words: one day in person, or its online sessions and their lengths."""
    if not sittings:
        return ""
    if not sittings[0].online:
        day = sittings[0]
        return text["in_person_sitting"].format(minutes=day.minutes, start=f"{day.start:%H:%M}", end=f"{day.end:%H:%M}")
    if len(sittings) == 1:
        return text["online_sitting"].format(minutes=sittings[0].minutes)
    low, high = min(s.minutes for s in sittings), max(s.minutes for s in sittings)
    return text["online_sittings"].format(count=len(sittings), lengths=f"{low}" if low == high else f"{low} to {high}")


def _sittings_of(programme: Programme, part_id: str):
    if part_id == "report-back":
        return programme.of_kind("report-back")
    return programme.sittings_of(part_id)


def _parts(doc, package: Package, programme: Programme) -> None:
    text = package.text
    doc.add_heading(text["package_heading"], level=1)
    add_markdown(doc, text["package_intro"])
    rows = []
    for part in package.parts:
        title = f"{part.title} ({text['optional']})" if part.optional else part.title
        rows.append([title, days_text(part.days) if part.days else text["included"],
                     how_it_runs(text, _sittings_of(programme, part.id)), part.reason])
    if package.review_days:  # after the last Module 1 part
        module_1 = [n for n, p in enumerate(package.parts) if p.module == 1]
        review = [text["review_support_title"], days_text(package.review_days), "", text["review_support"]]
        rows.insert(module_1[-1] + 1 if module_1 else len(rows), review)
    add_table(doc, [text["part_column"], text["days_column"], text["how_column"], text["why_column"]], rows,
              widths=[4.0, 1.6, 4.2, 7.2])
    if package.has_extensions:
        doc.add_paragraph(text["extensions_note"], style="Note")
    if package.adjustments:
        doc.add_heading(text["adjustments_heading"], level=2)
        _bullets(doc, package.adjustments)


def _days(doc, package: Package) -> None:
    text = package.text
    doc.add_heading(text["mode_heading"], level=1)
    add_markdown(doc, package.mode_text)
    doc.add_heading(text["days_heading"], level=1)
    rows, total = [], 0.0
    for module in (1, 2, 3):
        days = package.module_days(module)
        if days:
            rows.append([text[f"module_{module}"], days_text(days)])
            total += days
    if len(rows) > 1:
        rows.append([text["total"], days_text(total)])
    add_table(doc, [text["module_column"], text["days_column"]], rows, widths=[13, 4])
    add_markdown(doc, text["days_note"])
    doc.add_heading(text["time_heading"], level=1)
    _bullets(doc, [text["time_member"], text["time_lead"]])
    add_markdown(doc, text["time_note"])


def _outcomes(doc, package: Package) -> None:
    text = package.text
    doc.add_heading(text["outcomes_heading"], level=1)
    add_markdown(doc, text["outcomes_intro"])
    add_table(doc, [text["outcome_column"], text["meaning_column"], text["enhance_column"]],
              [[o.title, o.description, ", ".join(o.enhance)] for o in package.outcomes], widths=[4, 8.5, 4.5])


def _timeline(doc, package: Package, programme: Programme, _: Labels) -> None:
    """Each workshop and the report-back: its date (online: from its first session to its last) and how it runs."""
    text = package.text
    doc.add_heading(text["timeline_heading"], level=1)
    rows = []
    for milestone in programme.milestones:
        sittings = _sittings_of(programme, milestone.id)
        dates = when(sittings[0], _) if len(sittings) < 2 or not sittings[0].day else \
            _("{first} to {last}").format(first=when(sittings[0], _), last=when(sittings[-1], _))
        rows.append([dates, f"{milestone.title}: {how_it_runs(text, sittings)}"])
    calls = programme.of_kind("check-in")
    if calls:
        rows.append(["", f"{text['check_ins_row']}: {len(calls)}"])
    add_table(doc, [text["when_column"], text["what_column"]], rows, widths=[5, 12])
    add_markdown(doc, text["timeline_note"])
    if programme.text.get("spacing_note"):
        add_markdown(doc, programme.text["spacing_note"])


def build_proposal(pack: Pack):
    package = pack.package
    text = package.text
    doc = charity_document(pack, text["title"])
    doc.add_paragraph(text["title"], style="Title")
    if text["prepared_for"]:
        doc.add_paragraph(text["prepared_for"], style="Subtitle")
    add_markdown(doc, text["intro"])
    _findings(doc, pack, package)
    if package.not_yet:
        _not_yet(doc, package)
    else:
        _parts(doc, package, pack.programme)
        _days(doc, package)
        _outcomes(doc, package)
        _timeline(doc, package, pack.programme, labels_for(pack.profile))
        add_markdown(doc, text["closing"])  # a "not yet" proposal ends with what happens next
    return doc


@register
class ProposalWriter(Writer):
    kind = "proposal"
    reads = ("package", "programme")

    def outputs(self, pack: Pack) -> Iterable[Output]:
        def render() -> bytes:
            _ = labels_for(pack.profile)
            return save(build_proposal(pack), title=_("Proposal: {charity}").format(charity=pack.profile.name),
                        author=_("Involvement Team"),
                        subject=pack.profile.name, when=pack.timestamp)

        yield Output(self.kind, f"proposal/{pack.profile.slug}-proposal.docx", render)
