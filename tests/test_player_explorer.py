"""The explorer's sliders: native range inputs named by a label, with a readout, synced both ways.

ipywidgets' FloatSlider has a handle with no accessible name (axe: aria-input-field-name); the
explorer's Slider is a small anywidget whose page half (explorer_slider.js) is run here in node
against a minimal stand-in for the DOM and the widget model, so what it builds is checked
without a browser (tests/browser/test_lab.py checks it in JupyterLab)."""
import json
import re
import shutil
import subprocess

import pytest

import explorer
from engine import Value
from playground_palette import contrast


def _build(a, b):
    return Value(a, "a") * Value(b, "b")


def test_each_input_gets_a_slider_with_its_name_range_and_value():
    ex = explorer.explore(_build, a=(-3, 3, 0.25, 2.0), b=(-4, 4, 0.1, -1.0))
    a, b = ex.sliders["a"], ex.sliders["b"]
    assert isinstance(a, explorer.Slider) and ex.widget.children[:2] == (a, b)
    assert (a.description, a.min, a.max, a.step, a.value, a.digits) == ("a", -3, 3, 0.25, 2, 2)
    assert (b.description, b.value, b.digits) == ("b", -1.0, 2)
    assert a._esm == explorer.SLIDER_JS.read_text(encoding="utf-8")


def test_a_value_beyond_the_range_stops_at_its_end_and_still_redraws():
    ex = explorer.explore(_build, a=(-3, 3, 0.5, 2.0), b=(-3, 3, 0.5, 1.0))
    seen = []
    ex.sliders["a"].observe(lambda change: seen.append(change["new"]), names="value")
    ex.sliders["a"].value = 10
    assert ex.sliders["a"].value == 3.0 and seen == [3.0]
    assert ex.widget.children[-1].value == explorer.explore(
        _build, a=(-3, 3, 0.5, 3.0), b=(-3, 3, 0.5, 1.0)).widget.children[-1].value


@pytest.mark.parametrize("step, shown", [(0.5, 2), (0.1, 2), (1, 2), (0.001, 3), (1e-9, 6)])
def test_the_readout_shows_as_many_decimals_as_the_step_needs(step, shown):
    assert explorer.digits(step) == shown


# The page half, run in node: document.createElement and the model, as small as render needs.
HARNESS = """
const made = [];
function element(tag) {
  const e = {tag, children: [], attrs: {}, listeners: {}, textContent: "",
    setAttribute(k, v) { this.attrs[k] = String(v); },
    getAttribute(k) { return this.attrs[k]; },
    append(...c) { this.children.push(...c); },
    addEventListener(t, f) { this.listeners[t] = f; }};
  made.push(e);
  return e;
}
globalThis.document = {createElement: element};
const data = {description: "w1", min: -4, max: 4, step: 0.1, digits: 2, value: -3};
const handlers = {};
let saved = 0;
const model = {get: k => data[k], set: (k, v) => { data[k] = v; },
  on: (e, f) => { handlers[e] = f; }, off: e => { delete handlers[e]; },
  save_changes: () => { saved += 1; }};
const {default: widget} = await import(process.argv[2]);
const el = element("div");
widget.render({model, el});
const [style, label] = el.children;
const [name, input, out] = label.children;
const tree = (e) => ({tag: e.tag, type: e.type, id: e.id, htmlFor: e.htmlFor, min: e.min,
  max: e.max, step: e.step, value: e.value, text: e.textContent, attrs: {...e.attrs}});
const first = [label, name, input, out].map(tree);
input.value = "-2.9";                    // the learner presses the right arrow
input.listeners.input();
const moved = {value: data.value, saved, text: out.textContent, attrs: {...input.attrs}};
data.value = 1.5;                        // Python sets the value
handlers["change:value"]();
const set = {value: input.value, text: out.textContent, attrs: {...input.attrs}};
const stops = {};
for (const key of ["ArrowRight", "ArrowLeft", "Home", "PageDown", "Escape", "Enter", "Tab"]) {
  let stopped = false;
  input.listeners.keydown({key, stopPropagation: () => { stopped = true; }});
  stops[key] = stopped;
}
console.log(JSON.stringify({style: style.textContent, first, moved, set, stops,
  listening: Object.keys(handlers).sort()}));
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed: the slider's page half is checked in the browser tests")
    where = tmp_path_factory.mktemp("slider")
    (where / "slider.mjs").write_text(explorer.SLIDER_JS.read_text(encoding="utf-8"))
    (where / "harness.mjs").write_text(HARNESS)
    done = subprocess.run([node, str(where / "harness.mjs"), (where / "slider.mjs").as_uri()],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_page_draws_a_labelled_native_range_input_with_a_readout(page):
    label, name, input_, out = page["first"]
    assert label["tag"] == "label" and name["text"] == "w1"  # the label names the input
    assert input_["tag"] == "input" and input_["type"] == "range"
    assert (input_["min"], input_["max"], input_["step"], input_["value"]) == (-4, 4, 0.1, -3)
    assert out["tag"] == "output" and out["htmlFor"] == input_["id"] and out["text"] == "-3.00"
    assert input_["attrs"]["aria-valuetext"] == "-3.00"
    assert "role" not in input_["attrs"]  # a native input needs no ARIA role


def test_moving_the_slider_sends_its_value_and_python_moves_it_back(page):
    assert page["moved"] == {"value": -2.9, "saved": 1, "text": "-2.90",
                             "attrs": {"aria-valuetext": "-2.90"}}
    assert page["set"]["value"] == 1.5 and page["set"]["text"] == "1.50"
    assert page["set"]["attrs"]["aria-valuetext"] == "1.50"
    assert {"change:value", "change:min", "change:max"} <= set(page["listening"])


def test_the_keys_that_move_it_are_kept_from_jupyterlab_and_no_others(page):
    # In command mode JupyterLab binds ArrowRight (next heading) and others on the document.
    assert page["stops"] == {"ArrowRight": True, "ArrowLeft": True, "Home": True,
                             "PageDown": True, "Escape": False, "Enter": False, "Tab": False}


def test_the_focus_ring_shows_and_survives_forced_colours(page):
    css = page["style"].replace("\n", "")
    assert ":focus-visible{outline:3px solid #1a56b0" in css
    assert ("@media (forced-colors:active){.gb-explorer-slider input:focus-visible"
            "{outline-color:Highlight}") in css


def test_the_slider_and_its_focus_ring_stand_out_in_light_and_dark_themes(page):
    css = page["style"].replace("\n", "")
    light = re.search(r"\.gb-explorer-slider input\{[^}]*accent-color:(#[0-9a-f]{6})", css)
    dark = re.search(r"theme-light=false\] \.gb-explorer-slider input\{accent-color:(#[0-9a-f]{6})",
                     css)
    assert light and dark
    for colour, backgrounds in ((light[1], ("#ffffff", "#eeeeee")),  # JupyterLab light
                                (dark[1], ("#111111", "#212121"))):  # and dark layouts
        for background in backgrounds:
            assert contrast(colour, background) >= 4.5, (colour, background)
