"""What a lesson must show once Restart Kernel and Run All Cells has run it in JupyterLab: shared
by test_lab.py (the lessons with players or an explorer) and test_playground.py (lesson 11,
whose one run serves both these checks and the playground's own)."""
import time

from auditing import audit, serious
from browsing import (NOTEBOOK, REPORT, check_play, graphs, measure, picture_problems,
                      screenshot, smallest)

OUTPUTS = f"{NOTEBOOK} .jp-OutputArea-output"  # the course's outputs; JupyterLab's UI is not ours


def show_for_screenshot(page, cell=None):
    """Scroll the notebook to cell number `cell` (the first problem), else to its first player,
    else to its first picture, for the screenshot."""
    page.evaluate(f"""(i) => {{ const n = document.querySelector('{NOTEBOOK}'); if (!n) return;
      const e = i !== null ? n.querySelectorAll('.jp-Cell')[i]
        : n.querySelector('.gb-player') || n.querySelector('.jp-OutputArea-output img, svg');
      if (e) e.scrollIntoView({{block: 'start'}}); }}""", cell)


def after_run_all(page, name, code, start):
    """Problems with a lesson just run (`code`: run_all's cells): every code cell ran, errors
    only where tagged, every picture legible with a text alternative, every player has its
    controls and plays, axe-core finds nothing serious in the outputs. Writes its report line
    and screenshot."""
    seen = measure(page, NOTEBOOK, name)
    problems = []
    unrun = [c for c in code if c["count"] is None and not c["errors"]]
    if unrun:
        c = unrun[0]
        problems.append(f"{name}: {len(unrun)} of {len(code)} code cells did not run, the first "
                        f"is cell {c['i']} ({c['head'][:60]!r})")
    for c in code:
        if c["errors"] and "raises-exception" not in c["tags"]:
            problems.append(f"{name} cell {c['i']} ({c['head'][:50]!r}) raised "
                            f"{c['errors'][0][:80]} without the raises-exception tag")
    problems += picture_problems(name, seen)
    for k, pl in enumerate(seen["players"]):
        if not pl["controls"]:
            problems.append(f"{name} player {k + 1} (cell {pl['cell']}): no prev/play/next, "
                            "slider and counter after running")
        problems += [f"{name} player in cell {pl['cell']}: {p}" for p in pl["problems"]]
    problems += check_play(page, name)
    problems += serious(f"{name} (after Run All)", audit(page, OUTPUTS, "run", name))
    broken = [c["i"] for c in code if c["errors"] and "raises-exception" not in c["tags"]]
    show_for_screenshot(page, broken[0] if broken else None)
    screenshot(page, name.removesuffix(".ipynb") + "-run")
    errors = sum(1 for c in code if c["errors"])
    px = smallest(seen)
    REPORT.append(f"run    {name:28} cells {len(code) - len(unrun):3}/{len(code):<3} errors "
                  f"{errors} graphs {graphs(seen):2} smallest "
                  f"{'-' if px is None else f'{px:.1f}'} px  {time.monotonic() - start:5.1f} s")
    return problems
