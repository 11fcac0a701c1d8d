// playground.js: the playground's controls, its messages to the kernel, and what it announces.
//
// The last of the page's three scripts (playground_widget.py joins playground_draw.js,
// playground_plane.js and this into one anywidget module). Python sends a "frame" after every
// change and the constants once (`config`: palette, slider stops, delete radius). What the
// learner does becomes a small message back ({do: "add", x0, x1, label}, {do: "step"}, ...).
// Play keeps exactly one step request on its way: when the answer arrives it asks for the
// next, and draws this one while the kernel trains that one, so the kernel is never flooded.
// A screen reader hears step, loss and accuracy from a live region, at most once a second.

const CSS = `
.gbp { font: 13px/1.4 system-ui, sans-serif; max-width: 880px; }
.gbp-row { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 4px 0; }
.gbp button { font: inherit; padding: 2px 10px; min-width: 64px; cursor: pointer; }
.gbp select, .gbp input[type=text] { font: inherit; }
.gbp input[type=text] { width: 72px; }
.gbp input[type=range] { width: 110px; vertical-align: middle; }
.gbp fieldset { border: 0; padding: 0; margin: 0; display: inline-flex; flex-wrap: wrap; gap: 4px 12px; }
.gbp legend { float: left; padding: 0 6px 0 0; }
.gbp-num { display: inline-block; min-width: 42px; font-family: monospace; }
.gbp-status { font-family: monospace; font-size: 12.5px; }
.gbp-message { min-height: 1.2em; }
.gbp-main { display: flex; flex-wrap: wrap; gap: 10px; }
.gbp-left { width: 422px; } .gbp-right { width: 402px; } /* captions wrap, never widen */
.gbp canvas { border: 1px solid; display: block; max-width: 100%; }
.gbp-plane { cursor: crosshair; }
.gbp-caption { font-size: 12px; margin: 2px 0 6px; }
.gbp-graph { max-height: 420px; overflow: auto; border: 1px solid; display: none; }
.gbp-graph svg { height: auto; }
.gbp-graph.gbp-fit svg { max-width: 100%; }
.gbp :focus-visible { outline: 3px solid var(--gbp-focus); outline-offset: 2px; }
.gbp-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (forced-colors: active) {
  .gbp canvas { forced-color-adjust: none; border-color: CanvasText; }
  .gbp :focus-visible { outline-color: Highlight; }
}
`;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

function nearest(values, v) { // index of the value closest to v, on a log scale
  let best = 0;
  const f = (x) => Math.log(x + 1e-6);
  values.forEach((x, i) => { if (Math.abs(f(x) - f(v)) < Math.abs(f(values[best]) - f(v))) best = i; });
  return best;
}

const SHAPE_SIGN = { circle: "●", square: "■", triangle: "▲" };

function render({ model, el: root }) {
  const cfg = model.get("config"), pal = cfg.palette;
  const ui = el("div", { class: "gbp", style: `color: ${pal.ink}; --gbp-focus: ${pal.focus}` });
  ui.append(el("style", { text: CSS }));
  const viewId = Math.random().toString(36).slice(2); // this view's requests, told from others'
  const tid = (id) => ({ "data-testid": id });

  // --- controls, in reading order (which is Tab's order) ---
  const stepBtn = el("button", { text: "step", title: "one training step", ...tid("step") });
  const playBtn = el("button", { text: "▶ play", ...tid("play") });
  const resetBtn = el("button", { text: "reset", title: "the starting weights again; the settings stay", ...tid("reset") });
  const dataSel = el("select", tid("dataset"));
  const hiddenIn = el("input", { type: "text", title: "hidden layer sizes, such as 16, 16 or none; Enter rebuilds", ...tid("hidden") });
  const actSel = el("select", tid("act"));
  for (const a of cfg.acts) actSel.append(el("option", { value: a, text: a }));
  const lrIn = el("input", { type: "range", min: 0, max: cfg.lrs.length - 1, step: 1, ...tid("lr") });
  const lrNum = el("span", { class: "gbp-num", "aria-hidden": "true" });
  const alphaIn = el("input", { type: "range", min: 0, max: cfg.alphas.length - 1, step: 1, ...tid("alpha") });
  const alphaNum = el("span", { class: "gbp-num", "aria-hidden": "true" });
  const modes = el("fieldset", tid("modes"));
  const status = el("div", { class: "gbp-status", ...tid("status") });
  const message = el("div", { class: "gbp-message", style: `color: ${pal.message}`, ...tid("message") });
  const live = el("div", { class: "gbp-sr", role: "status", "aria-live": "polite", ...tid("live") });
  ui.append(
    el("div", { class: "gbp-row" }, stepBtn, playBtn, resetBtn,
      el("label", {}, "data ", dataSel), el("label", {}, "hidden ", hiddenIn),
      el("label", {}, "activation ", actSel)),
    el("div", { class: "gbp-row" },
      el("label", {}, "learning rate ", lrIn), lrNum, el("label", {}, "L2 strength ", alphaIn), alphaNum),
    el("div", { class: "gbp-row" }, modes), status, message, live);

  const plane = el("canvas", { class: "gbp-plane", width: 420, height: 315, tabindex: 0,
    role: "application", "aria-label": "plane", "aria-describedby": `gbp-keys-${viewId}`, ...tid("plane") });
  const net = el("canvas", { width: 400, height: 180, role: "img", ...tid("network") });
  const curve = el("canvas", { width: 400, height: 125, role: "img", ...tid("curve") });
  const showGrads = el("input", { type: "checkbox", ...tid("show-grads") });
  const keys = el("div", { class: "gbp-caption", id: `gbp-keys-${viewId}`, text:
    "keys on the plane: arrows move the cursor (Shift: small steps), Enter does the chosen " +
    "mode, Delete removes the ringed point, 1 2 3 choose the class to add" });
  const shading = el("div", { class: "gbp-caption" });
  const curveCaption = el("div", { class: "gbp-caption" });
  ui.append(el("div", { class: "gbp-main" },
    el("div", { class: "gbp-left" }, plane, shading, keys),
    el("div", { class: "gbp-right" },
      el("div", { class: "gbp-caption" }, "the network: ",
        el("label", {}, showGrads, " show gradients instead of weights")),
      net,
      el("div", { class: "gbp-caption", text: "blue > 0, orange < 0, thicker = larger; circles: neurons (bias as fill)" }),
      curve, curveCaption)));
  const graphCaption = el("div", { class: "gbp-caption", ...tid("graph-caption") });
  const zoomBtn = el("button", { text: "fit graph to width", style: "display: none", ...tid("zoom") });
  const graphBox = el("div", { class: "gbp-graph", tabindex: 0, role: "region", "aria-label": "computation graph", ...tid("graph") });
  ui.append(graphCaption, zoomBtn, graphBox);
  root.append(ui);

  // --- state ---
  let f = null, points = new Float32Array(0), labels = new Int8Array(0), modeKey = "";
  let playing = false, asked = 0, arrivals = [], drawn = 0, lastDraw = 0, lastSaid = 0;
  let pendingSay = "", sayTimer = null, pendingAction = ""; // pendingAction: what to say next
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  const send = (msg) => model.send(msg);
  const ask = (msg) => { asked += 1; send({ ...msg, id: `${viewId}-${asked}` }); };
  const name = (c) => (f && f.classes.length === 2 ? (c > 0 ? "+1" : "−1") : String(c));

  function say(text) { // into the live region; while playing, at most once a second
    const wait = playing ? lastSaid + 1000 - performance.now() : 0;
    pendingSay = text;
    if (wait > 0) { if (!sayTimer) sayTimer = setTimeout(() => { sayTimer = null; say(pendingSay); }, wait); return; }
    lastSaid = performance.now();
    live.textContent = text; live.dataset.count = String(Number(live.dataset.count || 0) + 1);
  }
  const mode = () => (modes.querySelector("input:checked") || {}).value;
  function setMode(m) { const r = modes.querySelector(`input[value="${m}"]`); if (r) r.checked = true; }

  function buildModes() { // the class radios follow the data: two classes or three
    const key = f.classes.join(",");
    if (key === modeKey) return;
    const was = mode();
    modeKey = key; modes.replaceChildren(el("legend", { text: "on the plane:" }));
    const group = `gbp-mode-${viewId}`;
    const items = f.classes.map((c) => { const st = classStyle(cfg, f, c);
      return [String(c), `add class ${name(c)} ${SHAPE_SIGN[st.shape]}`, `add${c}`, st.fill]; });
    items.push(["delete", "delete a point", "delete", null], ["graph", "show a point's graph", "graph", null]);
    for (const [value, text, id, colour] of items) {
      const r = el("input", { type: "radio", name: group, value, ...tid(`mode-${id}`) });
      const lab = el("label", {}, r, " " + text);
      if (colour) lab.style.color = colour;
      modes.append(lab);
    }
    setMode(items.some((it) => it[0] === was) ? was : String(f.classes[0]));
  }

  const cursor = wirePlane(plane, {
    frame: () => f, points: () => points, labels: () => labels, mode, setMode,
    classes: () => (f ? f.classes : []), className: name,
    act: (msg, sentence) => { pendingAction = sentence; send(msg); },
    say: (t) => { message.textContent = t; say(t); }, sayQuietly: say, redraw: () => f && drawPlaneNow(),
  }, cfg);

  function drawPlaneNow() { drawPlane(plane, f, cfg, geometry(plane, f), points, labels, cursor()); }

  function summary() {
    return `step ${f.step}: loss ${fmt(f.data_loss === null || f.l2 === null ? null : f.data_loss + f.l2)}` +
      `, accuracy ${f.accuracy === null ? "unknown" : Math.round(100 * f.accuracy) + " %"}`;
  }

  function drawStatus() {
    const n = labels.length, counts = f.classes.map((c) => `${labels.filter((v) => v === c).length} of ${name(c)}`);
    const rate = arrivals.length > 2 ? (arrivals.length - 1) * 1000 / (arrivals[arrivals.length - 1] - arrivals[0]) : 0;
    status.textContent = `${summary()} (${f.loss_name} ${fmt(f.data_loss)} + L2 ${fmt(f.l2)})` +
      ` · ${n} points (${counts.join(", ")})` + (playing && rate ? ` · ${rate.toFixed(1)} steps/s` : "");
    Object.assign(status.dataset, { step: f.step, points: n, rate: rate.toFixed(2), drawn });
    message.textContent = f.message;
    const sizes = f.sizes.join("-");
    net.setAttribute("aria-label", `the network ${sizes}, ${f.act}: ${showGrads.checked ? "gradients" : "weights"} drawn as lines, blue > 0, orange < 0`);
    curve.setAttribute("aria-label", `loss curve over ${f.step} steps; now ${summary()}`);
    plane.setAttribute("aria-label", `plane: ${f.dataset}, ${n} points`);
  }

  function syncControls() { // the controls show what Python holds (it may have been set in code)
    dataSel.replaceChildren(...f.datasets.map((d) => el("option", { value: d, text: d === "blobs" ? "blobs (3 classes)" : d })));
    dataSel.value = f.dataset;
    if (document.activeElement !== hiddenIn) hiddenIn.value = f.hidden;
    actSel.value = f.act;
    lrIn.value = nearest(cfg.lrs, f.lr); lrNum.textContent = String(f.lr); lrIn.setAttribute("aria-valuetext", String(f.lr));
    alphaIn.value = nearest(cfg.alphas, f.alpha); alphaNum.textContent = String(f.alpha); alphaIn.setAttribute("aria-valuetext", String(f.alpha));
    shading.textContent = "shading: the class the network picks (" + f.classes.map((c) => {
      const st = classStyle(cfg, f, c); return `${name(c)} ${st.shape}s`; }).join(", ") + "), paler where it is less sure; lines: the boundaries";
    curveCaption.textContent = `per step: ${f.loss_name} loss (solid blue), L2 (dotted grey), accuracy (dashed green, 0 to 100 %)`;
  }

  function draw() {
    f = model.get("frame");
    if (!f || !f.extent) return;
    points = floats(f.points); labels = ints(f.labels);
    drawn += 1; lastDraw = performance.now();
    buildModes(); syncControls(); drawPlaneNow(); drawNetwork(net, f, cfg, showGrads.checked);
    drawCurve(curve, f, cfg); drawStatus();
  }

  let scheduled = false; // a draw is waiting for the next paint (or, reduced motion, a second)
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const later = playing && reduce.matches ? Math.max(0, lastDraw + 1000 - performance.now()) : 0;
    setTimeout(() => requestAnimationFrame(() => { scheduled = false; draw(); }), later);
  }

  function setPlaying(on) {
    playing = on; arrivals = [];
    playBtn.textContent = on ? "❚❚ pause" : "▶ play";
    if (on) ask({ do: "step" }); // even if an answer is overdue (a restarted kernel): it is ignored
    else if (f) say(`paused at ${summary()}`);
  }

  model.on("change:frame", () => {
    const fr = model.get("frame");
    // only the answer to our own latest step continues play: a frame made by a click (or a
    // cell, or another view) while a step is on its way must not start a second chain
    const answers = fr.reply === `${viewId}-${asked}`;
    if (playing && answers) {
      arrivals.push(performance.now()); if (arrivals.length > 20) arrivals.shift();
      if (fr.diverged) setPlaying(false); // the loss left the floats: stop, say why
      else ask({ do: "step" }); // the kernel trains the next while this page draws this one
    }
    if (fr.message) say(fr.message);
    else if (pendingAction) say(`${pendingAction}: ${fr.labels.byteLength} points`);
    else if (answers) { f = fr; say(summary()); }
    pendingAction = "";
    schedule();
  });
  model.on("change:graph", showGraph);
  model.on("change:graph_caption", showGraph);

  function showGraph() {
    const svg = model.get("graph");
    graphBox.innerHTML = svg;
    graphBox.style.display = zoomBtn.style.display = svg ? "block" : "none";
    // the graph runs left to right into the point's loss term, the node with the largest
    // number (draw_dot numbers nodes in topological order): start there
    graphBox.scrollLeft = graphBox.scrollWidth;
    let last = null, best = -1;
    for (const g of graphBox.querySelectorAll("g.node")) {
      const m = /^n(\d+)$/.exec((g.querySelector("title") || {}).textContent || "");
      if (m && Number(m[1]) > best) { best = Number(m[1]); last = g; }
    }
    if (last) {
      const r = last.getBoundingClientRect(), b = graphBox.getBoundingClientRect();
      graphBox.scrollLeft += r.right - b.right + 20;
      graphBox.scrollTop += r.top - b.top - b.height / 2;
    }
    graphCaption.textContent = model.get("graph_caption");
  }

  stepBtn.onclick = () => { setPlaying(false); ask({ do: "step" }); };
  playBtn.onclick = () => setPlaying(!playing);
  resetBtn.onclick = () => { setPlaying(false); pendingAction = "reset to the starting weights"; send({ do: "reset" }); };
  dataSel.onchange = () => { setPlaying(false); send({ do: "load", dataset: dataSel.value }); };
  actSel.onchange = () => send({ do: "rebuild", hidden: hiddenIn.value, act: actSel.value });
  hiddenIn.onchange = () => send({ do: "rebuild", hidden: hiddenIn.value, act: actSel.value });
  lrIn.oninput = () => { lrNum.textContent = String(cfg.lrs[lrIn.value]); lrIn.setAttribute("aria-valuetext", lrNum.textContent); };
  lrIn.onchange = () => send({ do: "lr", value: cfg.lrs[lrIn.value] });
  alphaIn.oninput = () => { alphaNum.textContent = String(cfg.alphas[alphaIn.value]); alphaIn.setAttribute("aria-valuetext", alphaNum.textContent); };
  alphaIn.onchange = () => send({ do: "alpha", value: cfg.alphas[alphaIn.value] });
  showGrads.onchange = () => f && drawNetwork(net, f, cfg, showGrads.checked);
  zoomBtn.onclick = () => {
    const fit = graphBox.classList.toggle("gbp-fit");
    zoomBtn.textContent = fit ? "show graph at full size" : "fit graph to width";
  };

  draw(); showGraph();
  return () => { playing = false; clearTimeout(sayTimer); }; // the view is gone: stop asking
}

export default { render };
