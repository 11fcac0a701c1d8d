// playground_plane.js: the plane by mouse and by keyboard.
//
// The second of the page's three scripts (see playground_draw.js). The mode, chosen in the
// controls, decides what a click or Enter does: "add" modes always add a point of their class
// (even on top of another point: in a dense cloud a click near a point must still add), the
// "delete" mode deletes the nearest point within the delete radius, the "graph" mode shows the
// nearest point's computation graph. By keyboard, the plane (reached by Tab) has a cursor:
// arrows move it (Shift: small steps), Enter or Space does the mode at it, Delete or Backspace
// deletes the point nearest it (ringed), and 1, 2, 3 choose "add" for the first, second, third
// class.

function geometry(canvas, f) { // plane pixels <-> data coordinates, for this frame's extent
  const [a, b, c, d] = f.extent;
  return {
    toPixel: (x0, x1) => [(x0 - a) / (b - a) * canvas.width, (d - x1) / (d - c) * canvas.height],
    toData: (px, py) => [a + px / canvas.width * (b - a), d - py / canvas.height * (d - c)],
  };
}

function nearestPoint(geo, points, n, px, py) { // [index, distance in pixels], -1 if none
  let hit = -1, best = Infinity;
  for (let i = 0; i < n; i++) {
    const [qx, qy] = geo.toPixel(points[2 * i], points[2 * i + 1]);
    const d = (qx - px) ** 2 + (qy - py) ** 2;
    if (d < best) { best = d; hit = i; }
  }
  return [hit, Math.sqrt(best)];
}

// Wire the plane: view is {frame(), points(), labels(), mode(), setMode(m), classes(),
// act(request, sentence), say(text), redraw()}; returns the cursor getter for drawing.
function wirePlane(canvas, view, cfg) {
  let cx = canvas.width / 2, cy = canvas.height / 2, focused = false;

  function near() {
    const f = view.frame();
    if (!f) return -1;
    return nearestPoint(geometry(canvas, f), view.points(), view.labels().length, cx, cy)[0];
  }

  function apply(px, py, mode, exact) { // do the mode at a plane pixel
    const f = view.frame();
    if (!f) return;
    const geo = geometry(canvas, f), n = view.labels().length;
    const [hit, dist] = nearestPoint(geo, view.points(), n, px, py);
    const inReach = hit >= 0 && (!exact || dist <= cfg.delete_radius);
    const [x0, x1] = geo.toData(px, py), at = `(${x0.toFixed(2)}, ${x1.toFixed(2)})`;
    const where = (i) => `(${view.points()[2 * i].toFixed(2)}, ${view.points()[2 * i + 1].toFixed(2)})`;
    if (mode === "delete") {
      if (inReach) view.act({ do: "remove", index: hit }, `deleted point ${hit} at ${where(hit)}`);
      else view.say(`no point within ${cfg.delete_radius} pixels of ${at} to delete`);
    } else if (mode === "graph") {
      if (inReach) view.act({ do: "inspect", index: hit }, `showing the graph of point ${hit}`);
      else view.say("click on a point to see its computation graph");
    } else {
      const label = Number(mode);
      view.act({ do: "add", x0, x1, label }, `added a point of class ${view.className(label)} at ${at}`);
    }
  }

  canvas.addEventListener("click", (ev) => {
    const box = canvas.getBoundingClientRect();
    const px = (ev.clientX - box.left) * canvas.width / box.width;
    const py = (ev.clientY - box.top) * canvas.height / box.height;
    apply(px, py, ev.shiftKey ? "delete" : view.mode(), true);
  });

  canvas.addEventListener("keydown", (ev) => {
    const big = ev.shiftKey ? 3 : 14; // pixels a press
    const moves = { ArrowLeft: [-big, 0], ArrowRight: [big, 0], ArrowUp: [0, -big], ArrowDown: [0, big] };
    if (moves[ev.key]) {
      cx = Math.min(canvas.width - 1, Math.max(0, cx + moves[ev.key][0]));
      cy = Math.min(canvas.height - 1, Math.max(0, cy + moves[ev.key][1]));
      view.redraw();
      const f = view.frame();
      if (f) {
        const [x0, x1] = geometry(canvas, f).toData(cx, cy);
        view.sayQuietly(`cursor at (${x0.toFixed(2)}, ${x1.toFixed(2)})`);
      }
    } else if (ev.key === "Enter" || ev.key === " ") apply(cx, cy, view.mode(), false);
    else if (ev.key === "Delete" || ev.key === "Backspace") apply(cx, cy, "delete", false);
    else if (/^[1-9]$/.test(ev.key) && Number(ev.key) <= view.classes().length) {
      const c = view.classes()[Number(ev.key) - 1];
      view.setMode(String(c));
      view.say(`adding points of class ${view.className(c)}`);
    } else return; // every other key keeps its usual meaning (Tab leaves the plane)
    ev.preventDefault();
  });
  canvas.addEventListener("focus", () => { focused = true; view.redraw(); });
  canvas.addEventListener("blur", () => { focused = false; view.redraw(); });

  return () => (focused ? { x: cx, y: cy, near: near() } : null);
}
