"""A learner as a program: log in to the hub, start a server, read notebooks, run cells.

Used by the classroom tests and the load test (classroom/loadtest.py). It speaks only HTTP and
Jupyter's kernel websocket protocol to the base URL it is given (the tests and the load test
give 127.0.0.1), and every wait has a deadline.
"""
import asyncio
import json
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect


class HubError(Exception):
    pass


class Learner:
    def __init__(self, base, name, password):
        self.base, self.name, self.password = base.rstrip("/"), name, password
        self.cookies, self.token = {}, None

    async def fetch(self, path, method="GET", body=None, headers=None, ok=(200, 201, 202, 204)):
        """One request to the hub or through it; a HubError names the status unless it is ok."""
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if "_xsrf" in self.cookies:
                headers["X-XSRFToken"] = self.cookies["_xsrf"]
        if isinstance(body, (dict, list)):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        r = await AsyncHTTPClient().fetch(  # the running loop's client
            HTTPRequest(
            self.base + path, method=method, body=body, headers=headers,
            follow_redirects=False, request_timeout=120,
            allow_nonstandard_methods=True), raise_error=False)
        for header in r.headers.get_list("Set-Cookie"):
            for k, morsel in SimpleCookie(header).items():
                self.cookies[k] = morsel.value
        if ok and r.code not in ok:
            raise HubError(f"{self.name}: {method} {path} -> {r.code} {r.reason}")
        return r

    async def json(self, path, method="GET", body=None, ok=(200, 201, 202, 204)):
        r = await self.fetch(path, method, body, ok=ok)
        return json.loads(r.body) if r.body else None

    async def login(self):
        """The login form, as a browser sends it; then an API token of this learner's own."""
        await self.fetch("/hub/login")
        form = urllib.parse.urlencode({"username": self.name, "password": self.password,
                                       "_xsrf": self.cookies.get("_xsrf", "")})
        r = await self.fetch("/hub/login", "POST", form, ok=(302,),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        if "jupyterhub-session-id" not in self.cookies or "login" in r.headers.get("Location", ""):
            raise HubError(f"{self.name}: the hub refused the password")
        made = await self.json(f"/hub/api/users/{self.name}/tokens", "POST",
                               {"note": "gradbook hubclient", "expires_in": 3600})
        self.token, self.cookies = made["token"], {}

    async def start_server(self, timeout=180):
        """Start this learner's server (if it is not running) and wait until it answers."""
        await self.fetch(f"/hub/api/users/{self.name}/server", "POST", ok=(201, 202, 400))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = await self.json(f"/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return server
            await asyncio.sleep(0.5)  # polling interval, not a wait for something to happen
        raise HubError(f"{self.name}: the server did not start within {timeout} s")

    async def stop_server(self, timeout=60):
        await self.fetch(f"/hub/api/users/{self.name}/server", "DELETE", ok=(202, 204))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not (await self.json(f"/hub/api/users/{self.name}")).get("servers"):
                return
            await asyncio.sleep(0.5)
        raise HubError(f"{self.name}: the server did not stop within {timeout} s")

    def server_path(self, rest, owner=None):
        return f"/user/{owner or self.name}/{rest}"

    async def notebook(self, path, owner=None, ok=(200,)):
        return await self.fetch(self.server_path(f"api/contents/{path}", owner), ok=ok)

    async def kernel(self, path):
        """A kernel for the notebook at path (a session, as JupyterLab makes one)."""
        session = await self.json(self.server_path("api/sessions"), "POST", {
            "path": path, "name": path.split("/")[-1], "type": "notebook",
            "kernel": {"name": "python3"}})
        return Kernel(self, session["kernel"]["id"])


class Kernel:
    """Run code in one kernel over its websocket; each cell waits for its reply."""

    def __init__(self, learner, kernel_id):
        self.learner, self.id, self.ws = learner, kernel_id, None
        self.session = uuid.uuid4().hex

    async def connect(self):
        url = self.learner.base.replace("http", "ws", 1) + self.learner.server_path(
            f"api/kernels/{self.id}/channels?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(url, headers={
            "Authorization": f"token {self.learner.token}"}, connect_timeout=60))

    async def run(self, code, timeout=600):
        """Run code; return (status, text printed or shown, error name or None)."""
        if self.ws is None:
            await self.connect()
        msg_id = uuid.uuid4().hex
        self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": self.learner.name, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        out, error, status, idle = [], None, None, False
        deadline = time.monotonic() + timeout
        while status is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise HubError(f"{self.learner.name}: no reply within {timeout} s")
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise HubError(f"{self.learner.name}: the kernel's connection closed")
            if isinstance(raw, bytes):
                continue  # a binary frame: widget buffers, not needed here
            msg = json.loads(raw)
            state = msg["content"].get("execution_state") if msg["msg_type"] == "status" else ""
            if state in ("restarting", "autorestarting", "dead"):  # sent by the server itself
                raise HubError(f"{self.learner.name}: the kernel died ({state})")
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = content["ename"]
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return status, "".join(out), error

    async def close(self):
        if self.ws is not None:
            self.ws.close()
        await self.learner.fetch(self.learner.server_path(f"api/kernels/{self.id}"), "DELETE",
                                 ok=None)
