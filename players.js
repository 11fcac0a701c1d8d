// The controls of a player made by players.py (Player.html() puts this script in each player,
// with PID replaced by the player's id). Built by the script, so that where scripts do not run
// (an untrusted notebook, GitHub) there are no dead buttons: the first frame, the others under
// a <details>, and the list of steps in words still read well.
//
// Finds its player through document.currentScript (JupyterLab re-creates scripts in place) and
// keeps its state on the element itself, not in an attribute a copied output would carry.
// For the keyboard and for screen readers: every control is a real button, slider or list,
// reached by Tab with a visible focus ring (also in forced colours); the buttons are named by
// their visible words (the arrows are hidden from speech); the list of steps can be focused and
// scrolled; arrow keys, Home and End step while focus is in the player (on the slider, its own
// arrows do); each step's caption is announced once in a polite live region. The current step
// is marked by more than colour: bold, an outline and aria-current. With prefers-reduced-motion
// play holds each step three times as long and the list jumps rather than glides.
(function () {
  var me = document.currentScript, root = (me && me.parentNode) || document.getElementById("PID");
  if (!root || root._gbPlayer) return;
  root._gbPlayer = true;
  var frames = root.querySelectorAll(".gb-frame"), items = root.querySelectorAll(".gb-list li");
  var more = root.querySelector(".gb-more"), list = root.querySelector(".gb-list");
  var n = frames.length, k = 0, timer = null;
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (more) { more.open = true; more.querySelector("summary").style.display = "none"; }
  var style = document.createElement("style");
  style.textContent = "#PID :focus-visible{outline:3px solid #1a56b0;outline-offset:2px}" +
    "#PID .gb-now{font-weight:bold;outline:2px solid currentColor;outline-offset:-1px;" +
    "background:#fff3c4;color:#000}" +
    "@media (forced-colors:active){#PID :focus-visible{outline-color:Highlight}" +
    "#PID .gb-now{outline-color:Highlight;background:Canvas;color:CanvasText}}";
  root.appendChild(style);
  function button(arrow, word, after) {
    var b = document.createElement("button"), a = document.createElement("span");
    b.type = "button";
    a.textContent = arrow; a.setAttribute("aria-hidden", "true");
    if (after) { b.appendChild(document.createTextNode(word + " ")); b.appendChild(a); }
    else { b.appendChild(a); b.appendChild(document.createTextNode(" " + word)); }
    b.style.cssText = "color:#000;background:#f0f0f0;border:1px solid #555;border-radius:3px;" +
      "padding:0.15em 0.6em;font:inherit;cursor:pointer";
    return b;
  }
  function label(b, arrow, word) { b.lastChild.textContent = " " + word; b.firstChild.textContent = arrow; }
  var bar = document.createElement("div");
  var prev = button("\u25c0", "prev"), play = button("\u25b6", "play"), next = button("\u25b6", "next", true);
  var slider = document.createElement("input"), count = document.createElement("span");
  var said = document.createElement("div");
  slider.type = "range"; slider.min = 1; slider.max = n; slider.value = 1;
  slider.setAttribute("aria-label", "step");
  bar.style.cssText = "display:flex;flex-wrap:wrap;gap:0.5em;align-items:center;margin:0.3em 0";
  [prev, play, next, slider, count].forEach(function (e) { bar.appendChild(e); });
  frames[0].parentNode.insertBefore(bar, frames[0]);
  said.setAttribute("aria-live", "polite");
  frames[n - 1].parentNode.insertBefore(said, frames[n - 1].nextSibling);
  root.querySelectorAll("figcaption").forEach(function (c) { c.style.display = "none"; });
  list.setAttribute("tabindex", "0");
  list.setAttribute("aria-label", "steps");
  list.style.cssText += ";max-height:9em;overflow:auto;position:relative";
  function show(j) {
    k = Math.max(0, Math.min(n - 1, j));
    for (var i = 0; i < n; i++) {
      frames[i].style.display = i === k ? "flex" : "none";
      items[i].className = i === k ? "gb-now" : "";
      if (i === k) items[i].setAttribute("aria-current", "step");
      else items[i].removeAttribute("aria-current");
    }
    slider.value = k + 1;
    slider.setAttribute("aria-valuetext", (k + 1) + " of " + n);
    count.textContent = (k + 1) + " of " + n;
    said.textContent = (k + 1) + " of " + n + ": " + items[k].textContent;
    list.scrollTop = items[k].offsetTop - list.clientHeight / 2;
  }
  function stop() {
    clearInterval(timer); timer = null;
    label(play, "\u25b6", "play");
  }
  function go(j) { stop(); show(j); }
  prev.onclick = function () { go(k - 1); };
  next.onclick = function () { go(k + 1); };
  slider.oninput = function () { go(slider.value - 1); };
  play.onclick = function () {
    if (timer) return stop();
    if (k === n - 1) show(0);
    label(play, "\u275a\u275a", "pause");
    timer = setInterval(function () {
      if (k === n - 1 || !root.isConnected) stop(); else show(k + 1);
    }, calm ? 3000 : 1000);
  };
  Array.prototype.forEach.call(items, function (li, i) {
    li.style.cursor = "pointer"; li.onclick = function () { go(i); };
  });
  root.onkeydown = function (e) {
    if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) return;
    var to = {ArrowLeft: k - 1, ArrowRight: k + 1, Home: 0, End: n - 1}[e.key];
    if (to === undefined) return;
    go(to);
    e.preventDefault();
  };
  show(0);
})();
