"""The shared read-only install every learner's server runs from: PREFIX/course and PREFIX/venv.

usage (as root): python classroom/install.py [--prefix /opt/gradbook] [--python /usr/bin/python3]

course/ is a copy of this checkout's course files (the files git tracks); venv/ holds the
pinned requirements and the course, installed once for everybody (no learner installs
anything). Both belong to root and are readable, never writable, by the learners. Run it again
after `git pull`: the course is replaced in one rename, and each learner's next server start
copies the new lessons into their workspace/ (tools/workspace.py, as `make workspace` does).
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

CHECKOUT = pathlib.Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "workspace", "site", "build", "node_modules", "__pycache__",
        ".pytest_cache", ".hypothesis", ".ipynb_checkpoints"}


def course_files(checkout=CHECKOUT):
    """The files git tracks, or (no git) every file outside the skipped folders."""
    try:
        out = subprocess.run(["git", "-C", str(checkout), "ls-files", "-z"], check=True,
                             capture_output=True).stdout.decode()
        return [p for p in out.split("\0") if p and (checkout / p).is_file()]
    except (OSError, subprocess.CalledProcessError):
        return [p.relative_to(checkout).as_posix() for p in checkout.rglob("*")
                if p.is_file() and not SKIP & set(p.relative_to(checkout).parts)]


def everyone_can_run(python):
    """A Python that a learner can run: every folder above it searchable by all, as learners
    are not root (a Python under root's home, as pyenv's, is not)."""
    real = pathlib.Path(os.path.realpath(python))
    if not real.is_file() or not os.stat(real).st_mode & 0o001:
        return False
    return all(os.stat(d).st_mode & 0o001 for d in real.parents)


def pick_python(asked=None):
    for python in [asked] if asked else ["/usr/bin/python3", "/usr/local/bin/python3"]:
        if python and everyone_can_run(python):
            ok = subprocess.run([python, "-c", "import sys, venv; sys.exit(sys.version_info "
                                 "< (3, 10))"], capture_output=True).returncode == 0
            if ok:
                return python
    raise SystemExit("install: no Python 3.10+ with venv that every account can run (tried "
                     f"{asked or '/usr/bin/python3, /usr/local/bin/python3'}): on Debian or "
                     "Ubuntu, sudo apt-get install -y python3 python3-venv")


def copy_course(prefix, checkout=CHECKOUT):
    """Copy the course into prefix/course.new, then swap it in with renames."""
    new, live, old = prefix / "course.new", prefix / "course", prefix / "course.old"
    for stale in (new, old):
        shutil.rmtree(stale, ignore_errors=True)
    for rel in course_files(checkout):
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(checkout / rel, new / rel)
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    return live


def seed_from(venv, seed):
    """Fill a new venv from another of the same Python (hard links where one file system holds
    both): pip then finds every pin met. The test's shortcut; the course itself is reinstalled."""
    version = subprocess.run([str(venv / "bin" / "python"), "-c", "import sys; print("
                              "f'python{sys.version_info[0]}.{sys.version_info[1]}')"],
                             check=True, capture_output=True, text=True).stdout.strip()
    source = pathlib.Path(seed, "lib", version, "site-packages")
    if not source.is_dir():
        return False

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, venv / "lib" / version / "site-packages", dirs_exist_ok=True,
                    copy_function=link, symlinks=True,
                    ignore=shutil.ignore_patterns("__editable__*", "gradbook-*"))
    for data in ("etc", "share"):  # JupyterLab's server extension switch and its web pages
        if (pathlib.Path(seed) / data).is_dir():
            shutil.copytree(pathlib.Path(seed) / data, venv / data, dirs_exist_ok=True,
                            copy_function=link, symlinks=True)
    return True


PINS_MET = """import importlib.metadata as m, re, sys
def met(line):
    pin = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\\s;]+)", line)
    try:
        return bool(pin) and m.version(pin[1]) == pin[2]
    except m.PackageNotFoundError:
        return False
lines = [l.split("#")[0].strip() for f in sys.argv[1:] for l in open(f)]
sys.exit(0 if all(met(l) for l in lines if l) else 1)"""


def pins_met(python, files):
    """True when every line of the requirement files is a name==version pin that the venv
    already has (a re-install after `git pull` with the same pins, or a seeded venv): then pip,
    whose resolver takes seconds even with nothing to do, is not run at all."""
    return subprocess.run([str(python), "-c", PINS_MET, *map(str, files)]).returncode == 0


def link_course(venv, course):
    """The course's modules, found where they lie in course/ (playground.py reads playground.js
    beside itself), by a .pth line in the venv, as an editable install finds them, with nothing
    to build; an update swaps the folder under the same path."""
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    pth = pathlib.Path(purelib, "gradbook-course.pth")
    pth.unlink(missing_ok=True)  # never write through a link
    pth.write_text(f"{course}\n")
    return pth


def install(prefix, python=None, quiet=True, seed=None):
    prefix = pathlib.Path(prefix)
    if os.geteuid() != 0:
        raise SystemExit("install: run as root (sudo): the install belongs to root so that no "
                         "learner can change it")
    python = pick_python(python)
    prefix.mkdir(parents=True, exist_ok=True)
    course = copy_course(prefix)
    venv = prefix / "venv"
    fresh = not (venv / "bin" / "python").exists()
    if fresh:
        # A seed brings pip with everything else: no ensurepip (the slow part of a new venv).
        subprocess.run([python, "-m", "venv", *(["--without-pip"] if seed else []), str(venv)],
                       check=True)
        if seed and not seed_from(venv, seed):
            subprocess.run([str(venv / "bin" / "python"), "-m", "ensurepip", "--default-pip"],
                           check=True, stdout=subprocess.DEVNULL)
    requirements = [course / "requirements.txt", course / "requirements-classroom.txt"]
    if not pins_met(venv / "bin" / "python", requirements):
        fresh = True
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install",
                        *(["--quiet"] if quiet else []),
                        *(a for r in requirements for a in ("-r", str(r)))], check=True)
    pth = link_course(venv, course)
    subprocess.run([str(venv / "bin" / "python"), "-m", "ipykernel", "install", "--sys-prefix",
                    "--name", "python3", "--display-name", "Python 3 (gradbook)"],
                   check=True, stdout=subprocess.DEVNULL)
    # Root's, readable by all, writable by none else: the venv's 30 000 files only when pip or
    # a new venv wrote them (a re-install with the same pins writes course/, the .pth and the
    # kernel's spec, no more).
    os.chown(prefix, 0, 0)
    os.chmod(prefix, 0o755)
    kernels = venv / "share" / "jupyter" / "kernels"
    for folder in [course] + ([venv] if fresh else [kernels, pth]):
        subprocess.run(["chown", "-R", "root:root", str(folder)], check=True)
        subprocess.run(["chmod", "-R", "u+rwX,go+rX,go-w", str(folder)], check=True)
    return prefix


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", default="/opt/gradbook")
    parser.add_argument("--python", help="the Python for the shared venv (default: the system's)")
    a = parser.parse_args(argv)
    prefix = install(a.prefix, a.python)
    print(f"The course and its environment are installed, read-only, in {prefix}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
