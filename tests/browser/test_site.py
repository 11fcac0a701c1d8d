"""The static site of `make html`, opened from file:// as a reader offline would.

Every request that is not file: is aborted and counted: zero may leave the machine. No console
errors, every image loads, graphs are legible and fit, every player steps and plays, every link
between pages reaches a page that exists (and the anchor in it, if it names one), and axe-core
finds no serious or critical accessibility violation on the page.
"""
import html
import pathlib
import re
import time
import urllib.parse

import pytest
from auditing import audit, serious
from browsing import NOTEBOOKS, REPORT, check_play, measure, picture_problems, smallest


def pages():
    """The pages tools/site.py makes: one per lesson and per worked solution."""
    lessons = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    solutions = sorted(NOTEBOOKS.glob("solutions/[0-9][0-9]_*.ipynb"))
    return [str(p.relative_to(NOTEBOOKS).with_suffix(".html")) for p in lessons + solutions]


_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => a.getAttribute('href')).filter(h => h && !h.startsWith('#'))
  .map(h => [h, new URL(h, location.href).href])"""


def broken_links(page, site, here):
    """Links to other files of the site that do not resolve, as 'href: why' lines."""
    bad = []
    for href, url in page.evaluate(_LINKS):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "file":
            continue  # links out of the site (documentation) are counted by the router if hit
        target = pathlib.Path(urllib.parse.unquote(parts.path))
        if not target.is_file():
            shown = target.relative_to(site) if site in target.parents else target
            bad.append(f"{here}: link {href!r} leads to {shown}, which does not exist")
        elif parts.fragment and target.suffix == ".html":
            anchor = urllib.parse.unquote(parts.fragment)
            text = target.read_text(encoding="utf-8", errors="replace")
            if not re.search(r'\bid="' + re.escape(html.escape(anchor)) + '"', text):
                bad.append(f"{here}: link {href!r}: no #{anchor} in {target.name}")
    return bad


@pytest.mark.parametrize("rel", pages())
def test_page(page, site, rel, axe):
    start = time.monotonic()
    path = site / rel
    assert path.is_file(), f"tools/site.py made no {rel}"
    left = []

    def offline(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.goto(path.as_uri(), wait_until="load")
    seen = measure(page, "body", rel)
    problems = [f"{rel}: a request left the machine: {u[:120]}" for u in left]
    problems += [f"{rel}: console error: {e[:200]}" for e in page.errors]
    problems += picture_problems(rel, seen)
    for k, pl in enumerate(seen["players"]):
        if not pl["controls"]:
            problems.append(f"{rel} player {k + 1}: no prev/play/next, slider and counter")
        problems += [f"{rel} player in cell {pl['cell']}: {p}" for p in pl["problems"]]
    problems += check_play(page, rel, scope="body")
    problems += broken_links(page, site, rel)
    found = audit(page, "body", "site", rel)
    problems += serious(rel, found)
    px = smallest(seen)
    REPORT.append(f"site   {rel:38} requests out {len(left)} console errors {len(page.errors)}"
                  f" pictures {len(seen['pictures']):2} players {len(seen['players'])} smallest "
                  f"{'-' if px is None else f'{px:.1f}'} px  {time.monotonic() - start:4.1f} s")
    assert not problems, "\n".join(problems)
