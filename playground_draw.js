// playground_draw.js: drawing one frame of the playground on its three canvases.
//
// The first of the page's three scripts (playground_widget.py joins them into one module, in
// the order draw, plane, controls). Everything here is a plain function of the frame Python
// sent and the palette it sent in `config`; nothing here holds state or talks to the kernel.

function floats(dv) { // a DataView from the kernel as a Float32Array (copied: alignment)
  if (!dv || !dv.byteLength) return new Float32Array(0);
  return new Float32Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
}

function ints(dv) {
  if (!dv || !dv.byteLength) return new Int8Array(0);
  return new Int8Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
}

function rgb(hex) { return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)); }

function rgba(hex, a) { const [r, g, b] = rgb(hex); return `rgba(${r},${g},${b},${a})`; }

function fmt(x) { // null is what Python sends for inf and nan
  if (x === null || x === undefined || !isFinite(x)) return "not a finite number";
  if (x === 0) return "0";
  return Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2);
}

function classStyle(cfg, f, c) { return cfg.palette.classes[String(f.classes.length)][String(c)]; }

// Per grid point: the class the network picks (an index into f.classes) and how sure, 0 to 1.
function picks(f) {
  const n = f.grid, k = f.classes.length === 2 ? 1 : f.classes.length, s = floats(f.scores);
  const pick = new Int8Array(n * n), sure = new Float32Array(n * n);
  for (let g = 0; g < n * n; g++) {
    if (k === 1) { pick[g] = s[g] > 0 ? 1 : 0; sure[g] = Math.abs(Math.tanh(s[g])); continue; }
    let best = 0;
    for (let c = 1; c < k; c++) if (s[g * k + c] > s[g * k + best]) best = c;
    let total = 0;
    for (let c = 0; c < k; c++) total += Math.exp(s[g * k + c] - s[g * k + best]);
    pick[g] = best; sure[g] = Math.max(0, (1 / total - 1 / k) * k / (k - 1));
  }
  return { pick, sure };
}

// The boundaries as a field per class that is > 0 where the class wins: one score's own value
// for two classes, score_c - (largest other score) for more. Its zero line is the boundary.
function fields(f) {
  const n = f.grid, s = floats(f.scores), k = f.classes.length;
  if (k === 2) return [s];
  return Array.from({ length: k }, (_, c) => {
    const d = new Float32Array(n * n);
    for (let g = 0; g < n * n; g++) {
      let other = -Infinity;
      for (let j = 0; j < k; j++) if (j !== c) other = Math.max(other, s[g * k + j]);
      d[g] = s[g * k + c] - other;
    }
    return d;
  });
}

function shapePath(ctx, shape, x, y, r) {
  ctx.beginPath();
  if (shape === "square") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === "triangle") {
    ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y + r * 0.7); ctx.lineTo(x - r, y + r * 0.7);
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
}

function drawPlane(canvas, f, cfg, geo, points, labels, cursor) {
  const ctx = canvas.getContext("2d"), n = f.grid, { pick, sure } = picks(f);
  const tints = f.classes.map((c) => rgb(classStyle(cfg, f, c).shade));
  const img = new ImageData(n, n); // one pixel a grid point, scaled up smoothly
  for (let r = 0; r < n; r++) for (let q = 0; q < n; q++) {
    const g = r * n + q, o = ((n - 1 - r) * n + q) * 4; // rows go up x1; images go down
    const k = 0.25 + 0.75 * Math.min(sure[g], 1), base = tints[pick[g]];
    for (let i = 0; i < 3; i++) img.data[o + i] = 255 + k * (base[i] - 255);
    img.data[o + 3] = 255;
  }
  const tmp = document.createElement("canvas");
  tmp.width = n; tmp.height = n;
  tmp.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  // grid points sit on the plane's edges: half a cell overhangs each side
  const cw = canvas.width / (n - 1), ch = canvas.height / (n - 1);
  ctx.drawImage(tmp, -cw / 2, -ch / 2, canvas.width + cw, canvas.height + ch);
  // the boundary, by marching squares: a segment through each cell a field's zero crosses
  ctx.strokeStyle = cfg.palette.boundary; ctx.lineWidth = 1.5; ctx.beginPath();
  const P = (q, r) => [q * cw, canvas.height - r * ch];
  for (const s of fields(f)) for (let r = 0; r < n - 1; r++) for (let q = 0; q < n - 1; q++) {
    const v = [s[r * n + q], s[r * n + q + 1], s[(r + 1) * n + q + 1], s[(r + 1) * n + q]];
    const c = [[q, r], [q + 1, r], [q + 1, r + 1], [q, r + 1]];
    const cross = [];
    for (let i = 0; i < 4; i++) {
      const u = v[i], w = v[(i + 1) % 4], e = c[(i + 1) % 4];
      if ((u > 0) !== (w > 0) && isFinite(u) && isFinite(w)) {
        const t = u / (u - w);
        cross.push(P(c[i][0] + t * (e[0] - c[i][0]), c[i][1] + t * (e[1] - c[i][1])));
      }
    }
    for (let i = 0; i + 1 < cross.length; i += 2) { ctx.moveTo(...cross[i]); ctx.lineTo(...cross[i + 1]); }
  }
  ctx.stroke();
  for (let i = 0; i < labels.length; i++) {
    const [px, py] = geo.toPixel(points[2 * i], points[2 * i + 1]), st = classStyle(cfg, f, labels[i]);
    shapePath(ctx, st.shape, px, py, 4.5);
    ctx.fillStyle = st.fill; ctx.fill();
    ctx.lineWidth = 1.2; ctx.strokeStyle = cfg.palette.outline; ctx.stroke();
  }
  if (cursor) drawCursor(ctx, cfg, geo, points, cursor);
}

function drawCursor(ctx, cfg, geo, points, cursor) { // a cross-hair with a white halo
  const { x, y, near } = cursor;
  for (const [colour, width] of [["#ffffff", 4], [cfg.palette.cursor, 1.6]]) {
    ctx.strokeStyle = colour; ctx.lineWidth = width; ctx.beginPath();
    ctx.moveTo(x - 11, y); ctx.lineTo(x - 3, y); ctx.moveTo(x + 3, y); ctx.lineTo(x + 11, y);
    ctx.moveTo(x, y - 11); ctx.lineTo(x, y - 3); ctx.moveTo(x, y + 3); ctx.lineTo(x, y + 11);
    ctx.stroke();
    if (near >= 0) { // the point Delete would remove: ringed
      const [px, py] = geo.toPixel(points[2 * near], points[2 * near + 1]);
      ctx.beginPath(); ctx.arc(px, py, 9, 0, 2 * Math.PI); ctx.stroke();
    }
  }
}

function drawNetwork(canvas, f, cfg, showGrads) {
  const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pal = cfg.palette;
  ctx.clearRect(0, 0, W, H);
  const sizes = f.sizes, arrays = (showGrads ? f.grads : f.weights).map(floats);
  const x = (k) => 24 + k * (W - 48) / (sizes.length - 1);
  const y = (k, i) => (i + 1) * H / (sizes[k] + 1);
  let big = 0;
  for (const a of arrays) for (const v of a) big = Math.max(big, Math.abs(v));
  big = big || 1;
  for (let k = 0; k + 1 < sizes.length; k++) { // layer k -> k + 1: rows of (weights..., bias)
    const nin = sizes[k], a = arrays[k];
    for (let j = 0; j < sizes[k + 1]; j++) for (let i = 0; i < nin; i++) {
      const v = a[j * (nin + 1) + i];
      ctx.beginPath(); ctx.moveTo(x(k), y(k, i)); ctx.lineTo(x(k + 1), y(k + 1, j));
      ctx.lineWidth = 0.3 + 3.5 * Math.min(Math.abs(v) / big, 1);
      ctx.strokeStyle = rgba(v > 0 ? pal.positive : pal.negative, 0.85); ctx.stroke();
    }
  }
  for (let k = 0; k < sizes.length; k++) for (let i = 0; i < sizes[k]; i++) {
    const b = k === 0 ? 0 : arrays[k - 1][i * (sizes[k - 1] + 1) + sizes[k - 1]];
    ctx.beginPath(); ctx.arc(x(k), y(k, i), Math.min(6, H / (2.4 * sizes[k] + 2)), 0, 2 * Math.PI);
    ctx.fillStyle = k === 0 || !b ? "white" : rgba(b > 0 ? pal.positive : pal.negative, 0.2 + 0.8 * Math.min(Math.abs(b) / big, 1));
    ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = pal.ink; ctx.stroke();
  }
  ctx.fillStyle = pal.ink; ctx.font = "11px system-ui, sans-serif";
  ctx.fillText("x0, x1", 2, 11); ctx.textAlign = "right";
  ctx.fillText(sizes[sizes.length - 1] > 1 ? "scores" : "score", W - 2, 11); ctx.textAlign = "left";
  if (showGrads && f.step === 0) ctx.fillText("no gradients yet: press step", W / 2 - 70, H - 4);
}

function drawCurve(canvas, f, cfg) {
  const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 22;
  const pal = cfg.palette;
  ctx.clearRect(0, 0, W, H);
  const steps = floats(f.curve_steps), loss = floats(f.curve_loss), l2 = floats(f.curve_l2);
  const acc = floats(f.curve_accuracy);
  let top = 0;
  for (let i = 0; i < loss.length; i++) top = Math.max(top, loss[i], l2[i]);
  top = Math.min(top, 1e30) || 1;
  const last = Math.max(1, steps.length ? steps[steps.length - 1] : 1);
  const X = (s) => pad + s / last * (W - pad - 6), Y = (v) => H - pad - v / top * (H - pad - 6);
  ctx.strokeStyle = pal.caption; ctx.lineWidth = 1; ctx.strokeRect(pad, 6, W - pad - 6, H - pad - 6);
  ctx.fillStyle = pal.ink; ctx.font = "10px system-ui, sans-serif";
  ctx.fillText(top.toPrecision(2), 1, 14); ctx.fillText("0", 10, H - pad);
  ctx.fillText(`step ${last}`, W - 54, H - 8); ctx.fillText("0", pad, H - 8);
  const line = (ys, color, scale, dash) => {
    ctx.beginPath(); ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.setLineDash(dash);
    ys.forEach((v, i) => {
      const yy = scale ? H - pad - v * (H - pad - 6) : Y(Math.min(v, top));
      i ? ctx.lineTo(X(steps[i]), yy) : ctx.moveTo(X(steps[i]), yy);
    });
    ctx.stroke(); ctx.setLineDash([]);
  };
  line(acc, pal.curves.accuracy, true, [5, 3]); // dashed, dotted, solid: told apart without colour
  line(l2, pal.curves.l2, false, [1.5, 2.5]);
  line(loss, pal.curves.loss, false, []);
}
