"""The `facilitator-guide` writer: a printable run-sheet per workshop (DOCX).

A facilitator should be able to run the workshop from this guide alone, printed: the cover, the
day (or every online session) at a glance, a materials checklist, an accessibility plan, then
every block with its purpose and steps, activity card, speaker notes (numbered as in the deck),
co-facilitator hand-overs, online adaptation and materials, and finally the core team's tasks
before the next workshop. A workshop delivered online is told session by session, from the
delivery plan (`facilitation.plan.delivery`): each session's clock times, its own opening or
welcome back, recap, break and close, and the slide numbers of its own deck.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from facilitation.i18n import N_, Labels, labels_for
from facilitation.model import Activity, Agenda, AgendaItem, Block, Material, Pack, Printables, Profile, TextSection
from facilitation.plan.agenda import effective_lead  # noqa: F401 (re-exported for other writers)
from facilitation.plan.agenda import involves_co_facilitator
from facilitation.plan.deck_plan import PlannedSlide
from facilitation.plan.delivery import Sitting, TimedPart, workshop_sittings
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import (add_checklist, add_heading, add_labelled, add_markdown,
                                            add_page_numbers, add_styled, add_table, new_document, save)
from facilitation.writers.notes import contact_line

LEADS = {"facilitator": N_("Facilitator"), "co-facilitator": N_("Co-facilitator"), "both": N_("Both")}
GUIDE_SIZES = {"Title": 28, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12, "Heading 4": 11}


# ---- what the guide is made of (no docx here) -----------------------------------------------------


def materials_checklist(parts: Iterable[TimedPart]) -> list[tuple[Material, list[TimedPart]]]:
    """Every part's materials merged: each item once (case and spacing ignored), with the parts needing it."""
    merged: dict[str, tuple[Material, list[TimedPart]]] = {}
    for part in parts:
        for material in part.block.material_items:
            key = " ".join(material.text.lower().split())
            merged.setdefault(key, (material, []))[1].append(part)
    return list(merged.values())


def material_source(material: Material, printables: Printables | None, _) -> str:
    """Where an item comes from, as the checklist says it: the printables, the pack, a shop, the venue."""
    if material.source == "printable":
        printable = printables.get(material.ref) if printables else None
        return _.fill("Printables: {title}", title=printable.title if printable else material.ref)
    if material.source == "pack":
        return _("In the pack: {output}").format(output=(material.ref or _("see the manifest")).replace("-", " "))
    return {"buy": _("Buy"), "venue": _("The venue"), "made": _("Made in an earlier part or workshop")}.get(
        material.source or "", _("Not marked: check where it comes from"))


def activities_after(pack: Pack, workshop_id: str) -> list[Activity]:
    return sorted((a for a in pack.activities if a.after == workshop_id), key=lambda a: (a.due_days, a.title))


def lead_words(block: Block, profile: Profile) -> str:
    _ = labels_for(profile)
    lead = effective_lead(block.lead, profile.co_facilitation)
    co = profile.co_facilitator_name or _("the co-facilitator")
    return {"facilitator": _("led by the facilitator"), "co-facilitator": _("led by {name}").format(name=co),
            "both": _("led by the facilitator and {name} together").format(name=co)}[lead]


def online_words(block: Block, _: Labels) -> str:
    if block.remote == "drop":
        return _("Dropped when the workshop runs online.")
    if isinstance(block.remote, int) and block.remote != block.duration:
        return _("Online it takes {online} minutes instead of {minutes}.").format(online=block.remote,
                                                                                    minutes=block.duration)
    return ""


def clock(item: AgendaItem | TimedPart | Sitting) -> str:
    return f"{item.start:%H:%M}–{item.end:%H:%M}"


def sitting_label(sitting: Sitting, _: Labels) -> str:
    """"Session 2 of 4" online; "The day" in person."""
    if sitting.online:
        return _("Session {number} of {count}").format(number=sitting.number, count=sitting.count)
    return _("The day")


def sitting_heading(sitting: Sitting, _: Labels) -> str:
    """"Session 2 of 4: Friday 5 February 2027, 10:00–11:15 (75 minutes)"."""
    when = _.date(sitting.date) or _("date to be agreed")
    return _("{label}: {date}, {time} ({minutes} minutes)").format(
        label=sitting_label(sitting, _), date=when, time=clock(sitting), minutes=sitting.minutes)


# ---- the document -------------------------------------------------------------------------------


def _cover(doc, pack: Pack, sittings: tuple[Sitting, ...]) -> None:
    profile, workshop = pack.profile, sittings[0].workshop
    _ = labels_for(profile)
    add_styled(doc, workshop.title, "Title")
    add_styled(doc, _("Facilitator guide for {charity}").format(charity=profile.name))
    rows = [[_("Charity"), profile.name], [_("Workshop"), workshop.title]]
    if workshop.online:
        rows.append([_("Where"), _("Online ({platform}), in {count} sessions").format(
            platform=profile.remote_platform, count=len(sittings))])
        rows += [[_("Session {number}").format(number=s.number), _("{date}, {time} ({minutes} minutes)").format(
                  date=_.date(s.date) or _("Date to be agreed"), time=clock(s), minutes=s.minutes)]
                 for s in sittings]
    else:
        day = sittings[0]
        rows += [[_("Date"), _.date(day.date) or _("Date to be agreed")],
                 [_("Time"), _("{time} ({minutes} minutes)").format(time=clock(day), minutes=day.minutes)],
                 [_("Where"), profile.venue or _("Venue to be agreed")]]
    rows.append([_("Facilitators"), ", ".join(profile.facilitators) or _("Involvement Team")])
    if profile.co_facilitation:
        rows.append([_("Co-facilitator"), profile.co_facilitator_name or _("To be confirmed")])
    if contact_line(profile):
        rows.append([_("Contact at {charity}").format(charity=profile.short_name), contact_line(profile)])
    add_table(doc, [_("What"), _("Details")], rows, widths=[4.5, 12.5])
    if workshop.summary:
        add_styled(doc, workshop.summary)
    if workshop.outcomes:
        add_styled(doc, _("Outcomes this workshop supports:"))
        for outcome in workshop.outcomes:
            add_styled(doc, outcome.replace("-", " ").capitalize(), "List Bullet")
    if workshop.content_warnings:
        add_heading(doc, _("Content warnings"), level=2)
        for warning in workshop.content_warnings:
            add_styled(doc, warning[:1].upper() + warning[1:], "List Bullet")


def _at_a_glance(doc, sittings: tuple[Sitting, ...], agenda: Agenda, profile: Profile) -> None:
    """Each sitting's parts with their clock times: the day, or every online session."""
    _ = labels_for(profile)
    online = sittings[0].online
    heading = add_heading(doc, _("The sessions at a glance") if online else _("The day at a glance"), level=1)
    heading.paragraph_format.page_break_before = True
    for sitting in sittings:
        if online:
            add_heading(doc, sitting_heading(sitting, _), level=2)
        rows = [[clock(p), p.title, _("session frame") if p.frame else p.block.kind,
                 _(LEADS[effective_lead(p.block.lead, profile.co_facilitation)]), str(p.minutes)] for p in sitting.parts]
        add_table(doc, [_("Time"), _("Part") if online else _("Block"), _("Kind"), _("Lead"), _("Minutes")], rows,
                  widths=[2.6, 7.2, 2.6, 2.6, 2.0])
    if online:
        return
    add_heading(doc, _("Minutes by kind"), level=2)
    totals = sorted(agenda.minutes_by_kind().items(), key=lambda kv: (-kv[1], kv[0]))
    add_table(doc, [_("Kind"), _("Minutes"), _("Share of the day")],
              [[kind, str(minutes), f"{round(100 * minutes / agenda.total_minutes)}%"] for kind, minutes in totals]
              + [[_("Total"), str(agenda.total_minutes), "100%"]], widths=[5.0, 3.0, 4.0])


def _where(sitting: Sitting, part: TimedPart, _: Labels) -> str:
    if sitting.online:
        return _("session {number}, {time}").format(number=sitting.number, time=f"{part.start:%H:%M}")
    return f"{part.start:%H:%M}"


def _materials(doc, sittings: tuple[Sitting, ...], pack: Pack, _: Labels) -> None:
    add_heading(doc, _("Materials checklist"), level=1)
    where = {id(p): _where(s, p, _) for s in sittings for p in s.parts}
    checklist = materials_checklist(p for s in sittings for p in s.parts)
    if not checklist:
        add_styled(doc, _("No materials are listed for this workshop."))
        return
    add_styled(doc, _("Everything the workshop needs, from every part, and where it comes from. "
                        "Tick each item as you pack it."))
    printables = pack.printables.get(sittings[0].workshop.id)
    add_table(doc, [_("Tick"), _("Item"), _("Comes from"), _("Needed for")],
              [["☐", material.text, material_source(material, printables, _),
                "; ".join(f"{where[id(p)]} {p.title}" for p in parts)]
               for material, parts in checklist], widths=[1.4, 6.6, 4.2, 4.8])


def _accessibility(doc, plan: tuple[TextSection, ...], profile: Profile) -> None:
    """The plan's sections (content/accessibility.md): every workshop's, then one per need asked for."""
    _ = labels_for(profile)
    add_heading(doc, _("Accessibility plan"), level=1)
    needs = [s.title for s in plan if s.key in profile.accessibility]
    add_styled(doc, _("{charity} asked for: {needs}.").format(charity=profile.short_name, needs=", ".join(needs))
                      if needs else _("{charity} has not listed any access needs yet: ask again before the day.")
                      .format(charity=profile.short_name))
    for section in plan:
        add_heading(doc, section.title, level=2)
        add_markdown(doc, section.body, heading_level=3)


def _co_facilitator(doc, sittings: tuple[Sitting, ...], profile: Profile) -> None:
    parts = [(s, p) for s in sittings for p in s.parts
             if not p.frame and involves_co_facilitator(p.block, profile.co_facilitation)]
    if not parts:
        return
    _ = labels_for(profile)
    name = profile.co_facilitator_name or _("The co-facilitator")
    add_heading(doc, _("Working with {name}").format(name=name), level=1)
    add_styled(doc, _("{name} leads or shares these parts. Their own notes show the same times, "
                        "their parts and hand-over cues, but none of your facilitator notes.").format(name=name))
    online = sittings[0].online
    rows = [([_("Session {number}").format(number=s.number)] if online else [])
            + [clock(p), p.title, _(LEADS[p.block.lead])] for s, p in parts]
    add_table(doc, ([_("Session")] if online else []) + [_("Time"), _("Block"), _("Lead")], rows,
              widths=[2.2, 2.8, 8.4, 3.6] if online else [2.8, 10.6, 3.6])


def _activity(doc, block: Block, _: Labels) -> None:
    activity = block.activity or {}
    add_heading(doc, _("Activity: {structure}").format(structure=activity.get("structure") or _("how it runs")), level=3)
    for key, label in (("invitation", N_("Invitation")), ("space", N_("Space and materials")),
                       ("participants", N_("Who takes part")), ("groups", N_("Groups"))):
        if activity.get(key):
            add_labelled(doc, _(label), str(activity[key]))
    steps = activity.get("steps") or []
    if steps:
        add_table(doc, [_("Minutes"), _("Step")], [[str(s.get("minutes", "")), str(s.get("do", ""))] for s in steps],
                  widths=[2.0, 15.0])


def _slides(doc, planned: tuple[PlannedSlide, ...], _: Labels) -> None:
    if not planned:
        return
    add_heading(doc, _("Slides and speaker notes"), level=3)
    for slide in planned:
        add_heading(doc, _("Slide {number}: {title}").format(number=slide.number, title=slide.title), level=4)
        if slide.kind in ("content", "frame"):
            add_markdown(doc, slide.slide.notes)
        elif slide.kind == "activity":
            add_styled(doc, _("Shows the invitation and the times of the activity above."))
        elif slide.kind == "break":
            add_styled(doc, _("Shows when the break ends. Restart on time."))


def _block(doc, part: TimedPart, planned: tuple[PlannedSlide, ...], pack: Pack, online: bool, workshop: str) -> None:
    block, profile = part.block, pack.profile
    _ = labels_for(profile)
    add_heading(doc, f"{clock(part)}  {part.title}", level=2)
    if part.frame:
        add_styled(doc, _("{minutes} minutes · the online session's own {kind}").format(minutes=part.minutes,
                                                                                           kind=block.kind))
        if block.fence("facilitator"):
            add_markdown(doc, block.fence("facilitator"))
        _slides(doc, planned, _)
        return
    add_styled(doc, _("{minutes} minutes · {kind} · {lead}").format(minutes=part.minutes, kind=block.kind,
                                                                       lead=lead_words(block, profile)))
    if block.fence("content-warning"):
        add_heading(doc, _("Content warning"), level=3)
        add_markdown(doc, block.fence("content-warning"))
    if block.fence("facilitator"):
        add_heading(doc, _("Purpose and steps"), level=3)
        add_markdown(doc, block.fence("facilitator"))
    if block.activity:
        _activity(doc, block, _)
    if involves_co_facilitator(block, profile.co_facilitation) and block.fence("co-facilitator"):
        add_heading(doc, _("Hand-over with {name}").format(name=profile.co_facilitator_name or _("the co-facilitator")),
                    level=3)
        add_markdown(doc, block.fence("co-facilitator"))
    if block.fence("accessibility"):
        add_heading(doc, _("Accessibility"), level=3)
        add_markdown(doc, block.fence("accessibility"))
    _slides(doc, planned, _)
    if online:  # the workshop runs online: its `remote` fence is how this part runs
        if block.fence("remote"):
            add_heading(doc, _("How it runs online"), level=3)
            add_markdown(doc, block.fence("remote"))
    elif block.fence("remote") or online_words(block, _):
        add_heading(doc, _("If you run this online"), level=3)
        if online_words(block, _):
            add_styled(doc, online_words(block, _))
        add_markdown(doc, block.fence("remote"))
    if block.materials:
        printables = pack.printables.get(workshop)
        add_heading(doc, _("Materials"), level=3)
        add_checklist(doc, [f"{m.text} ({material_source(m, printables, _)})" for m in block.material_items])


def _between_workshops(doc, activities: list[Activity], online: bool, _: Labels) -> None:
    if not activities:
        return
    heading = add_heading(doc, _("Between workshops: tasks for the core team"), level=1)
    heading.paragraph_format.page_break_before = True
    add_styled(doc, _("Agree who does each task before people leave, and check in on them between workshops."))
    after = _("the last session of this workshop") if online else _("this workshop")
    for activity in activities:
        add_heading(doc, activity.title, level=2)
        add_styled(doc, activity.summary)
        hours = (_("{hours} hour") if activity.hours == 1 else _("{hours} hours")).format(hours=f"{activity.hours:g}")
        add_labelled(doc, _("Time"), _("about {hours} for each core team member").format(hours=hours))
        add_labelled(doc, _("When"), _("within {days} days after {after}").format(days=activity.due_days, after=after))
        for section in activity.sections:  # the record sheet's table is in the task sheet, to print
            add_heading(doc, section.title, level=3)
            add_markdown(doc, _("See the task sheet.") if section.key == "record sheet" else section.body,
                         heading_level=4)
        if not activity.sections:
            add_markdown(doc, activity.body, heading_level=3)


def _running(doc, sitting: Sitting, pack: Pack) -> None:
    """One sitting, part by part, with the slide numbers of its own deck."""
    slides = sitting.slides
    _ = labels_for(pack.profile)
    if sitting.online:
        add_heading(doc, sitting_heading(sitting, _), level=1).paragraph_format.page_break_before = True
        shows = _("shows the session")
    else:
        add_heading(doc, _("Running the day"), level=1).paragraph_format.page_break_before = True
        shows = _("shows the day")
    add_styled(doc, _("The deck {deck} has {count} slides: slide 1 is the title and "
                        "slide 2, \"{second}\", {shows}. The slide numbers below match it.")
                      .format(deck=sitting.deck, count=len(slides), second=slides[1].title, shows=shows))
    for part in sitting.parts:
        _block(doc, part, sitting.slides_of(part), pack, sitting.online, sitting.workshop.id)


def facilitators_document(templates: Path):
    """A new facilitators' document (guide, online plan): the Word engine's document, in Arial at
    the guide's sizes."""
    return new_document(templates, "Arial", 11, GUIDE_SIZES)


def build_guide(pack: Pack, agenda: Agenda):
    pack = pack.for_workshop(agenda.workshop.id)  # co-facilitator parts only where this workshop has them
    profile, workshop = pack.profile, agenda.workshop
    _ = labels_for(profile)
    sittings = workshop_sittings(pack, workshop.id)
    doc = facilitators_document(pack.templates)
    doc.styles["Heading 4"].font.italic = False  # slide titles: upright is easier to scan
    _cover(doc, pack, sittings)
    _at_a_glance(doc, sittings, agenda, profile)
    _materials(doc, sittings, pack, _)
    _accessibility(doc, pack.accessibility_plans[workshop.id], profile)
    if profile.co_facilitation:
        _co_facilitator(doc, sittings, profile)
    for sitting in sittings:
        _running(doc, sitting, pack)
    _between_workshops(doc, activities_after(pack, workshop.id), workshop.online, _)
    add_page_numbers(doc, _("{workshop} · {charity} · facilitator guide").format(workshop=workshop.title,
                                                                                 charity=profile.short_name))
    return doc


@register
class GuideWriter(Writer):
    kind = "facilitator-guide"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            agenda = pack.agendas[workshop.id]

            def render(agenda=agenda) -> bytes:
                doc = build_guide(pack, agenda)
                _ = labels_for(pack.profile)
                return save(doc, title=_("Facilitator guide: {workshop}").format(workshop=agenda.workshop.title),
                            author=_("Involvement Team"),
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"guides/{workshop.id}-facilitator-guide.docx", render, workshop=workshop.id)
