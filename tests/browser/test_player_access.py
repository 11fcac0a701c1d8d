"""A player as a learner without a mouse, or with forced colours or zoom, meets it.

On lesson 03's page of the static site (where a player's script runs, as in a trusted notebook):
a keyboard-only walk (Tab, Enter, Space, arrows, Home, End) with what each key changed; the
player's accessibility tree (Playwright's aria snapshot); prefers-reduced-motion slowing play;
every graph picture's text alternative naming its values; and screenshots under forced colours
and at 200 % zoom in build/browser-screens/, to look at.
"""
import re

import pytest
from browsing import REPORT, SCREENS

PAGE = "03_drawing_graphs.html"
PLAYER = ".gb-player"

# Which element has focus, and whether a focus ring shows on it (its outline or box-shadow).
_FOCUSED = """() => { const e = document.activeElement; if (!e) return null;
  const s = getComputedStyle(e), pl = e.closest('.gb-player');
  return {tag: e.localName, type: e.type || '', text: (e.innerText || '').trim(),
          label: e.getAttribute('aria-label') || '', inPlayer: !!pl,
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                || (s.boxShadow && s.boxShadow !== 'none')}; }"""


def state(player):
    """The step the player shows: its counter, the frame on screen, the live region's words."""
    return player.evaluate("""pl => ({
      counter: [...pl.querySelectorAll('span')].map(s => s.textContent)
        .find(t => /^\\d+ of \\d+$/.test(t)),
      frame: [...pl.querySelectorAll('.gb-frame')].findIndex(f => f.style.display !== 'none'),
      said: (pl.querySelector('[aria-live]') || {}).textContent || '',
      play: [...pl.querySelectorAll('button')].map(b => b.innerText.trim())[1]})""")


def open_page(browser, site, **context):
    ctx = browser.new_context(**{"viewport": {"width": 1366, "height": 768}, **context})
    page = ctx.new_page()
    page.clock.install()  # play's timer runs when the test says, not on the machine's clock
    page.goto((site / PAGE).as_uri())
    player = page.locator(PLAYER).first
    player.locator("button").first.wait_for()
    return ctx, page, player


def test_a_player_by_keyboard_only(browser, site):
    ctx, page, player = open_page(browser, site)
    try:
        n = player.locator(".gb-frame").count()
        assert n > 2 and state(player)["counter"] == f"1 of {n}"
        # Tab from the top of the page into the player, then through it
        order = []
        for _ in range(400):
            page.keyboard.press("Tab")
            f = page.evaluate(_FOCUSED)
            if f and f["inPlayer"]:
                order.append(f)
            elif order:
                break
        names = [(f["tag"], f["label"] or f["text"] or f["type"]) for f in order]
        assert names == [("button", "◀ prev"), ("button", "▶ play"), ("button", "next ▶"),
                         ("input", "step"), ("ol", "steps")], names
        assert all(f["ring"] for f in order), f"no visible focus ring on {order}"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")  # back to the slider, then to "next"
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(_FOCUSED)["text"] == "next ▶"
        page.keyboard.press("Enter")
        s = state(player)
        assert (s["counter"], s["frame"]) == (f"2 of {n}", 1)
        assert s["said"].startswith(f"2 of {n}: ")  # announced in the live region
        page.keyboard.press("Space")
        assert state(player)["frame"] == 2
        page.keyboard.press("ArrowLeft")
        assert state(player)["frame"] == 1
        page.keyboard.press("End")
        assert state(player)["counter"] == f"{n} of {n}"
        page.keyboard.press("Home")
        assert state(player)["counter"] == f"1 of {n}"
        page.keyboard.press("Tab")  # the slider: its own arrows step
        page.keyboard.press("ArrowRight")
        assert state(player)["frame"] == 1
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")  # play
        page.keyboard.press("Enter")
        assert state(player)["play"] == "❚❚ pause"
        page.clock.run_for(1100)
        assert state(player)["frame"] == 2  # playing: one step a second
        page.keyboard.press("Enter")
        page.clock.run_for(3000)
        assert state(player)["play"] == "▶ play" and state(player)["frame"] == 2  # paused
        REPORT.append(f"player {PAGE}: keyboard walk through {n} frames, "
                      f"tab order {[t for _, t in names]}")
    finally:
        ctx.close()


def test_play_is_calmer_with_reduced_motion(browser, site):
    ctx, page, player = open_page(browser, site, reduced_motion="reduce")
    try:
        player.locator("button", has_text="play").click()
        page.clock.run_for(1100)
        assert state(player)["frame"] == 0, "with reduced motion a step holds 3 s, not 1 s"
        page.clock.run_for(2000)
        assert state(player)["frame"] == 1
    finally:
        ctx.close()


def test_the_players_accessibility_tree(browser, site):
    from playwright.sync_api import expect
    ctx, page, player = open_page(browser, site)
    try:
        n = player.locator(".gb-frame").count()
        expect(player).to_match_aria_snapshot(f"""
          - button "prev"
          - button "play"
          - button "next"
          - slider "step": "1"
          - text: 1 of {n}
          - img /^1 of {n}: .+/
          - list "steps":
            - listitem: /.+/
          """)
        snap = player.aria_snapshot()
        assert len(re.findall(r"- img \"", snap)) == 1  # only the step on screen is read
        assert snap.count("- listitem") == n
    finally:
        ctx.close()


def test_every_graph_on_the_page_names_its_values(browser, site):
    ctx, page, _ = open_page(browser, site)
    try:
        alts = page.evaluate("""() => [...document.querySelectorAll('img')]
          .filter(i => !i.closest('.gb-player')).map(i => i.getAttribute('alt') || '')""")
        graphs = [a for a in alts if a.startswith("Computation graph of")]
        assert graphs, f"no graph with a text alternative on {PAGE}: {alts[:3]}"
        assert all(a.strip() for a in alts), "a picture without a text alternative"
        for a in graphs:
            assert re.search(r"\w+ = .+: data -?[\d.]+(e-?\d+)?, grad", a), a
    finally:
        ctx.close()


@pytest.mark.parametrize("how, context, media", [
    ("forced-colors", {}, {"forced_colors": "active"}),
    ("forced-colors-dark", {}, {"forced_colors": "active", "color_scheme": "dark"}),
    ("zoom-200", {"viewport": {"width": 683, "height": 384}, "device_scale_factor": 2}, {}),
])
def test_screenshots_under_forced_colours_and_zoom(browser, site, how, context, media):
    """Screenshots to look at; and at 200 % zoom every control stays on screen."""
    ctx, page, player = open_page(browser, site, **context)
    try:
        if media:
            page.emulate_media(**media)
        player.locator("button", has_text="next").click()
        player.locator("button", has_text="next").focus()  # the focus ring, in the picture
        page.keyboard.press("ArrowRight")
        player.scroll_into_view_if_needed()
        SCREENS.mkdir(parents=True, exist_ok=True)
        player.screenshot(path=str(SCREENS / f"player-{how}.png"))
        page.screenshot(path=str(SCREENS / f"site-03-{how}.png"))
        width = page.evaluate("() => window.innerWidth")
        right = player.evaluate("""pl => Math.max(...[...pl.querySelectorAll('button, input')]
          .map(e => e.getBoundingClientRect().right))""")
        assert right <= width + 1, f"{how}: a control of the player is off screen ({right} px)"
    finally:
        ctx.close()
