"""The classroom's configuration, checked without starting a hub (cheap: part of `make test`).

The hub itself, with learners in a browser, is tests/classroom/ (`make test-classroom`)."""
import io
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

CLASSROOM = pathlib.Path(__file__).resolve().parents[1] / "classroom"
sys.path.insert(0, str(CLASSROOM))
import accounts  # noqa: E402
import settings  # noqa: E402


def load_config(tmp_path, **env):
    """jupyterhub_config.py as JupyterHub reads it (traitlets' loader), in a child process so
    nothing of it stays in this one; returns (the config as JSON-ready dict, stderr)."""
    env = {"GRADBOOK_TEACHER": "ms-lee", "GRADBOOK_STATE": str(tmp_path / "state"), **env}
    code = ("import json, sys\nfrom traitlets.config.loader import PyFileConfigLoader\n"
            "c = PyFileConfigLoader(sys.argv[1]).load_config()\n"
            "print(json.dumps({k: {n: repr(v) for n, v in s.items()} for k, s in c.items()}))")
    done = subprocess.run([sys.executable, "-c", code, str(CLASSROOM / "jupyterhub_config.py")],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_default_listens_on_loopback_only_without_a_warning(tmp_path):
    c, err = load_config(tmp_path)
    assert c["JupyterHub"]["bind_url"] == repr("http://127.0.0.1:8000/")
    assert c["JupyterHub"]["hub_ip"] == repr("127.0.0.1")
    assert "127.0.0.1" in c["ConfigurableHTTPProxy"]["api_url"]
    assert "WARNING" not in err
    assert oct((tmp_path / "state").stat().st_mode & 0o777) == "0o700"


def test_a_network_address_without_https_warns_loudly(tmp_path):
    c, err = load_config(tmp_path, GRADBOOK_HUB_IP="0.0.0.0")
    assert c["JupyterHub"]["bind_url"] == repr("http://0.0.0.0:8000/")
    assert "WITHOUT HTTPS" in err and "!!!!!!!!" in err
    assert c["JupyterHub"]["hub_ip"] == repr("127.0.0.1")  # the hub's own API stays local


def test_a_certificate_means_https_and_no_warning(tmp_path):
    cert, key = tmp_path / "hub.crt", tmp_path / "hub.key"
    cert.write_text("x")
    key.write_text("x")
    c, err = load_config(tmp_path, GRADBOOK_HUB_IP="192.0.2.7", GRADBOOK_SSL_CERT=str(cert),
                         GRADBOOK_SSL_KEY=str(key))
    assert c["JupyterHub"]["bind_url"] == repr("https://192.0.2.7:8000/")
    assert c["JupyterHub"]["ssl_cert"] == repr(str(cert))
    assert "WARNING" not in err


def test_the_teacher_is_the_only_admin_and_learners_a_group(tmp_path):
    c, _ = load_config(tmp_path, GRADBOOK_TEACHER="mr-okafor")
    assert c["PAMAuthenticator"]["admin_users"] == repr({"mr-okafor"})
    assert c["PAMAuthenticator"]["allowed_groups"] == repr({settings.LEARNERS})
    assert "allowed_users" not in c.get("Authenticator", {})
    assert "admin_access" not in c["JupyterHub"]  # the admin role alone opens servers


def test_idle_culler_and_memory_limit_follow_the_settings(tmp_path):
    c, _ = load_config(tmp_path, GRADBOOK_IDLE_MINUTES="20", GRADBOOK_MEMORY="768M")
    assert "--timeout=1200" in c["JupyterHub"]["services"]
    assert c["Spawner"]["mem_limit"] == repr(768 * 2**20)


@pytest.mark.parametrize("env, message", [
    ({"GRADBOOK_TEACHER": ""}, "GRADBOOK_TEACHER is empty"),
    ({"GRADBOOK_HUB_PORT": "80a"}, "GRADBOOK_HUB_PORT='80a'"),
    ({"GRADBOOK_HUB_PORT": "70000"}, "1..65535"),
    ({"GRADBOOK_MEMORY": "lots"}, "memory limit 'lots'"),
    ({"GRADBOOK_MEMORY": "100M"}, "below 256M"),
    ({"GRADBOOK_SSL_CERT": "/nonexistent.crt"}, "both a certificate and its key"),
    ({"GRADBOOK_SSL_CERT": "/nonexistent.crt", "GRADBOOK_SSL_KEY": "/nonexistent.key"},
     "no such certificate"),
])
def test_bad_settings_are_refused_by_name(env, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("'", "'")):
        settings.from_environ({"GRADBOOK_TEACHER": "ms-lee", **env})


@pytest.mark.parametrize("ip, local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                       ("127.0.0.5", True), ("0.0.0.0", False), ("", False),
                                       ("10.1.2.3", False), ("hub.school.example", False)])
def test_which_addresses_are_local(ip, local):
    assert settings.is_local(ip) is local
    s = settings.Settings(ip=ip, teacher="t")
    assert bool(settings.warnings(s)) is not local


def test_memory_sizes():
    assert settings.memory_bytes("1G") == 2**30
    assert settings.memory_bytes("512MiB") == 512 * 2**20
    assert settings.memory_bytes("0") == 0


def test_shout_frames_the_lines():
    out = io.StringIO()
    settings.shout(["one line", "a longer line"], out)
    first, *_, last = out.getvalue().splitlines()
    assert first == last == "!" * len("a longer line")


@pytest.mark.parametrize("name", ["Alice", "1bob", "a b", "root;rm", "x" * 40, "-n", ""])
def test_bad_account_names_are_refused_before_any_change(name, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text(f"amira\n{name}\n")
    with pytest.raises(SystemExit, match="not a valid account name"):
        accounts.check_name(name)
    if name:  # in a file of names, one bad name stops them all
        with pytest.raises(SystemExit, match="not a valid account name"):
            accounts.names_from([str(names)])


def test_names_from_a_file_skip_comments_and_refuse_twins(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("# class 4B\namira\n\nben  # back row\n")
    assert accounts.names_from([str(names)]) == ["amira", "ben"]
    with pytest.raises(SystemExit, match="appears twice: amira"):
        accounts.names_from(["amira", "ben", "amira"])


def test_passwords_are_random_and_typeable():
    seen = {accounts.password() for _ in range(50)}
    assert len(seen) == 50
    assert all(re.fullmatch(r"[a-z]{3}-[a-z]{3}-[a-z]{3}-[0-9]{4}", p) for p in seen), seen


# The Zero to JupyterHub chart's documented keys that classroom/kubernetes/values.yaml may use.
# Source: jupyterhub/zero-to-jupyterhub-k8s at tag 4.4.0, jupyterhub/values.schema.yaml, from
# which the chart's Configuration Reference (z2jh.jupyter.org, resources/reference.html) is
# generated. A key ending in "*" is documented as free-form: anything below it is the chart
# user's (hub.config holds JupyterHub's own traits, singleuser.extraEnv environment variables).
CHART_KEYS = {
    "hub.config*", "hub.db.type", "hub.db.pvc.storage",
    "singleuser.image.name", "singleuser.image.tag", "singleuser.image.pullPolicy",
    "singleuser.cmd", "singleuser.defaultUrl", "singleuser.uid", "singleuser.fsGid",
    "singleuser.extraEnv*", "singleuser.memory.limit", "singleuser.memory.guarantee",
    "singleuser.cpu.limit", "singleuser.cpu.guarantee", "singleuser.storage.type",
    "singleuser.storage.capacity", "singleuser.storage.homeMountPath",
    "singleuser.networkPolicy.enabled", "singleuser.startTimeout",
    "cull.enabled", "cull.timeout", "cull.every", "cull.users",
    "proxy.https.enabled", "proxy.https.type", "proxy.https.hosts",
    "proxy.https.letsencrypt.contactEmail", "prePuller.hook.enabled",
}
KUBERNETES = CLASSROOM / "kubernetes"
REPO = CLASSROOM.parent


def leaf_keys(tree, path=""):
    for key, value in tree.items():
        here = f"{path}.{key}" if path else key
        if f"{here}*" in CHART_KEYS or not isinstance(value, dict):
            yield here
        else:
            yield from leaf_keys(value, here)


def test_kubernetes_values_use_only_the_charts_documented_keys():
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((KUBERNETES / "values.yaml").read_text())
    used = set(leaf_keys(values))
    unknown = sorted(k for k in used if k not in CHART_KEYS and f"{k}*" not in CHART_KEYS)
    assert not unknown, f"keys the chart does not document: {unknown}"
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab/tree/workspace/00_index.ipynb"
    assert values["cull"]["enabled"] and single["memory"]["limit"]


def dockerfile():
    """The Dockerfile's instructions: [(INSTRUCTION, arguments)], continuation lines joined."""
    text = (KUBERNETES / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_the_image_is_built_on_the_same_pins_and_starts_as_the_values_say():
    yaml = pytest.importorskip("yaml")
    steps = dockerfile()
    known = {"FROM", "RUN", "COPY", "ENV", "USER", "WORKDIR", "EXPOSE", "CMD", "ARG"}
    assert {op for op, _ in steps} <= known
    base = steps[0]
    assert base[0] == "FROM" and ":" in base[1] and "latest" not in base[1], base
    for op, args in steps:
        if op == "COPY":
            *sources, _ = args.split()
            for source in sources:
                assert list(REPO.glob(source)), f"COPY {source}: nothing of that name"
    installs = " ".join(args for op, args in steps if op == "RUN")
    for req in ("requirements.txt", "requirements-classroom.txt"):
        assert f"-r {req}" in installs
        pins = [line for line in (REPO / req).read_text().splitlines()
                if line.strip() and not line.startswith("#")]
        assert all("==" in line for line in pins), f"{req}: every line pinned"
    cmd = json.loads(dict(steps)["CMD"])
    values = yaml.safe_load((KUBERNETES / "values.yaml").read_text())
    assert cmd == values["singleuser"]["cmd"]
    assert (REPO / cmd[1].removeprefix("/opt/gradbook/course/")).is_file()
    assert dict(steps)["USER"] != "root" and values["singleuser"]["uid"] == 1000
    assert "--uid 1000" in installs
