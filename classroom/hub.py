"""Start the class's hub (`make classroom`): install the shared course, then run JupyterHub.

usage (as root): python classroom/hub.py --teacher NAME [--network ADDRESS] [--port 8000]
                 [--cert FILE --key FILE] [--idle-minutes 60] [--memory 1G]

It listens on 127.0.0.1 unless --network names an address (0.0.0.0: every address); without
--cert on a network address it warns loudly. The hub runs in the foreground: Ctrl-C stops it,
the proxy and every learner's server (their files stay).
"""
import argparse
import os
import pathlib
import pwd
import sys

import install
import settings

HERE = pathlib.Path(__file__).resolve().parent
ACCOUNTS = f"sudo {sys.executable} {HERE / 'accounts.py'}"


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--teacher", default=os.environ.get("TEACHER", ""),
                   help="the teacher's account, the hub's only admin")
    p.add_argument("--network", metavar="ADDRESS", default="127.0.0.1",
                   help="listen on this network address instead of 127.0.0.1 (0.0.0.0: all)")
    p.add_argument("--port", default="8000")
    p.add_argument("--cert", default="", help="HTTPS certificate file (PEM)")
    p.add_argument("--key", default="", help="its private key file (PEM)")
    p.add_argument("--idle-minutes", default="60", help="stop a server idle this long")
    p.add_argument("--memory", default="1G", help="memory limit per learner (0: none)")
    p.add_argument("--prefix", default="/opt/gradbook", help="the shared read-only install")
    p.add_argument("--state", default="/var/lib/gradbook-hub", help="the hub's database")
    p.add_argument("--no-install", action="store_true", help="use the install at --prefix as is")
    p.add_argument("--hub-api-port", default="8081")
    p.add_argument("--proxy-api-port", default="8001")
    return p.parse_args(argv)


def environment(a):
    env = {"GRADBOOK_HUB_IP": a.network, "GRADBOOK_HUB_PORT": a.port,
           "GRADBOOK_SSL_CERT": a.cert, "GRADBOOK_SSL_KEY": a.key,
           "GRADBOOK_PREFIX": a.prefix, "GRADBOOK_STATE": a.state, "GRADBOOK_TEACHER": a.teacher,
           "GRADBOOK_IDLE_MINUTES": a.idle_minutes, "GRADBOOK_MEMORY": a.memory,
           "GRADBOOK_HUB_API_PORT": a.hub_api_port, "GRADBOOK_PROXY_API_PORT": a.proxy_api_port}
    try:
        s = settings.from_environ(env)
    except ValueError as e:
        raise SystemExit(f"classroom: {e}") from None
    return env, s


def main(argv=None):
    a = parse(argv)
    env, s = environment(a)
    if os.geteuid() != 0:
        raise SystemExit("classroom: run as root (sudo make classroom ...): each learner's "
                         "server runs as their own system user")
    try:
        pwd.getpwnam(s.teacher)
    except KeyError:
        raise SystemExit(f"classroom: no account {s.teacher!r} for the teacher yet: "
                         f"{ACCOUNTS} teacher {s.teacher}") from None
    proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        raise SystemExit(f"classroom: {proxy} is missing: run make classroom (npm ci)")
    if not a.no_install:
        install.install(a.prefix)
    print(f"""
The class's hub: {s.url}   (teacher and only admin: {s.teacher})
Add learners:    {ACCOUNTS} add names.txt   (one name a line; prints each password once)
New password:    {ACCOUNTS} reset NAME
Help a learner:  log in as {s.teacher}, open {s.url}hub/admin, then that learner's server
Course update:   git pull, then start the hub again: new lessons reach each learner's
                 workspace/ at their next server start, their edits untouched
Stop:            Ctrl-C (learners' files stay in their homes)
""", flush=True)
    jupyterhub = pathlib.Path(sys.executable).parent / "jupyterhub"
    os.chdir(a.state if os.path.isdir(a.state) else "/")
    os.execve(jupyterhub, [str(jupyterhub), "-f", str(HERE / "jupyterhub_config.py")],
              {**os.environ, **env, "PATH": f"{jupyterhub.parent}:{os.environ['PATH']}"})


if __name__ == "__main__":
    sys.exit(main())
