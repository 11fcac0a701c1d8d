"""axe-core, the accessibility engine behind browser audits, run inside the page under test.

The version is pinned here and installed from npm into build/axe on first use (build/ is
ignored by git: nothing of axe is kept in the repository). Every audit adds its violations to
TALLY, rule by rule, which the session writes to build/browser-screens/axe.json and prints.
"""
import json
import shutil
import subprocess

from browsing import REPO, SCREENS

AXE_VERSION = "4.14.1"  # npm view axe-core version, 2026-12-03
AXE_DIR = REPO / "build" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SERIOUS = ("serious", "critical")

# where ("site", "stored", "run") -> rule id -> {"impact", "nodes", "pages"}
TALLY = {}


def install_axe():
    """axe-core AXE_VERSION in build/axe, from npm unless it is there already; its path."""
    try:
        have = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        have = None
    if have == AXE_VERSION:
        return AXE_JS
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("the accessibility audits need npm to install axe-core "
                           f"{AXE_VERSION}: sudo apt-get install -y npm")
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-save", "--no-audit",
                           "--no-fund", "--ignore-scripts", f"axe-core@{AXE_VERSION}"],
                          capture_output=True, text=True, timeout=300)
    if done.returncode or not AXE_JS.exists():
        raise RuntimeError(f"npm could not install axe-core@{AXE_VERSION} into {AXE_DIR}:\n"
                           f"{done.stderr[-2000:]}")
    return AXE_JS


_RUN = """async ([scope, tags]) => {
  if (!document.querySelector(scope)) return null;
  const r = await axe.run(scope, {runOnly: {type: "tag", values: tags},
                                  resultTypes: ["violations"]});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def audit(page, scope, where, name):
    """axe-core over everything matching the CSS selector `scope` in the page; its violations
    (tallied under `where`). None if nothing matches."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(_RUN, [scope, TAGS])
    if found is None:
        return None
    rules = TALLY.setdefault(where, {})
    for v in found:
        r = rules.setdefault(v["id"], {"impact": v["impact"], "nodes": 0, "pages": []})
        r["nodes"] += v["nodes"]
        r["pages"].append(name)
    return found


def serious(name, found):
    """Problem lines for the serious and critical violations of one audit."""
    return [f"{name}: axe {v['impact']} {v['id']} ({v['help']}), {v['nodes']} nodes, e.g. "
            f"{'; '.join(v['targets'])[:160]}" for v in found or [] if v["impact"] in SERIOUS]


def report():
    """The tally as lines, one per place and rule, and as build/browser-screens/axe.json."""
    if not TALLY:
        return []
    SCREENS.mkdir(parents=True, exist_ok=True)
    (SCREENS / "axe.json").write_text(json.dumps(TALLY, indent=1, sort_keys=True))
    lines = [f"axe-core {AXE_VERSION}, tags {', '.join(TAGS)}"]
    for where, rules in sorted(TALLY.items()):
        if not rules:
            lines.append(f"  {where:7} no violations")
        for rule, r in sorted(rules.items()):
            lines.append(f"  {where:7} {rule:32} {r['impact']:9} {r['nodes']:5} nodes on "
                         f"{len(set(r['pages']))} pages")
    return lines
