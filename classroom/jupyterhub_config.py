"""JupyterHub for a class on one server: read by `jupyterhub -f`, started by classroom/hub.py.

Every choice is explained in classroom/README.md. In short: learners are system users in the
group gradbook-learners (classroom/accounts.py makes them) and log in with their system
password (PAM); each learner's server runs as that user from the shared read-only install at
GRADBOOK_PREFIX, in a memory cgroup, opening on ~/workspace made by tools/workspace.py; the
teacher is the only admin; idle servers are stopped by jupyterhub-idle-culler.
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import settings  # noqa: E402  (classroom/ is not a package: the hub reads this file by path)

c = get_config()  # noqa: F821  (defined by JupyterHub's config loader)
s = settings.from_environ()
settings.shout(settings.warnings(s))

# Where the hub listens: the teacher's address (127.0.0.1 unless told), HTTPS when given a
# certificate. Its own API and the proxy's API stay on the loopback address whatever happens.
c.JupyterHub.bind_url = f"{s.scheme}://{s.ip}:{s.port}/"
if s.cert:
    c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = s.cert, s.key
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s.hub_api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# The hub's state, readable by root only (learners have a shell on this machine).
state = pathlib.Path(s.state)
state.mkdir(mode=0o700, parents=True, exist_ok=True)
state.chmod(0o700)
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# Accounts: system users and their passwords (PAM). Only the learners' group and the teacher
# may log in; the teacher alone is admin (the admin role can open any learner's server).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {settings.LEARNERS}
c.PAMAuthenticator.admin_users = {s.teacher}
c.PAMAuthenticator.allowed_users = {s.teacher}  # JupyterHub 5: being admin does not let one in
c.PAMAuthenticator.open_sessions = False  # no login session per spawn: no systemd-logind here
c.PAMAuthenticator.create_system_users = False

# Each learner's server: their own system user, the shared course, their own workspace/.
c.JupyterHub.spawner_class = "spawner.CourseSpawner"
c.CourseSpawner.prefix = s.prefix
c.Spawner.mem_limit = s.memory or None
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/workspace/00_index.ipynb"
c.Spawner.start_timeout = 120  # several learners logging in at once share two cores
c.Spawner.http_timeout = 120
c.Spawner.environment = {"JUPYTER_PREFER_ENV_PATH": "1"}

# Idle servers stop (the learner's files stay; the next login starts a fresh server).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={s.idle_minutes * 60}",
                f"--cull-every={min(300, s.idle_minutes * 30)}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.shutdown_on_logout = False  # logging out keeps the server (and the kernel) going
