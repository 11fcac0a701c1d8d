"""A learner's server starts here: their workspace/ first, then the single-user server.

Run by the hub's spawner as the learner, with the shared install's Python, in their home:
tools/workspace.py copies what is new in the course into ~/workspace (the first time, the
whole course; after an update, the new lessons; never over the learner's edits), then this
process becomes jupyterhub-singleuser with the arguments the hub gave.
"""
import os
import pathlib
import sys

COURSE = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(COURSE / "tools"))
import workspace  # noqa: E402  (tools/ is not a package)


def main(args):
    home = pathlib.Path.home()
    workspace.main(str(COURSE / "notebooks"), str(home / "workspace"))
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *args])


if __name__ == "__main__":
    main(sys.argv[1:])
