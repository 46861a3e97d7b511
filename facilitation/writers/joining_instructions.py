"""The `joining-instructions` writer: what a participant needs before they come (DOCX).

One per sitting that really happens (`facilitation.plan.delivery`): a workshop's day in person,
or each of its online sessions. It gives the date and times, the venue and its access or the
platform and how to join, what to bring, a question about access needs, the workshop's content
warnings, and who to contact. In Wales the Welsh-language Active Offer comes first: Welsh is
offered without anyone having to ask for it.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.i18n import labels_for
from facilitation.model import Pack, Profile
from facilitation.plan.dates import long_date
from facilitation.plan.delivery import Sitting, workshop_sittings
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.participant import (add_write_in_box, clock, contact_line, finish, new_document,
                                                   participant_style, space_before)
from facilitation.writers.docx.text import add_heading, add_markdown, add_styled, add_table

# Venue access the profile's accessibility list can promise, in the participant's words.
VENUE_ACCESS = {"step-free": "There is step-free access.", "hearing-loop": "There is a hearing loop.",
                "quiet-room": "There is a quiet room you can use at any time.",
                "captions": "Live captions are shown on the screen.", "bsl": "BSL interpreters will be there."}
ONLINE_ACCESS = {"captions": "Live captions are turned on.", "bsl": "BSL interpreters join the call."}


def access_lines(profile: Profile, online: bool, _) -> list[str]:
    offered = ONLINE_ACCESS if online else VENUE_ACCESS
    return [_(offered[need]) for need in profile.accessibility if need in offered]


def build_joining(pack: Pack, sitting: Sitting):
    _ = labels_for(pack.profile)
    profile, workshop = pack.profile, sitting.workshop
    text = pack.handouts.by_workshop[workshop.id]["joining"]
    doc = new_document(pack, participant_style(profile))
    add_heading(doc, _("Joining instructions"), level=0)
    title = (_.fill("{title}: session {number} of {count}", title=workshop.title, number=sitting.number,
                    count=sitting.count) if sitting.online else workshop.title)
    doc.add_paragraph(title)
    if profile.nation == "wales":  # the Active Offer: up front, so nobody has to ask
        add_heading(doc, text["welsh"].title, level=1)
        add_markdown(doc, text["welsh"].body)
    add_heading(doc, text["intro"].title, level=1)
    add_markdown(doc, text["intro"].body)
    where = (_("Online, on {platform}").format(platform=profile.remote_platform) if sitting.online
             else profile.venue or _("To be confirmed"))
    add_table(doc, [_("What"), _("Details")],
              [[_("Date"), long_date(sitting.date) or _("To be confirmed")], [_("Time"), clock(sitting)],
               [_("Where"), where]], widths=[4.0, 13.0])
    how = text["online" if sitting.online else "in-person"]
    space_before(add_heading(doc, how.title, level=1))
    add_markdown(doc, how.body)
    for line in access_lines(profile, sitting.online, _):
        add_styled(doc, line, "List Bullet")
    add_heading(doc, text["bring"].title, level=1)
    add_markdown(doc, text["bring"].body)
    add_heading(doc, text["access"].title, level=1)
    add_markdown(doc, text["access"].body)
    add_write_in_box(doc, _("Your access needs"), height_cm=3.0)
    warnings = [w for w in workshop.content_warnings if w.strip()]
    if warnings:
        add_heading(doc, text["warnings"].title, level=1)
        add_markdown(doc, text["warnings"].body)
        for warning in warnings:
            add_styled(doc, warning[:1].upper() + warning[1:], "List Bullet")
    add_heading(doc, text["contact"].title, level=1)
    add_markdown(doc, text["contact"].body)
    add_styled(doc, contact_line(profile) or _("your contact at {charity}").format(charity=profile.short_name),
               "List Bullet")
    if profile.facilitators:
        add_styled(doc, _("The facilitators: {names}").format(names=", ".join(profile.facilitators)), "List Bullet")
    return doc, title


def render_joining(pack: Pack, sitting: Sitting) -> bytes:
    _ = labels_for(pack.profile)
    doc, title = build_joining(pack, sitting)
    return finish(doc, pack, participant_style(pack.profile), _.fill("Joining instructions: {title}", title=title))


@register
class JoiningInstructionsWriter(Writer):
    kind = "joining-instructions"
    audience = PARTICIPANTS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            for sitting in workshop_sittings(pack, workshop.id):
                if sitting.online:
                    path = f"joining/{workshop.id}-session-{sitting.number}-joining-instructions.docx"
                else:
                    path = f"joining/{workshop.id}-joining-instructions.docx"
                yield Output(self.kind, path, lambda sitting=sitting: render_joining(pack, sitting),
                             workshop=workshop.id, session=sitting.number if sitting.online else None,
                             minutes=sitting.minutes if sitting.online else None)
