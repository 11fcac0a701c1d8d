// explorer_slider.js: one of the explorer's sliders, a native range input with its name and value.
//
// ipywidgets' FloatSlider draws its handle as a div with role="slider" and no accessible name,
// and offers no way to give it one. This is the plain HTML control instead: a <label> holding
// the input's name, the <input type="range"> and an <output> showing the value; screen readers
// hear "a, slider, 2.00", arrow keys, Page Up/Down, Home and End move it, and the focus ring
// shows (also in forced colours, where the browser draws the input in system colours). The
// blue is 7:1 on JupyterLab's light background; a dark theme gets a light blue, over 7:1 on its.
// The value goes to the kernel on every move, which redraws the graph (explorer.py).

const STYLE = `
.gb-explorer-slider{display:flex;align-items:center;gap:.6em;margin:.2em 0;
  color:var(--jp-content-font-color1,#1a1a1a);font-size:var(--jp-ui-font-size1,13px)}
.gb-explorer-slider .gb-name{min-width:4em;font-family:var(--jp-code-font-family,monospace)}
.gb-explorer-slider input{width:18em;accent-color:#1a56b0;margin:0}
.gb-explorer-slider input:focus-visible{outline:3px solid #1a56b0;outline-offset:2px}
.gb-explorer-slider output{min-width:4.5em;font-family:var(--jp-code-font-family,monospace);
  font-variant-numeric:tabular-nums}
body[data-jp-theme-light=false] .gb-explorer-slider input{accent-color:#8ab4f8}
body[data-jp-theme-light=false] .gb-explorer-slider input:focus-visible{outline-color:#8ab4f8}
@media (forced-colors:active){.gb-explorer-slider input:focus-visible{outline-color:Highlight}}
`;

// The keys a range input moves by. JupyterLab binds some of them to notebook commands in command
// mode (ArrowRight: go to the next heading) from a listener on the document, so they stop here;
// every other key (Escape, Shift+Enter, Tab) still reaches JupyterLab.
const MOVES = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
  "PageUp", "PageDown"]);
const TRAITS = ["value", "min", "max", "step", "description", "digits"];
let counter = 0;

function shown(model, x) {
  return Number(x).toFixed(model.get("digits"));
}

function render({ model, el }) {
  const id = `gb-explorer-slider-${++counter}`;
  const style = document.createElement("style");
  style.textContent = STYLE;
  const label = document.createElement("label");
  label.className = "gb-explorer-slider";
  const name = document.createElement("span");
  name.className = "gb-name";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.setAttribute("aria-hidden", "true"); // the input's aria-valuetext says it already
  label.append(name, input, out);
  el.append(style, label);

  function update() {
    name.textContent = model.get("description");
    // min, max and step before the value, or the browser clamps it to the old range
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    const text = shown(model, model.get("value"));
    out.textContent = text;
    input.setAttribute("aria-valuetext", text);
  }
  update();
  for (const k of TRAITS) model.on(`change:${k}`, update);

  input.addEventListener("keydown", (event) => {
    if (MOVES.has(event.key)) event.stopPropagation();
  });
  input.addEventListener("input", () => {
    const text = shown(model, input.value);
    out.textContent = text;
    input.setAttribute("aria-valuetext", text);
    model.set("value", Number(input.value));
    model.save_changes();
  });
  return () => { for (const k of TRAITS) model.off(`change:${k}`, update); };
}

export default { render };
