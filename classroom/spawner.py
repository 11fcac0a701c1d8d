"""The learners' servers: JupyterHub's LocalProcessSpawner, started from the shared install and
held to a memory limit by a cgroup of their own.

LocalProcessSpawner runs each server as the learner's system user but does not enforce
`mem_limit` (SystemdSpawner does, where systemd runs the machine; this one's PID 1 is not
systemd). So the server is put, before it drops root, into a memory cgroup named after the
learner, whose limit is `mem_limit`; the kernels it starts inherit it, and past the limit the
kernel's OOM killer stops the biggest process in it (a kernel), not the machine.
"""
import os
import pathlib

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

GROUP = "gradbook"  # the parent cgroup of every learner's


def memory_cgroup_root():
    """The memory controller's mount: ('v1', path) or ('v2', path), else (None, None)."""
    with open("/proc/self/mounts") as mounts:
        for line in mounts:
            _, where, kind, options = line.split()[:4]
            if kind == "cgroup" and "memory" in options.split(","):
                return "v1", pathlib.Path(where)
            if kind == "cgroup2" and "memory" in (pathlib.Path(where) / "cgroup.controllers"
                                                  ).read_text().split():
                return "v2", pathlib.Path(where)
    return None, None


def make_cgroup(name, limit):
    """Make (or reuse) the learner's cgroup with this limit in bytes; return the file a process
    writes its pid to in order to join, or None where no memory controller can be used."""
    version, root = memory_cgroup_root()
    if version is None:
        return None
    parent = root / GROUP
    group = parent / name
    group.mkdir(parents=True, exist_ok=True)
    if version == "v1":
        (group / "memory.limit_in_bytes").write_text(str(limit))
    else:
        for node in (root, parent):  # let the memory controller reach the learners' groups
            (node / "cgroup.subtree_control").write_text("+memory")
        (group / "memory.max").write_text(str(limit))
        (group / "memory.swap.max").write_text("0")
    return group / "cgroup.procs"


class CourseSpawner(LocalProcessSpawner):
    """A learner's server from PREFIX/venv, opening on ~/workspace (classroom/start.py)."""

    prefix = Unicode("/opt/gradbook", config=True, help="the shared read-only install")

    def _start_command(self):
        venv, course = pathlib.Path(self.prefix, "venv"), pathlib.Path(self.prefix, "course")
        return [str(venv / "bin" / "python"), str(course / "classroom" / "start.py")]

    async def start(self):
        self.cmd = self._start_command()
        self.procs_file = None
        if self.mem_limit:
            try:
                self.procs_file = make_cgroup(self.user.name, self.mem_limit)
            except OSError as e:
                self.log.error("No memory limit for %s: %s", self.user.name, e)
            if self.procs_file is None:
                self.log.error("No memory limit for %s: no cgroup memory controller here",
                               self.user.name)
        return await super().start()

    def make_preexec_fn(self, name):
        drop_root = super().make_preexec_fn(name)
        procs_file = self.procs_file

        def join_then_drop_root():
            if procs_file is not None:  # still root here, in the child, before exec
                with open(procs_file, "w") as f:
                    f.write(str(os.getpid()))
            drop_root()
        return join_then_drop_root
