// What a reader sees of every picture and player inside `scope` (a CSS selector), measured in
// the page as rendered: called by the browser tests with page.evaluate(MEASURE_JS, scope).
//
// Label text size in CSS px: for an <img> holding an SVG, the smallest font-size among its
// <text> (in the SVG's user units, times any scale on its top group) times rendered width /
// viewBox width; for an inline <svg>, each <text>'s computed font size times its screen scale.
// Player frames are measured one by one, stepping with the player's own "next" button.
async (scope) => {
  const root = document.querySelector(scope) || document.body;
  const cellsOf = [...root.querySelectorAll(".jp-Cell")];
  const cellOf = (el) => cellsOf.indexOf(el.closest(".jp-Cell"));
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const parsed = new Map();

  async function show(el) {  // bring it on screen so content-visibility lays it out
    window._gbAt = `cell ${cellOf(el)}, ${el.localName}`;  // where a hang would be
    el.scrollIntoView({ block: "center" });
    await frame();
  }

  async function svgText(src) {  // {font, width} of an SVG image: smallest font, viewBox width
    if (parsed.has(src)) return parsed.get(src);
    let info = null;
    try {
      const text = await (await fetch(src)).text();
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const svg = doc.documentElement;
      if (svg && svg.localName === "svg") {
        const vb = (svg.getAttribute("viewBox") || "").trim().split(/[\s,]+/).map(Number);
        const width = vb.length === 4 ? vb[2] : parseFloat(svg.getAttribute("width"));
        const top = svg.querySelector("g[transform]");
        const m = top && /scale\(\s*([-\d.e]+)/.exec(top.getAttribute("transform"));
        const scale = m ? Math.abs(parseFloat(m[1])) : 1;
        let font = Infinity;
        // A graph's value boxes stack label, "data ...", "grad ...": collect the labels
        const texts = [...svg.querySelectorAll("text")].map((t) => t.textContent.trim());
        const labels = texts.filter((t, i) => /^data /.test(texts[i + 1] || "") &&
          t && !/^(data|grad) /.test(t));
        const graph = texts.some((t) => /^grad /.test(t));
        for (const t of svg.querySelectorAll("text")) {
          if (!t.textContent.trim()) continue;
          let size = null;
          for (let e = t; e && e !== doc && size === null; e = e.parentNode) {
            const a = e.getAttribute && (e.getAttribute("font-size") ||
              (/font-size:\s*([\d.]+)/.exec(e.getAttribute("style") || "") || [])[1]);
            if (a) size = parseFloat(a);
          }
          font = Math.min(font, (size === null ? 14 : size) * scale);  // Graphviz's default
        }
        info = { font, width, labels, graph };
      }
    } catch (e) {
      info = null;
    }
    parsed.set(src, info);
    return info;
  }

  async function picture(el) {  // one <img> or <svg> as it is on screen now
    if (el.localName === "img" && !el.complete) {
      await el.decode().catch(() => {});
      await frame();
    }
    const r = el.getBoundingClientRect();
    const box = el.closest(".jp-OutputArea-output") || el.parentElement;
    const right = Math.min(box.getBoundingClientRect().right, window.innerWidth);
    const p = { cell: cellOf(el), kind: el.localName, width: Math.round(r.width),
      cut: r.width > 0 && r.right > right + 1, px: null, loaded: true, visible: r.width > 0 };
    if (el.localName === "img") {
      p.loaded = el.complete && el.naturalWidth > 0;
      p.natural = el.naturalWidth;
      const src = el.currentSrc || el.src;
      const info = p.loaded && r.width > 0 ? await svgText(src) : null;
      if (info && isFinite(info.font)) p.px = info.font * r.width / info.width;
      p.svg = !!info;
      p.alt = el.getAttribute("alt");
      p.graph = !!(info && info.graph);
      p.labels = info ? info.labels : [];
    } else {
      p.svg = true;
      const title = el.querySelector(":scope > title");
      p.alt = el.getAttribute("aria-label") || (title && title.textContent) || null;
      const desc = el.querySelector(":scope > desc");
      if (desc) p.alt += " " + desc.textContent;
      const texts = [...el.querySelectorAll("text")].map((t) => t.textContent.trim());
      p.graph = texts.some((t) => /^grad /.test(t));
      p.labels = texts.filter((t, i) => /^data /.test(texts[i + 1] || "") && t &&
        !/^(data|grad) /.test(t));
      let px = Infinity;
      for (const t of el.querySelectorAll("text")) {
        const ctm = t.getScreenCTM();
        if (!t.textContent.trim() || !ctm) continue;
        px = Math.min(px, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b));
      }
      if (isFinite(px) && r.width > 0) p.px = px;
    }
    if (p.px !== null) p.px = Math.round(p.px * 10) / 10;
    return p;
  }

  const isVisible = (e) => e.getClientRects().length > 0 &&
    getComputedStyle(e).visibility !== "hidden";
  const label = (b) => ((b.getAttribute("aria-label") || "") + " " + b.textContent).toLowerCase();
  const counterOf = (pl) => [...pl.querySelectorAll("span, output, div")].find(
    (e) => e.children.length === 0 && /^\s*\d+\s+(of|\/)\s+\d+\s*$/.test(e.textContent));

  const players = [];
  const inPlayer = new Set();
  for (const pl of root.querySelectorAll(".gb-player")) {
    await show(pl);
    const frames = [...pl.querySelectorAll(".gb-frame")];
    const buttons = [...pl.querySelectorAll("button, input")].filter(isVisible);
    const find = (word) => buttons.find((b) => b.localName === "button" && label(b).includes(word));
    const next = find("next"), play = find("play"), prev = find("prev");
    const counter = counterOf(pl);
    const shownIndex = () => frames.findIndex(isVisible);
    const item = {
      cell: cellOf(pl), frames: frames.length, buttons: buttons.length,
      controls: !!(next && play && prev && counter && pl.querySelector("input[type=range]")),
      list: [...pl.querySelectorAll(".gb-list li")].filter(isVisible).length,
      first: shownIndex(), steps: [], pictures: [], problems: [],
    };
    if (item.controls) {  // step through every frame with next: each step must move both
      for (let k = 0; k < frames.length; k++) {
        const at = shownIndex();
        window._gbAt = `player in cell ${item.cell}, frame ${at + 1}`;
        const lanes = [...frames[at].children].map((e) => e.getBoundingClientRect().top);
        if (lanes.length > 1 && Math.max(...lanes) - Math.min(...lanes) > 2 && !item.stacked) {
          item.stacked = true;  // side_by_side lanes wrapped under each other
          item.problems.push(`its ${lanes.length} lanes are stacked, not side by side`);
        }
        for (const img of frames[at].querySelectorAll("img, svg")) {
          if (img.localName === "svg" && img.parentElement.closest("svg")) continue;
          await show(img);
          item.pictures.push({ ...(await picture(img)), frame: at });
          inPlayer.add(img);
        }
        if (k === frames.length - 1) break;
        const before = counter.textContent;
        next.click();
        await frame();
        if (shownIndex() !== at + 1 || counter.textContent === before) {
          item.problems.push(`next at frame ${at + 1} showed frame ${shownIndex() + 1}, ` +
            `counter "${before}" -> "${counter.textContent}"`);
          break;
        }
      }
      prev && [...frames].forEach(() => prev.click());  // back to the first frame
    } else if (frames.length) {  // no script ran (untrusted): the first frame is what shows
      for (const img of frames[0].querySelectorAll("img")) {
        await show(img);
        item.pictures.push({ ...(await picture(img)), frame: 0 });
      }
    }
    for (const img of pl.querySelectorAll("img, svg")) inPlayer.add(img);
    players.push(item);
  }

  const pictures = [];
  for (const el of root.querySelectorAll(".jp-OutputArea-output img, .jp-OutputArea-output svg")) {
    if (inPlayer.has(el) || el.closest(".gb-player")) continue;
    if (el.localName === "svg" && el.parentElement.closest("svg")) continue;  // nested svg
    if (el.localName === "svg" && el.getBoundingClientRect().width < 40) continue;  // an icon
    await show(el);
    pictures.push(await picture(el));
  }
  // Text where a picture should be: a graph whose SVG was not rendered (an untrusted notebook).
  const asText = [...root.querySelectorAll(".jp-OutputArea-output")]
    .filter((o) => /^\s*(<Graph: \d+ values|Computation graph of)/.test(o.textContent) &&
      !o.querySelector("img, svg"))
    .map((o) => cellOf(o));
  window.scrollTo(0, 0);
  return { pictures, players, asText };
}
