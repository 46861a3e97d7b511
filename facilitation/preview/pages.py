"""The preview's HTML pages: the charity's index, a page per workshop and per online session.

A workshop page draws the deck the deck writer makes (facilitation.writers.deck.build_deck, read
back by facilitation.preview.slides), and beside each slide its notes, the facilitator's and
co-facilitator's text and the block's clock times; then the guide's agenda and what
`facilitation check` finds for the workshop (content rules on its file, deck rules on its deck).
"""

from __future__ import annotations

import html
import re
from markdown_it import MarkdownIt

from facilitation.colour import readable
from facilitation.model import Agenda, AgendaItem, Pack
from facilitation.plan.agenda import effective_lead
from facilitation.plan.dates import long_date
from facilitation.preview.decks import DeckCache, Shown
from facilitation.preview.slides import preview_deck
from facilitation.project import Project, read_text

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
LEADS = {"facilitator": "Facilitator", "co-facilitator": "Co-facilitator", "both": "Both"}
WORKSHOP = re.compile(r"^/w/([a-z0-9-]+)/?$")
SESSION = re.compile(r"^/w/([a-z0-9-]+)/session-([0-9]+)/?$")
DECKS = DeckCache()  # drawn slides, kept across changes (keyed by what they are made from)

CSS = """
:root { --brand: #1F4E79; --accent: #F2A900; --ink: #1d1d1f; --muted: #5a5a60; --line: #d9dbe1; }
* { box-sizing: border-box; }
body { margin: 0; font-family: var(--font), 'Liberation Sans', Arimo, 'DejaVu Sans', sans-serif; color: var(--ink);
       background: #eef0f4; line-height: 1.45; }
header.top { background: var(--brand); color: #fff; padding: 14px 28px; display: flex; align-items: baseline;
             gap: 18px; flex-wrap: wrap; border-bottom: 6px solid var(--accent); }
header.top a { color: #fff; }
header.top h1 { font-size: 1.35rem; margin: 0; }
header.top .meta { opacity: .9; font-size: .9rem; }
header.top .live { margin-left: auto; font-size: .8rem; opacity: .85; }
body.offline header.top .live::after { content: " · server not answering"; color: #ffd6d6; }
main { max-width: 1500px; margin: 0 auto; padding: 18px 28px 60px; }
h2 { font-size: 1.2rem; margin: 28px 0 10px; color: var(--brand); }
a { color: var(--brand); }
.problems { background: #fff4f4; border: 2px solid #C00000; border-radius: 8px; padding: 12px 18px; margin: 8px 0 18px; }
.problems h2 { color: #C00000; margin: 0 0 6px; }
.problems ul { margin: 6px 0; padding-left: 18px; }
.problems code { white-space: pre-wrap; font-size: .92rem; }
.problems .stale { color: var(--muted); font-size: .9rem; margin: 6px 0 0; }
.toc { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 10px; padding: 0; list-style: none; font-size: .82rem; }
.toc a { display: inline-block; padding: 2px 8px; background: #fff; border: 1px solid var(--line); border-radius: 12px;
         text-decoration: none; color: var(--ink); }
.row { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 18px; margin: 0 0 22px;
       align-items: start; scroll-margin-top: 12px; }
.frame { position: relative; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.18), 0 6px 18px rgba(0,0,0,.08);
         border-radius: 4px; overflow: hidden; }
.frame.has-overflow { outline: 3px solid #C00000; }
.slide-svg { display: block; width: 100%; height: auto; }
.number { position: absolute; left: 8px; bottom: 6px; font-size: .75rem; background: rgba(0,0,0,.55); color: #fff;
          padding: 1px 7px; border-radius: 9px; }
.tx { display: flex; flex-direction: column; width: 100%; height: 100%; overflow: visible; overflow-wrap: break-word; }
.tx p { margin: 0; }
.tbl table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.tbl th, .tbl td { padding: 3.6px 7.2px; text-align: left; vertical-align: top; border: 1px solid #fff; }
.tbl p { margin: 0; line-height: 1.2; }
aside.side { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; font-size: .92rem; }
aside.side h3 { margin: 0 0 2px; font-size: 1rem; }
aside.side .when { color: var(--muted); font-size: .85rem; margin: 0 0 8px; }
aside.side section { border-top: 1px solid var(--line); padding: 6px 0 2px; }
aside.side section > b { display: block; font-size: .78rem; text-transform: uppercase; letter-spacing: .04em;
                         color: var(--muted); }
aside.side section p, aside.side section ul { margin: 3px 0; }
aside.side .co b { color: #7a4d00; }
.finding { font-family: 'DejaVu Sans Mono', monospace; font-size: .82rem; white-space: pre-wrap; }
.finding.error { color: #a00000; }
.finding.warning { color: #7a4d00; }
.warn { background: #fff4f4; border-left: 4px solid #C00000; padding: 4px 8px; }
table.agenda { border-collapse: collapse; width: 100%; background: #fff; font-size: .92rem; }
table.agenda th, table.agenda td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.agenda th { background: var(--brand); color: #fff; }
ul.workshops { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
               gap: 12px; }
ul.workshops > li { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--brand);
                    border-radius: 6px; padding: 10px 14px; }
ul.workshops a.name { font-weight: 700; font-size: 1.05rem; }
ul.workshops .meta { color: var(--muted); font-size: .88rem; }
ul.workshops ol { margin: 6px 0 0; padding-left: 20px; font-size: .9rem; }
.ok { color: #176b2c; }
@media (max-width: 900px) { .row { grid-template-columns: 1fr; } }
"""

SCRIPT = """
(function () {
  var version = document.documentElement.getAttribute("data-version");
  var key = "facilitation-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(saved, 10)); }
  if (!window.EventSource) { return; }
  var source = new EventSource("/events?page=" + encodeURIComponent(location.pathname));
  source.onopen = function () { document.body.classList.remove("offline"); };
  source.onerror = function () { document.body.classList.add("offline"); };
  source.onmessage = function (event) {
    if (event.data !== version) {
      sessionStorage.setItem(key, String(window.scrollY));
      source.close();
      location.reload();
    }
  };
})();
"""


def e(text) -> str:
    return html.escape(str(text), quote=True)


def markdown(text: str) -> str:
    """A fence's Markdown as HTML (raw HTML in it is shown as text, never run)."""
    return _MARKDOWN.render(text)


def plain_paragraphs(text: str) -> str:
    return "".join(f"<p>{e(line)}</p>" for line in text.split("\n") if line.strip())


# ---- the frame of every page -------------------------------------------------------------------


def layout(snapshot, slug: str, title: str, body: str, heading: str = "", meta: str = "") -> str:
    pack = snapshot.pack
    brand = pack.profile.branding if pack else None
    primary = readable(brand.primary) if brand else "#1F4E79"
    secondary = brand.secondary if brand else "#F2A900"
    font = (brand.font if brand else "Arial").replace("'", "").replace(";", "")
    name = pack.profile.name if pack else slug
    updated = f"updated {snapshot.good_at:%H:%M:%S}" if snapshot.good_at else "not built yet"
    return (f'<!DOCTYPE html>\n<html lang="en" data-version="{snapshot.version}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)} — preview</title><style>{CSS}:root{{--brand:{primary};--accent:{secondary};"
            f"--font:'{e(font)}';}}</style></head><body>"
            f'<header class="top"><a href="/">{e(name)}</a><h1>{e(heading or title)}</h1>'
            f'<span class="meta">{meta}</span><span class="live">live preview · {updated}</span></header>'
            f"<main>{problems_box(snapshot)}{body}</main><script>{SCRIPT}</script></body></html>")


def problems_box(snapshot) -> str:
    if not snapshot.problems:
        return ""
    count = len(snapshot.problems)
    items = "".join(f"<li><code>{e(line)}</code></li>" for line in snapshot.problems)
    stale = (f'<p class="stale">Below is the last good preview, from {snapshot.good_at:%H:%M:%S}. Save a fix and '
             f"this page updates by itself.</p>" if snapshot.pack is not None else
             '<p class="stale">Nothing could be previewed yet. Save a fix and this page updates by itself.</p>')
    return (f'<section class="problems" role="alert"><h2>{count} problem{"s" if count != 1 else ""} found</h2>'
            f"<ul>{items}</ul>{stale}</section>")


def error_page(snapshot, slug: str, lines: list[str]) -> str:
    items = "".join(f"<li><code>{e(line)}</code></li>" for line in lines)
    body = f'<section class="problems" role="alert"><h2>This page could not be drawn</h2><ul>{items}</ul></section>'
    return layout(snapshot, slug, "Preview", body)


def not_found(snapshot, slug: str, path: str) -> tuple[int, str]:
    body = f'<p>There is no page <code>{e(path)}</code> in this preview. <a href="/">Back to the index</a>.</p>'
    return 404, layout(snapshot, slug, "Not found", body)


# ---- pages ---------------------------------------------------------------------------------------


def render_page(snapshot, project: Project, slug: str, path: str) -> tuple[int, str]:
    """(status, HTML) of a page of the preview."""
    if path in ("/", "/index.html"):
        return 200, index_page(snapshot, slug)
    pack = snapshot.pack
    if pack is None:
        return 200, layout(snapshot, slug, "Preview", "")
    if (match := WORKSHOP.match(path)) and match.group(1) in pack.agendas:
        return 200, workshop_page(snapshot, project, slug, match.group(1))
    if (match := SESSION.match(path)) and match.group(1) in pack.remote_plans:
        plan = pack.remote_plans[match.group(1)]
        number = int(match.group(2))
        if 1 <= number <= len(plan.sessions):
            return 200, session_page(snapshot, slug, match.group(1), number)
    return not_found(snapshot, slug, path)


def when_text(agenda: Agenda) -> str:
    day = long_date(agenda.date) if agenda.date else "date to be agreed"
    return f"{day}, {agenda.start:%H:%M}–{agenda.end:%H:%M}"


def index_page(snapshot, slug: str) -> str:
    pack = snapshot.pack
    if pack is None:
        return layout(snapshot, slug, "Preview", "")
    items = []
    for workshop in pack.workshops:
        agenda = pack.agendas[workshop.id]
        sessions = ""
        plan = pack.remote_plans.get(workshop.id)
        if plan is not None:
            rows = "".join(
                f'<li><a href="/w/{e(workshop.id)}/session-{s.number}">Online session {s.number} of {s.count}</a> '
                f'<span class="meta">{e(long_date(s.date) if s.date else "date to be agreed")}, '
                f'{s.start:%H:%M}–{s.end:%H:%M} ({s.minutes} min)</span></li>' for s in plan.sessions)
            sessions = f"<ol>{rows}</ol>"
        items.append(f'<li><a class="name" href="/w/{e(workshop.id)}">{e(workshop.title)}</a>'
                     f'<div class="meta">{e(when_text(agenda))} · {len(agenda.items)} blocks · '
                     f'{len(workshop.slides)} content slides</div>{sessions}</li>')
    profile = pack.profile
    delivery = {"in-person": f"In person{': ' + profile.venue if profile.venue else ''}",
                "remote": f"Online ({profile.remote_platform})",
                "hybrid": f"Hybrid ({profile.remote_platform} and in the room)"}.get(profile.delivery, profile.delivery)
    body = (f"<h2>Workshops</h2><ul class=\"workshops\">{''.join(items)}</ul>"
            f"<p class=\"meta\">{e(delivery)}. Profile: <code>{e(profile.path)}</code>. Edit the Markdown in "
            f"<code>content/</code>: open pages update by themselves when you save.</p>")
    return layout(snapshot, slug, f"{profile.short_name}: workshop preview", body, heading="Workshop preview",
                  meta=e(f"{len(pack.workshops)} workshops"))


def _fence_text(shown: Shown, name: str) -> str:
    """A fence's text for this slide: the block's own (on its first slide), then the slide's."""
    planned = shown.planned
    if planned is None or planned.item is None or shown.continued:
        return ""
    parts = []
    if shown.first_of_block:
        parts += [f.text for f in planned.item.block.fences if f.name == name]
    if planned.slide is not None and planned.slide.fence(name):
        parts.append(planned.slide.fence(name))
    return "\n\n".join(p for p in parts if p.strip())


def _lead(item: AgendaItem, pack: Pack) -> str:
    return LEADS[effective_lead(item.block.lead, pack.profile.co_facilitation)]


def slide_row(shown: Shown, pack: Pack, when: str = "") -> str:
    slide = shown.slide
    planned = shown.planned
    if planned is not None and planned.item is not None:
        item = planned.item
        when = (f"{item.start:%H:%M}–{item.end:%H:%M} · {e(item.block.title)} · {e(item.block.kind)}, "
                f"{item.block.duration} min · led by {e(_lead(item, pack).lower())}")
    sections = []
    if slide.notes.strip():
        sections.append(f"<section><b>Speaker notes</b>{plain_paragraphs(slide.notes)}</section>")
    facilitator = _fence_text(shown, "facilitator")
    if facilitator:
        sections.append(f"<section><b>Facilitator</b>{markdown(facilitator)}</section>")
    co = _fence_text(shown, "co-facilitator")
    if co:
        sections.append(f'<section class="co"><b>Co-facilitator</b>{markdown(co)}</section>')
    if shown.continued:
        sections.append('<section><b>Continued</b><p>The deck writer moved the text that did not fit on the slide '
                        "before to this slide.</p></section>")
    if slide.overflowing:
        sections.append('<section class="warn"><b>Overflow</b><p>Text runs past the bottom of its box '
                        "(marked in red): shorten it or split the slide.</p></section>")
    if slide.findings:
        lines = "".join(f'<div class="finding {e(f.severity)}">{e(f)}</div>' for f in slide.findings)
        sections.append(f"<section><b>Check findings</b>{lines}</section>")
    frame_class = "frame has-overflow" if slide.overflowing else "frame"
    return (f'<div class="row" id="slide-{slide.number}"><div class="{frame_class}">{slide.svg}'
            f'<span class="number">{slide.number}</span></div>'
            f'<aside class="side"><h3>{slide.number}. {e(slide.title)}</h3><p class="when">{when}</p>'
            f"{''.join(sections)}</aside></div>")


def content_findings(project: Project, pack: Pack, workshop_id: str) -> list:
    """The content rules of `facilitation check` on one workshop (its file's path:line findings)."""
    from facilitation.check.content import CharityContent
    from facilitation.check.rules import checks

    workshop = next(w for w in pack.workshops if w.id == workshop_id)
    profile = pack.profile
    content = CharityContent(project, profile, read_text(project.root / profile.path, profile.path), (workshop,))
    findings = []
    for _, function in checks("workshop"):
        findings += function(content, workshop)
    return findings


def findings_section(findings: list) -> str:
    if not findings:
        return ('<p class="ok">No findings: the content rules and the deck rules of <code>facilitation check</code> '
                "pass for this workshop.</p>")
    return "".join(f'<div class="finding {e(f.severity)}">{e(f)}</div>' for f in findings)


def agenda_table(agenda: Agenda, pack: Pack, numbers: list[list[int]]) -> str:
    rows = []
    for item, slides in zip(agenda.items, numbers):
        links = ", ".join(f'<a href="#slide-{n}">{n}</a>' for n in slides)
        rows.append(f"<tr><td>{item.start:%H:%M}–{item.end:%H:%M}</td><td>{e(item.block.title)}</td>"
                    f"<td>{e(item.block.kind)}</td><td>{e(_lead(item, pack))}</td><td>{item.block.duration}</td>"
                    f"<td>{links}</td></tr>")
    return ('<table class="agenda"><thead><tr><th>Time</th><th>Block</th><th>Kind</th><th>Lead</th><th>Minutes</th>'
            f"<th>Slides</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p class=\"meta\">{agenda.total_minutes} minutes in all, as in the facilitator guide's day at a glance.</p>")


def workshop_page(snapshot, project: Project, slug: str, workshop_id: str) -> str:
    pack = snapshot.pack.for_workshop(workshop_id)
    agenda = pack.agendas[workshop_id]
    workshop = agenda.workshop
    deck = DECKS.workshop(pack, agenda, f"build/{slug}/decks/{workshop_id}.pptx")
    findings = content_findings(project, pack, workshop_id) + deck.findings
    toc = "".join(f'<li><a href="#slide-{s.slide.number}">{s.slide.number}. {e(s.slide.title)}</a></li>'
                  for s in deck.shown)
    body = (f'<h2 id="slides">Slides ({len(deck.shown)})</h2><ul class="toc">{toc}</ul>'
            + "".join(slide_row(each, pack) for each in deck.shown)
            + f'<h2 id="agenda">Agenda</h2>{agenda_table(agenda, pack, deck.numbers)}'
            + f'<h2 id="findings">Check findings ({len(findings)})</h2>{findings_section(findings)}'
            + f'<p class="meta">From <code>{e(workshop.path)}</code>.</p>')
    return layout(snapshot, slug, workshop.title, body, meta=e(when_text(agenda)))


def session_page(snapshot, slug: str, workshop_id: str, number: int) -> str:
    from facilitation.writers.remote_deck import build_session_deck

    pack = snapshot.pack.for_workshop(workshop_id)
    plan = pack.remote_plans[workshop_id]
    session = plan.sessions[number - 1]
    deck = preview_deck(build_session_deck(pack, plan, session),
                        f"build/{slug}/remote/{workshop_id}/session-{number}.pptx")
    rows = "".join(f"<tr><td>{i.start:%H:%M}–{i.end:%H:%M}</td><td>{e(i.title)}</td><td>{e(i.role)}</td>"
                   f"<td>{i.minutes}</td></tr>" for i in session.items)
    timetable = ('<table class="agenda"><thead><tr><th>Time</th><th>Part</th><th>Kind</th><th>Minutes</th></tr>'
                 f"</thead><tbody>{rows}</tbody></table>")
    shown = [Shown(slide, None, False, False) for slide in deck.slides]
    day = long_date(session.date) if session.date else "date to be agreed"
    body = (f'<p><a href="/w/{e(workshop_id)}">The whole workshop</a></p>'
            f"<h2>Slides ({len(deck.slides)})</h2>" + "".join(slide_row(each, pack) for each in shown)
            + f"<h2>Timetable</h2>{timetable}"
            + f"<h2>Check findings ({len(deck.findings)})</h2>{findings_section(deck.findings)}")
    return layout(snapshot, slug, session.title, body,
                  meta=e(f"{day}, {session.start:%H:%M}–{session.end:%H:%M} on {plan.platform}"))
