"""The hub's settings, read from the environment that classroom/hub.py sets from its flags.

Kept apart from jupyterhub_config.py so the checks (where to listen, HTTPS or a loud warning,
a sensible memory limit) can be tested without starting, or even installing, JupyterHub.
"""
import ipaddress
import os
import re
import sys
from dataclasses import dataclass

LEARNERS = "gradbook-learners"  # the system group whose members may log in
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


@dataclass(frozen=True)
class Settings:
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_api_port: int = 8081
    proxy_api_port: int = 8001
    cert: str = ""
    key: str = ""
    prefix: str = "/opt/gradbook"  # the shared read-only install: course/ and venv/
    state: str = "/var/lib/gradbook-hub"  # root-only: the hub's database and cookie secret
    teacher: str = ""
    idle_minutes: int = 60
    memory: int = 2**30  # bytes per learner; 0 means no limit

    @property
    def scheme(self):
        return "https" if self.cert else "http"

    @property
    def url(self):
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"{self.scheme}://{host}:{self.port}/"


def memory_bytes(text):
    """'1G', '512M', '0' -> bytes. A clear error for anything else."""
    m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", str(text), re.IGNORECASE)
    if not m:
        raise ValueError(f"memory limit {text!r}: write a size such as 1G or 512M (0: no limit)")
    size = int(m.group(1)) * UNITS[m.group(2).upper()]
    if 0 < size < 256 * 2**20:
        raise ValueError(f"memory limit {text!r} is below 256M: a learner's JupyterLab alone "
                         "needs about 150M, and the lessons' kernel more")
    return size


def is_local(ip):
    """True when only this machine can reach the address."""
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False  # a host name, or "" (every address): reachable from the network


def from_environ(env=os.environ):
    """Settings from GRADBOOK_* variables, each checked; a ValueError names the bad one."""
    def number(name, default, low=1, high=65535):
        text = env.get(name, str(default))
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"{name}={text!r}: expected a whole number {low}..{high}")
        return int(text)

    s = Settings(
        ip=env.get("GRADBOOK_HUB_IP", "127.0.0.1"),
        port=number("GRADBOOK_HUB_PORT", 8000),
        hub_api_port=number("GRADBOOK_HUB_API_PORT", 8081),
        proxy_api_port=number("GRADBOOK_PROXY_API_PORT", 8001),
        cert=env.get("GRADBOOK_SSL_CERT", ""), key=env.get("GRADBOOK_SSL_KEY", ""),
        prefix=env.get("GRADBOOK_PREFIX", "/opt/gradbook"),
        state=env.get("GRADBOOK_STATE", "/var/lib/gradbook-hub"),
        teacher=env.get("GRADBOOK_TEACHER", ""),
        idle_minutes=number("GRADBOOK_IDLE_MINUTES", 60, high=7 * 24 * 60),
        memory=memory_bytes(env.get("GRADBOOK_MEMORY", "1G")))
    if not s.teacher:
        raise ValueError("GRADBOOK_TEACHER is empty: the hub needs its one admin, the teacher "
                         "(make classroom TEACHER=name)")
    if bool(s.cert) != bool(s.key):
        raise ValueError("HTTPS needs both a certificate and its key (--cert and --key)")
    for path in (s.cert, s.key):
        if path and not os.path.isfile(path):
            raise ValueError(f"no such certificate or key file: {path}")
    return s


def warnings(s):
    """What the teacher must hear before learners log in; empty when all is well."""
    if is_local(s.ip) or s.cert:
        return []
    where = "every address of this machine" if s.ip in ("", "0.0.0.0", "::") else s.ip
    return [
        f"WARNING: the hub listens on {where} WITHOUT HTTPS.",
        "Passwords and notebooks cross the network in clear text: anyone on the same network",
        "can read them and log in as a learner. Give a certificate (--cert FILE --key FILE),",
        "or put the hub behind an HTTPS proxy and listen on 127.0.0.1 only.",
    ]


def shout(lines, out=sys.stderr):
    """Print lines inside a banner nobody scrolls past."""
    if lines:
        bar = "!" * max(len(line) for line in lines)
        print("\n".join([bar, *lines, bar]), file=out, flush=True)
