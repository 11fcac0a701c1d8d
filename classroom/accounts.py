"""Learners' and the teacher's accounts: system users the hub's PAM login accepts.

usage (as root):
  python classroom/accounts.py add NAMES_FILE      one name a line (# comments, blank lines ok)
  python classroom/accounts.py add NAME [NAME ...]
  python classroom/accounts.py teacher NAME        the hub's admin (start it with TEACHER=NAME)
  python classroom/accounts.py reset NAME          a new password for a learner or the teacher
  python classroom/accounts.py remove NAME [--delete-files]

Each new account gets a random password, printed once as a table for the teacher to hand
out; `reset` prints a new one. A learner's home (where their workspace/ lives) is theirs
alone (mode 700). Only members of the group gradbook-learners, and the teacher, can log in.
"""
import argparse
import grp
import os
import pathlib
import pwd
import re
import secrets
import subprocess
import sys

from settings import LEARNERS

NAME = re.compile(r"[a-z][a-z0-9_-]{0,30}")
WORDS = "ant bay cab dew elm fig gem hat ink jar kit log map net oak pen rug sun tap urn " \
        "van wax yak zip".split()


def check_name(name):
    if not NAME.fullmatch(name):
        raise SystemExit(f"accounts: the name {name!r} is not a valid account name: use a "
                         "lower-case letter, then up to 30 lower-case letters, digits, - or _")
    return name


def names_from(args):
    """The names given, or read from the one file given; every name checked before any change."""
    if len(args) == 1 and os.path.isfile(args[0]):
        lines = pathlib.Path(args[0]).read_text().splitlines()
        args = [line.split("#")[0].strip() for line in lines]
    names = [check_name(n) for n in args if n]
    if len(set(names)) != len(names):
        raise SystemExit("accounts: a name appears twice: " +
                         ", ".join(sorted({n for n in names if names.count(n) > 1})))
    return names


def password():
    """Easy to read out and type: three short words and four digits (about 27 bits against
    a login that only the class can reach, which JupyterHub also slows after failures)."""
    return "-".join(secrets.choice(WORDS) for _ in range(3)) + f"-{secrets.randbelow(10**4):04d}"


def exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def run(*cmd, stdin=None):
    subprocess.run(cmd, input=stdin, text=True, check=True, stdout=subprocess.DEVNULL)


def set_password(name):
    new = password()
    run("chpasswd", stdin=f"{name}:{new}\n")
    return new


def ensure_group():
    try:
        grp.getgrnam(LEARNERS)
    except KeyError:
        run("groupadd", "--system", LEARNERS)


def add(names, group=LEARNERS):
    """Create the accounts that do not exist; return {name: password} for those created."""
    ensure_group()
    taken = [n for n in names if exists(n)]
    if taken:
        print("already there, left as they are (use reset for a new password): "
              + ", ".join(taken), file=sys.stderr)
    made = {}
    for name in names:
        if name in taken:
            continue
        run("useradd", "--create-home", "--shell", "/bin/bash",
            *(["--groups", group] if group else []), name)
        os.chmod(pwd.getpwnam(name).pw_dir, 0o700)  # Debian's default home is world-readable
        made[name] = set_password(name)
    return made


def remove(name, delete_files=False):
    if not exists(name):
        raise SystemExit(f"accounts: there is no account {name!r}")
    run("userdel", *(["--remove"] if delete_files else []), name)


def table(passwords):
    width = max((len(n) for n in passwords), default=4)
    return "\n".join(f"{n:<{width}}  {p}" for n, p in passwords.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("add").add_argument("names", nargs="+")
    sub.add_parser("teacher").add_argument("name")
    sub.add_parser("reset").add_argument("name")
    rm = sub.add_parser("remove")
    rm.add_argument("name")
    rm.add_argument("--delete-files", action="store_true")
    a = parser.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("accounts: run as root (sudo): it makes system users")
    if a.what == "add":
        print(table(add(names_from(a.names))))
    elif a.what == "teacher":
        made = add([check_name(a.name)], group=None)
        print(table(made) + f"\nStart the hub with: sudo make classroom TEACHER={a.name}")
    elif a.what == "reset":
        if not exists(check_name(a.name)):
            raise SystemExit(f"accounts: there is no account {a.name!r}")
        print(table({a.name: set_password(a.name)}))
    else:
        remove(check_name(a.name), a.delete_files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
