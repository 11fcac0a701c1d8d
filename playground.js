// playground.js: the browser half of playground.py (an anywidget module, loaded from this file).
//
// Python sends a "frame" after every change: the points, the score on a grid over the plane,
// each layer's weights and gradients, the loss history, as arrays of numbers. Everything is
// drawn here, on three canvases. What the learner does becomes a small message back
// ({do: "add", x0, x1, label}, {do: "step"}, ...). Play keeps exactly one step request on its
// way: when the answer arrives it asks for the next, and draws this one while the kernel trains
// that one. The kernel is never flooded, and stays free to answer anything else between two
// steps; a page that draws slower than the kernel steps skips to the latest frame.

const BLUE = [33, 102, 172], ORANGE = [230, 97, 1]; // weight / gradient > 0 and < 0, as in viz.py
const CLASS_COLOR = { "-1": "#e08214", "1": "#542788" }; // class -1 orange, +1 purple (PuOr)
const SHADE_NEG = [253, 184, 99], SHADE_POS = [178, 171, 210]; // the plane: score < 0, > 0
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 3, 5, 10];
const ALPHAS = [0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1];
const HIT = 7; // pixels: a click this close to a point is a click on the point

const CSS = `
.gbp { font: 13px/1.4 system-ui, sans-serif; color: #222; max-width: 880px; }
.gbp-row { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 4px 0; }
.gbp button { font: inherit; padding: 2px 10px; min-width: 64px; cursor: pointer; }
.gbp select, .gbp input[type=text] { font: inherit; }
.gbp input[type=text] { width: 72px; }
.gbp input[type=range] { width: 110px; vertical-align: middle; }
.gbp-num { display: inline-block; min-width: 42px; font-family: monospace; }
.gbp-status { font-family: monospace; font-size: 12.5px; }
.gbp-message { color: #b35806; min-height: 1.2em; }
.gbp-main { display: flex; flex-wrap: wrap; gap: 10px; }
.gbp-left { width: 422px; } .gbp-right { width: 402px; } /* captions wrap, never widen */
.gbp canvas { border: 1px solid #ccc; display: block; }
.gbp-plane { cursor: crosshair; }
.gbp-caption { font-size: 12px; color: #555; margin: 2px 0 6px; }
.gbp-graph { max-height: 420px; overflow: auto; border: 1px solid #ccc; display: none; }
.gbp-graph svg { height: auto; }
.gbp-graph.gbp-fit svg { max-width: 100%; }
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

function floats(dv) { // a DataView from the kernel as a Float32Array (copied: alignment)
  if (!dv || !dv.byteLength) return new Float32Array(0);
  return new Float32Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
}

function ints(dv) {
  if (!dv || !dv.byteLength) return new Int8Array(0);
  return new Int8Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
}

function nearest(values, v) { // index of the value closest to v, on a log scale where it can
  let best = 0;
  const f = (x) => Math.log(x + 1e-6);
  values.forEach((x, i) => { if (Math.abs(f(x) - f(v)) < Math.abs(f(values[best]) - f(v))) best = i; });
  return best;
}

function rgba(c, a) { return `rgba(${c[0]},${c[1]},${c[2]},${a})`; }

function fmt(x) {
  if (!isFinite(x)) return String(x);
  if (x === 0) return "0";
  return Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2);
}

function render({ model, el: root }) {
  const ui = el("div", { class: "gbp" });
  ui.append(el("style", { text: CSS }));

  // --- controls ---
  const stepBtn = el("button", { text: "step", title: "one training step", "data-testid": "step" });
  const playBtn = el("button", { text: "▶ play", "data-testid": "play" });
  const resetBtn = el("button", { text: "reset", title: "the starting weights again", "data-testid": "reset" });
  const dataSel = el("select", { "data-testid": "dataset" });
  for (const d of ["moons", "circles", "xor", "line"]) dataSel.append(el("option", { value: d, text: d }));
  const hiddenIn = el("input", { type: "text", title: "hidden layer sizes, such as 16, 16 or none; Enter rebuilds", "data-testid": "hidden" });
  const actSel = el("select", { "data-testid": "act" });
  for (const a of ["relu", "tanh", "linear"]) actSel.append(el("option", { value: a, text: a }));
  const lrIn = el("input", { type: "range", min: 0, max: LRS.length - 1, step: 1, "data-testid": "lr" });
  const lrNum = el("span", { class: "gbp-num" });
  const alphaIn = el("input", { type: "range", min: 0, max: ALPHAS.length - 1, step: 1, "data-testid": "alpha" });
  const alphaNum = el("span", { class: "gbp-num" });
  const tools = el("span");
  const viewId = Math.random().toString(36).slice(2); // this view's requests, told from others'
  const toolName = `gbp-tool-${viewId}`; // one radio group per view
  for (const [value, text, id] of [["-1", "add class −1", "minus"], ["1", "add class +1", "plus"],
    ["graph", "show a point's graph", "graph"]]) {
    const r = el("input", { type: "radio", name: toolName, value, "data-testid": `tool-${id}` });
    if (value === "-1") r.checked = true;
    const lab = el("label", {}, r, " " + text);
    if (value !== "graph") lab.style.color = CLASS_COLOR[value];
    tools.append(lab, " ");
  }
  const status = el("div", { class: "gbp-status", "data-testid": "status" });
  const message = el("div", { class: "gbp-message", "data-testid": "message" });

  ui.append(
    el("div", { class: "gbp-row" }, stepBtn, playBtn, resetBtn,
      el("label", {}, "data ", dataSel), el("label", {}, "hidden ", hiddenIn),
      el("label", {}, "activation ", actSel)),
    el("div", { class: "gbp-row" },
      el("label", {}, "learning rate ", lrIn, " "), lrNum,
      el("label", {}, "L2 strength ", alphaIn, " "), alphaNum),
    el("div", { class: "gbp-row" }, "click on the plane: ", tools),
    status, message);

  // --- the three canvases ---
  const plane = el("canvas", { class: "gbp-plane", width: 420, height: 315, "data-testid": "plane" });
  const net = el("canvas", { width: 400, height: 180, "data-testid": "network" });
  const curve = el("canvas", { width: 400, height: 125, "data-testid": "curve" });
  const showGrads = el("input", { type: "checkbox", "data-testid": "show-grads" });
  ui.append(el("div", { class: "gbp-main" },
    el("div", { class: "gbp-left" }, plane, el("div", { class: "gbp-caption", text:
      "shading: the network's score (purple > 0, orange < 0, paler near 0); line: score = 0" })),
    el("div", { class: "gbp-right" },
      el("div", { class: "gbp-caption" }, "the network: ",
        el("label", {}, showGrads, " show gradients instead of weights")),
      net,
      el("div", { class: "gbp-caption", text: "blue > 0, orange < 0, thicker = larger; circles: neurons (bias as fill)" }),
      curve,
      el("div", { class: "gbp-caption", text: "loss per step: hinge (blue), L2 (grey), accuracy (green, 0 to 100 %)" }))));

  const graphCaption = el("div", { class: "gbp-caption", "data-testid": "graph-caption" });
  const graphBox = el("div", { class: "gbp-graph", "data-testid": "graph", title: "click to fit it to the width, click again for full size" });
  ui.append(graphCaption, graphBox);
  root.append(ui);

  // --- state ---
  let f = null, points = null, labels = null;
  let playing = false, waiting = false, asked = 0; // waiting: for the answer to step `asked`
  let arrivals = []; // times of the last frames while playing: the measured steps per second

  const send = (msg) => model.send(msg);
  const ask = (msg) => { waiting = true; asked += 1; send({ ...msg, id: `${viewId}-${asked}` }); };

  function toPixel(x0, x1) {
    const [a, b, c, d] = f.extent;
    return [(x0 - a) / (b - a) * plane.width, (d - x1) / (d - c) * plane.height];
  }
  function toData(px, py) {
    const [a, b, c, d] = f.extent;
    return [a + px / plane.width * (b - a), d - py / plane.height * (d - c)];
  }

  function drawPlane() {
    const ctx = plane.getContext("2d"), n = f.grid, s = floats(f.scores);
    // the score grid as an n x n image, scaled up smoothly: one pixel per grid point
    const img = new ImageData(n, n);
    for (let r = 0; r < n; r++) for (let q = 0; q < n; q++) {
      const v = s[r * n + q], o = ((n - 1 - r) * n + q) * 4; // rows go up x1; images go down
      const t = isFinite(v) ? Math.min(Math.abs(Math.tanh(v)), 1) : 0;
      const base = v > 0 ? SHADE_POS : SHADE_NEG, k = isFinite(v) ? 0.25 + 0.75 * t : 0;
      for (let i = 0; i < 3; i++) img.data[o + i] = isFinite(v) ? 255 + k * (base[i] - 255) : 200;
      img.data[o + 3] = 255;
    }
    const tmp = el("canvas", { width: n, height: n });
    tmp.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    // grid points sit on the plane's edges: half a cell overhangs each side
    const cw = plane.width / (n - 1), ch = plane.height / (n - 1);
    ctx.drawImage(tmp, -cw / 2, -ch / 2, plane.width + cw, plane.height + ch);
    // the boundary, score = 0, by marching squares: a segment through each cell it crosses
    ctx.strokeStyle = "rgba(40,40,40,0.8)"; ctx.lineWidth = 1.5; ctx.beginPath();
    const P = (q, r) => [q * cw, plane.height - r * ch];
    for (let r = 0; r < n - 1; r++) for (let q = 0; q < n - 1; q++) {
      const v = [s[r * n + q], s[r * n + q + 1], s[(r + 1) * n + q + 1], s[(r + 1) * n + q]];
      const c = [[q, r], [q + 1, r], [q + 1, r + 1], [q, r + 1]];
      const cross = [];
      for (let i = 0; i < 4; i++) {
        const u = v[i], w = v[(i + 1) % 4];
        if ((u > 0) !== (w > 0) && isFinite(u) && isFinite(w)) {
          const t = u / (u - w);
          cross.push(P(c[i][0] + t * (c[(i + 1) % 4][0] - c[i][0]), c[i][1] + t * (c[(i + 1) % 4][1] - c[i][1])));
        }
      }
      for (let i = 0; i + 1 < cross.length; i += 2) { ctx.moveTo(...cross[i]); ctx.lineTo(...cross[i + 1]); }
    }
    ctx.stroke();
    for (let i = 0; i < labels.length; i++) {
      const [px, py] = toPixel(points[2 * i], points[2 * i + 1]);
      ctx.beginPath(); ctx.arc(px, py, 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = CLASS_COLOR[labels[i]]; ctx.fill();
      ctx.lineWidth = 1; ctx.strokeStyle = "white"; ctx.stroke();
    }
    plane.dataset.first = JSON.stringify(toPixel(points[0], points[1])); // where point 0 is (tests)
  }

  function drawNetwork() {
    const ctx = net.getContext("2d"), W = net.width, H = net.height;
    ctx.clearRect(0, 0, W, H);
    const sizes = f.sizes, arrays = (showGrads.checked ? f.grads : f.weights).map(floats);
    const x = (k) => 24 + k * (W - 48) / (sizes.length - 1);
    const y = (k, i) => (i + 1) * H / (sizes[k] + 1);
    let big = 0;
    for (const a of arrays) for (const v of a) if (isFinite(v)) big = Math.max(big, Math.abs(v));
    big = big || 1;
    for (let k = 0; k + 1 < sizes.length; k++) { // layer k -> k + 1: rows of (weights..., bias)
      const nin = sizes[k], a = arrays[k];
      for (let j = 0; j < sizes[k + 1]; j++) for (let i = 0; i < nin; i++) {
        const v = a[j * (nin + 1) + i];
        ctx.beginPath(); ctx.moveTo(x(k), y(k, i)); ctx.lineTo(x(k + 1), y(k + 1, j));
        ctx.lineWidth = 0.3 + 3.5 * Math.min(Math.abs(v) / big, 1);
        ctx.strokeStyle = rgba(v > 0 ? BLUE : ORANGE, isFinite(v) ? 0.75 : 0.1); ctx.stroke();
      }
    }
    for (let k = 0; k < sizes.length; k++) for (let i = 0; i < sizes[k]; i++) {
      const b = k === 0 ? 0 : arrays[k - 1][i * (sizes[k - 1] + 1) + sizes[k - 1]];
      ctx.beginPath(); ctx.arc(x(k), y(k, i), Math.min(6, H / (2.4 * sizes[k] + 2)), 0, 2 * Math.PI);
      ctx.fillStyle = k === 0 || !b ? "white" : rgba(b > 0 ? BLUE : ORANGE, 0.2 + 0.8 * Math.min(Math.abs(b) / big, 1));
      ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = "#444"; ctx.stroke();
    }
    ctx.fillStyle = "#444"; ctx.font = "11px system-ui, sans-serif";
    ctx.fillText("x0, x1", 2, 11); ctx.textAlign = "right"; ctx.fillText("score", W - 2, 11); ctx.textAlign = "left";
    if (showGrads.checked && big === 1 && f.step === 0) ctx.fillText("no gradients yet: press step", W / 2 - 70, H - 4);
  }

  function drawCurve() {
    const ctx = curve.getContext("2d"), W = curve.width, H = curve.height, pad = 22;
    ctx.clearRect(0, 0, W, H);
    const steps = floats(f.curve_steps), hinge = floats(f.curve_hinge), l2 = floats(f.curve_l2);
    const acc = floats(f.curve_accuracy);
    let top = 0;
    for (let i = 0; i < hinge.length; i++) if (isFinite(hinge[i] + l2[i])) top = Math.max(top, hinge[i], l2[i]);
    top = top || 1;
    const last = Math.max(1, steps.length ? steps[steps.length - 1] : 1);
    const X = (s) => pad + s / last * (W - pad - 6), Y = (v) => H - pad - v / top * (H - pad - 6);
    ctx.strokeStyle = "#bbb"; ctx.lineWidth = 1; ctx.strokeRect(pad, 6, W - pad - 6, H - pad - 6);
    ctx.fillStyle = "#444"; ctx.font = "10px system-ui, sans-serif";
    ctx.fillText(top.toPrecision(2), 1, 14); ctx.fillText("0", 10, H - pad);
    ctx.fillText(`step ${last}`, W - 54, H - 8); ctx.fillText("0", pad, H - 8);
    const line = (ys, color, scale) => {
      ctx.beginPath(); ctx.strokeStyle = color; ctx.lineWidth = 1.5;
      ys.forEach((v, i) => { const yy = scale ? H - pad - v * (H - pad - 6) : Y(Math.min(v, top));
        i ? ctx.lineTo(X(steps[i]), yy) : ctx.moveTo(X(steps[i]), yy); });
      ctx.stroke();
    };
    line(acc, "rgba(27,120,55,0.6)", true);
    line(l2, "#888", false);
    line(hinge, rgba(BLUE, 1), false);
  }

  function drawStatus() {
    const n = labels.length, pos = labels.filter((v) => v > 0).length;
    const rate = arrivals.length > 2 ? (arrivals.length - 1) * 1000 / (arrivals[arrivals.length - 1] - arrivals[0]) : 0;
    status.textContent = `step ${f.step} · loss ${fmt(f.hinge + f.l2)} (hinge ${fmt(f.hinge)} + L2 ${fmt(f.l2)})` +
      ` · accuracy ${Math.round(100 * f.accuracy)} % · ${n} points (${n - pos} of −1, ${pos} of +1)` +
      (playing && rate ? ` · ${rate.toFixed(1)} steps/s` : "");
    status.dataset.step = f.step; status.dataset.points = n; status.dataset.rate = rate.toFixed(2);
    status.dataset.drawn = drawn;
    message.textContent = f.message;
  }

  function syncControls() { // the controls show what Python holds (it may have been set in code)
    dataSel.value = f.dataset; if (dataSel.value !== f.dataset) {
      if (![...dataSel.options].some((o) => o.value === f.dataset)) dataSel.prepend(el("option", { value: f.dataset, text: f.dataset }));
      dataSel.value = f.dataset;
    }
    if (document.activeElement !== hiddenIn) hiddenIn.value = f.hidden;
    actSel.value = f.act;
    lrIn.value = nearest(LRS, f.lr); lrNum.textContent = String(f.lr);
    alphaIn.value = nearest(ALPHAS, f.alpha); alphaNum.textContent = String(f.alpha);
  }

  function draw() {
    f = model.get("frame");
    if (!f || !f.extent) return;
    points = floats(f.points); labels = ints(f.labels);
    drawn += 1;
    syncControls(); drawPlane(); drawNetwork(); drawCurve(); drawStatus();
  }

  function setPlaying(on) {
    playing = on; arrivals = [];
    playBtn.textContent = on ? "❚❚ pause" : "▶ play";
    if (on) ask({ do: "step" }); // even if an answer is overdue (a restarted kernel): it is ignored
  }

  let drawing = false, drawn = 0; // a draw is scheduled for the next paint; frames drawn
  model.on("change:frame", () => {
    // only the answer to our own step ends the wait: a frame made by a click (or by a cell, or
    // another view) while a step is on its way must not start a second chain of requests
    const answers = model.get("frame").reply === `${viewId}-${asked}`;
    if (answers) waiting = false;
    if (playing && answers) {
      arrivals.push(performance.now()); if (arrivals.length > 20) arrivals.shift();
      if (model.get("frame").diverged) setPlaying(false); // the loss went to inf: stop, say why
      // ask for the next step at once: the kernel trains it while this page draws this one
      else ask({ do: "step" });
    }
    if (!drawing) { drawing = true; requestAnimationFrame(() => { drawing = false; draw(); }); }
  });
  model.on("change:graph", showGraph);
  model.on("change:graph_caption", showGraph);

  function showGraph() {
    const svg = model.get("graph");
    graphBox.innerHTML = svg;
    graphBox.style.display = svg ? "block" : "none";
    // the graph runs left to right into the point's hinge term: start there. draw_dot names
    // nodes n0, n1, ... in topological order, so the root is the node with the largest number
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
  resetBtn.onclick = () => { setPlaying(false); send({ do: "reset" }); };
  dataSel.onchange = () => { setPlaying(false); send({ do: "load", dataset: dataSel.value }); };
  actSel.onchange = () => send({ do: "rebuild", hidden: hiddenIn.value, act: actSel.value });
  hiddenIn.onchange = () => send({ do: "rebuild", hidden: hiddenIn.value, act: actSel.value });
  lrIn.oninput = () => { lrNum.textContent = String(LRS[lrIn.value]); };
  lrIn.onchange = () => send({ do: "lr", value: LRS[lrIn.value] });
  alphaIn.oninput = () => { alphaNum.textContent = String(ALPHAS[alphaIn.value]); };
  alphaIn.onchange = () => send({ do: "alpha", value: ALPHAS[alphaIn.value] });
  showGrads.onchange = () => f && drawNetwork();
  graphBox.onclick = () => graphBox.classList.toggle("gbp-fit");

  plane.addEventListener("click", (ev) => {
    if (!f) return;
    const box = plane.getBoundingClientRect();
    const px = (ev.clientX - box.left) * plane.width / box.width;
    const py = (ev.clientY - box.top) * plane.height / box.height;
    let hit = -1, best = HIT * HIT;
    for (let i = 0; i < labels.length; i++) {
      const [qx, qy] = toPixel(points[2 * i], points[2 * i + 1]);
      const d = (qx - px) ** 2 + (qy - py) ** 2;
      if (d <= best) { best = d; hit = i; }
    }
    const tool = root.querySelector(`input[name=${toolName}]:checked`).value;
    if (tool === "graph") {
      if (hit >= 0) send({ do: "inspect", index: hit });
      else message.textContent = "click on a point to see its computation graph";
    } else if (hit >= 0) send({ do: "remove", index: hit });
    else {
      const [x0, x1] = toData(px, py);
      send({ do: "add", x0, x1, label: Number(tool) });
    }
  });

  draw(); showGraph();
  return () => { playing = false; }; // the view is gone: stop asking for steps
}

export default { render };
