"""`facilitation serve`: a real server on a free loopback port, real HTTP clients, a real browser.

Each test works in its own copy of the project with its own profile (written here), so nothing
depends on which charity profiles exist. Every server a test starts is stopped by the fixture.
"""

from __future__ import annotations

import html
import http.client
import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, copy_project
from facilitation.cli import main
from facilitation.errors import FacilitationError
from facilitation.gather import gather
from facilitation.preview.server import PreviewServer, bind_address

# the line of Concepts' first block heading, where the tests misspell an attribute
FIRST_BLOCK = next(n for n, line in enumerate((ROOT / "content/workshops/concepts.md").read_text("utf-8").splitlines(), 1)
                   if line.startswith("# "))

PROFILE = """\
name: Preview Test Trust
short_name: Preview Test
co_facilitation: true
co_facilitator: {name: Sam}
workshops: [concepts, vision]
schedule: {start_date: 2027-03-02, start_time: "09:30"}
branding: {primary: "#6A1B9A", secondary: "#FFB300", font: Arial}
"""
REMOTE_PROFILE = """\
name: Online Test Trust
delivery: remote
remote: {max_session_minutes: 90, platform: Zoom}
workshops: [concepts]
"""
SLUG = "preview-test"
EDIT_SECONDS = 2.0


def make_project(root: Path, slug: str = SLUG, profile: str = PROFILE):
    project = copy_project(root)
    (project.content / "charities" / f"{slug}.yaml").write_text(profile, encoding="utf-8")
    return project


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def deck_titles(project, slug: str, workshop: str) -> list[str]:
    """The slide titles of the deck the deck writer makes (python-pptx, no preview code)."""
    from facilitation.writers.deck import build_deck

    pack = gather(project, slug)
    deck = build_deck(pack, pack.agendas[workshop])
    return [slide.shapes.title.text_frame.text for slide in deck.prs.slides]


class EventStream:
    """An open page's event stream (as the page's script holds it), read in a thread."""

    def __init__(self, server: PreviewServer, page: str):
        self.versions: list[str] = []
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.connection.request("GET", f"/events?page={page}")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    self.versions.append(line[6:])
        except OSError:
            pass

    def wait_for(self, count: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(self.versions) < count:
            time.sleep(0.02)
        return len(self.versions) >= count

    def close(self) -> None:
        self.connection.close()


def wait_for_page(url: str, text: str, seconds: float) -> tuple[float, str]:
    """Poll a page until `text` is in it; (seconds taken, last page)."""
    started = time.monotonic()
    body = ""
    while time.monotonic() - started < seconds + 10:  # keep looking past the limit, to report how late
        _, body = fetch(url)
        if text in body:
            return time.monotonic() - started, body
        time.sleep(0.05)
    return float("inf"), body


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A server over an unchanging project, for the tests that only read pages."""
    project = make_project(tmp_path_factory.mktemp("serve"))
    with PreviewServer(project, SLUG, port=0) as server:
        yield project, server


@pytest.fixture
def live(tmp_path):
    """A server over a project the test may edit."""
    project = make_project(tmp_path)
    with PreviewServer(project, SLUG, port=0) as server:
        yield project, server


# ---- binding --------------------------------------------------------------------------------------


def test_it_binds_loopback_unless_another_address_is_asked_for_and_then_warns():
    assert bind_address(None) == ("127.0.0.1", None)
    assert bind_address("localhost") == ("localhost", None)
    assert bind_address("::1") == ("::1", None)
    host, warning = bind_address("0.0.0.0")
    assert host == "0.0.0.0" and warning.startswith("warning:") and "network you trust" in warning


def test_the_server_listens_on_loopback_only(shared):
    _, server = shared
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_a_page_asked_for_under_another_host_name_is_refused(shared):
    _, server = shared
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/", headers={"Host": "attacker.example"})
    assert connection.getresponse().status == 403
    connection.close()


def test_serve_refuses_an_unknown_charity_with_a_clear_message(tmp_path):
    project = make_project(tmp_path)
    result = CliRunner().invoke(main, ["serve", "no-such-charity", "--root", str(project.root)])
    assert result.exit_code == 2
    assert "unknown charity 'no-such-charity'" in result.output


def test_serve_warns_about_another_address_and_reports_one_it_cannot_use(tmp_path):
    project = make_project(tmp_path)
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: binding it fails, so nothing listens.
    result = CliRunner().invoke(main, ["serve", SLUG, "--host", "192.0.2.1", "--port", "0", "--root", str(project.root)])
    assert result.exit_code == 1
    assert "warning: serving on 192.0.2.1, not only on this machine" in result.output
    assert "cannot serve on 192.0.2.1:0" in result.output


def test_serve_reports_a_port_in_use(tmp_path):
    project = make_project(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", SLUG, "--port", str(port), "--root", str(project.root)])
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "try --port" in result.output
    assert "warning" not in result.output


# ---- pages ------------------------------------------------------------------------------------------


def test_the_index_links_to_every_workshop_of_the_charity(shared):
    project, server = shared
    status, body = fetch(server.url)
    assert status == 200
    pack = gather(project, SLUG)
    links = re.findall(r'<a class="name" href="([^"]+)">([^<]+)</a>', body)
    assert [href for href, _ in links] == [f"/w/{w.id}" for w in pack.workshops]
    assert [html.unescape(title) for _, title in links] == [w.title for w in pack.workshops]
    for href, _ in links:
        assert fetch(server.url.rstrip("/") + href)[0] == 200


def test_the_workshop_page_has_every_slide_of_the_deck_in_order_with_its_notes_and_times(shared):
    project, server = shared
    titles = deck_titles(project, SLUG, "concepts")
    status, body = fetch(server.url + "w/concepts")
    assert status == 200
    shown = [html.unescape(t) for t in re.findall(r'<svg class="slide-svg"[^>]*aria-label="([^"]*)"', body)]
    assert shown == titles
    pack = gather(project, SLUG)
    first = pack.agendas["concepts"].items[0]
    assert f"{first.start:%H:%M}–{first.end:%H:%M} · {html.escape(first.block.title)}" in body
    assert "Speaker notes" in body and "Facilitator" in body and "Co-facilitator" in body
    assert "<h2 id=\"agenda\">Agenda</h2>" in body and "Check findings" in body
    assert "--brand:#6A1B9A" in body  # the charity's colour


def test_a_slide_too_long_for_its_box_is_shown_continued_as_the_deck_writer_splits_it(tmp_path):
    project = make_project(tmp_path)
    path = project.content / "workshops" / "concepts.md"
    text = path.read_text(encoding="utf-8")
    long_list = "\n".join(f"- Point number {n} that takes up a whole line of the slide body" for n in range(1, 19))
    path.write_text(text.replace("## Who is in the room\n", f"## Who is in the room\n{long_list}\n", 1), "utf-8")
    titles = deck_titles(project, SLUG, "concepts")
    assert "Who is in the room (continued)" in titles
    with PreviewServer(project, SLUG, port=0) as server:
        _, body = fetch(server.url + "w/concepts")
    shown = [html.unescape(t) for t in re.findall(r'<svg class="slide-svg"[^>]*aria-label="([^"]*)"', body)]
    assert shown == titles
    assert "The deck writer moved the text that did not fit" in body


def test_an_unknown_page_is_a_404_and_the_server_keeps_answering(shared):
    _, server = shared
    assert fetch(server.url + "w/no-such-workshop")[0] == 404
    assert fetch(server.url)[0] == 200


def test_a_remote_charity_lists_its_online_sessions_and_each_has_a_page(tmp_path):
    project = make_project(tmp_path, "online-test", REMOTE_PROFILE)
    pack = gather(project, "online-test")
    sessions = pack.remote_plans["concepts"].sessions
    with PreviewServer(project, "online-test", port=0) as server:
        _, index = fetch(server.url)
        for session in sessions:
            href = f"/w/concepts/session-{session.number}"
            assert f'href="{href}"' in index
            status, body = fetch(server.url.rstrip("/") + href)
            assert status == 200 and html.escape(session.title) in body
        assert fetch(server.url + f"w/concepts/session-{len(sessions) + 1}")[0] == 404


# ---- live: edits and mistakes ------------------------------------------------------------------------


def test_an_edit_shows_up_within_two_seconds_and_open_pages_are_told(live):
    project, server = live
    url = server.url + "w/concepts"
    assert "Who is in the room" in fetch(url)[1]
    stream = EventStream(server, "/w/concepts")
    try:
        assert stream.wait_for(1, 5)  # the current version, as soon as the page connects
        path = project.content / "workshops" / "concepts.md"
        path.write_text(path.read_text("utf-8").replace("## Who is in the room", "## Who is here with us today", 1),
                        "utf-8")
        seconds, body = wait_for_page(url, "Who is here with us today", EDIT_SECONDS)
        assert seconds < EDIT_SECONDS, f"the edit took {seconds:.2f} s to show"
        assert "Who is in the room" not in body
        assert stream.wait_for(2, 2) and stream.versions[-1] != stream.versions[0]
    finally:
        stream.close()


def normalised(page: str) -> str:
    return re.sub(r'data-version="\d+"|updated \d\d:\d\d:\d\d', "", page)


def test_after_an_edit_the_page_is_what_a_fresh_preview_of_the_edited_files_shows(live):
    """Gathering only the edited workshop and drawing only its changed block gives the same page."""
    project, server = live
    url = server.url + "w/concepts"
    fetch(url)
    path = project.content / "workshops" / "concepts.md"
    path.write_text(path.read_text("utf-8").replace("- Your name and your role", "- Your name, and what brings you here",
                                                    1), "utf-8")
    seconds, edited = wait_for_page(url, "Your name, and what brings you here", EDIT_SECONDS)
    assert seconds < EDIT_SECONDS
    with PreviewServer(project, SLUG, port=0) as fresh:
        assert normalised(fetch(fresh.url + "w/concepts")[1]) == normalised(edited)


def test_a_mistake_is_shown_as_path_line_and_the_last_good_preview_stays(live):
    project, server = live
    url = server.url + "w/concepts"
    assert "Who is in the room" in fetch(url)[1]  # the page is open before the mistake
    path = project.content / "workshops" / "concepts.md"
    good = path.read_text("utf-8")
    path.write_text(good.replace("{duration=30 kind=opening lead=both}", "{duration=30 kind=opening lead=both colour=red}",
                                 1), "utf-8")
    with pytest.raises(FacilitationError) as raised:
        gather(project, SLUG)
    expected = [str(problem) for problem in raised.value.problems]
    assert any(line.startswith(f"content/workshops/concepts.md:{FIRST_BLOCK}: ") for line in expected)
    seconds, body = wait_for_page(url, html.escape(expected[0]), EDIT_SECONDS)
    assert seconds < EDIT_SECONDS
    for line in expected:
        assert html.escape(line) in body
    assert "Below is the last good preview" in body and "Who is in the room" in body  # the last good slides
    assert fetch(server.url)[0] == 200 and html.escape(expected[0]) in fetch(server.url)[1]
    path.write_text(good, "utf-8")  # fixed: the problems go, the preview is current again
    seconds, body = wait_for_page(url, "live preview", EDIT_SECONDS)
    deadline = time.monotonic() + 10
    while "problems found" in body or "problem found" in body:
        assert time.monotonic() < deadline, "the fixed file was not picked up"
        time.sleep(0.05)
        body = fetch(url)[1]


def test_a_changed_template_is_read_again(live):
    from pptx import Presentation
    from pptx.util import Emu

    project, server = live
    url = server.url + "w/vision"

    def width(page: str) -> float:
        return float(re.search(r'<svg class="slide-svg" viewBox="0 0 ([0-9.]+) ', page).group(1))

    before = width(fetch(url)[1])
    template = project.templates / "deck.pptx"
    prs = Presentation(str(template))
    prs.slide_width = Emu(prs.slide_width + 12700 * 40)  # 40 pt wider
    prs.save(str(template))
    deadline = time.monotonic() + 15
    while width(fetch(url)[1]) < before + 39:
        assert time.monotonic() < deadline, "the changed template was not read again"
        time.sleep(0.1)


def test_a_broken_profile_at_start_still_serves_the_problems(tmp_path):
    project = make_project(tmp_path, profile=PROFILE.replace("workshops: [concepts, vision]", "workshops: [concepts, nope]"))
    with pytest.raises(FacilitationError) as raised:
        gather(project, SLUG)
    with PreviewServer(project, SLUG, port=0) as server:
        status, body = fetch(server.url)
        assert status == 200
        assert html.escape(str(raised.value.problems[0])) in body
        assert "Nothing could be previewed yet" in body


# ---- a real browser ------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
                           ".ci/run installs them)")
def test_in_chromium_every_slide_title_is_visible_and_an_edit_reloads_the_page(live, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    project, server = live
    titles = deck_titles(project, SLUG, "concepts")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,1800"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.get(server.url + "w/concepts")
        frames = driver.find_elements(By.CSS_SELECTOR, ".row .frame")
        assert len(frames) == len(titles)
        for frame, title in zip(frames, titles):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", frame)
            assert frame.is_displayed() and frame.size["width"] > 300
            assert title in " ".join(frame.text.split()), f"slide title {title!r} is not visible on its slide"
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot = ROOT / "build" / "preview-concepts.png"
        screenshot.parent.mkdir(exist_ok=True)
        assert driver.save_screenshot(str(screenshot))

        before = driver.find_element(By.TAG_NAME, "html").get_attribute("data-version")
        path = project.content / "workshops" / "concepts.md"
        path.write_text(path.read_text("utf-8").replace("## Who is in the room", "## Who is joining us today", 1),
                        "utf-8")
        deadline = time.monotonic() + EDIT_SECONDS + 3  # the page reloads itself: no driver.refresh()
        while "Who is joining us today" not in driver.page_source:
            assert time.monotonic() < deadline, "the open page did not reload after the edit"
            time.sleep(0.1)
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("data-version") != before

        good = path.read_text("utf-8")  # a mistake: the page reloads to show it, over the last good slides
        path.write_text(good.replace("{duration=30 kind=opening lead=both}", "{duration=30 kind=opening lead=bosh}", 1),
                        "utf-8")
        deadline = time.monotonic() + EDIT_SECONDS + 3
        while not driver.find_elements(By.CSS_SELECTOR, ".problems"):
            assert time.monotonic() < deadline, "the open page did not show the mistake"
            time.sleep(0.1)
        problems = driver.find_element(By.CSS_SELECTOR, ".problems")
        assert problems.is_displayed() and f"content/workshops/concepts.md:{FIRST_BLOCK}: " in problems.text
        assert len(driver.find_elements(By.CSS_SELECTOR, ".row .frame")) == len(titles)
        driver.execute_script("window.scrollTo(0, 0)")
        assert driver.save_screenshot(str(ROOT / "build" / "preview-mistake.png"))
    finally:
        driver.quit()
