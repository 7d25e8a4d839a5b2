"""Debian's Firefox (firefox-esr), driven through Marionette, its own remote protocol.

Playwright drives only its own patched Firefox build (a download this machine
cannot make), and Debian 12 packages no geckodriver; Marionette is built into
every Firefox, and the few commands a test needs (navigate, run a script) are
a length-prefixed JSON exchange over a local socket.

Every request beyond 127.0.0.1 goes to a proxy that does not exist (Firefox
never sends 127.0.0.1 through a proxy), so a page that needs the network fails.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

_PREFS = {
    "marionette.port": 0,  # any free port, written to MarionetteActivePort in the profile
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1", "network.proxy.http_port": 9,  # the discard port: nothing answers
    "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": 9,
    "network.proxy.share_proxy_settings": True,
    "network.proxy.allow_hijacking_localhost": False,
    "app.update.auto": False, "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False, "toolkit.telemetry.reportingpolicy.firstRun": False,
    "browser.aboutwelcome.enabled": False,
}


class Firefox:
    """A headless Firefox with a fresh profile; ``open(url)`` and ``run(script)``."""

    def __init__(self, timeout: float = 60.0):
        self.profile = Path(tempfile.mkdtemp(prefix="microgradkr-firefox-"))
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in _PREFS.items()))
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(self.profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "MarionetteActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Firefox did not start Marionette")
            time.sleep(0.2)
        self.socket = socket.create_connection(("127.0.0.1", int(port_file.read_text())), timeout=timeout)
        self.buffer = b""
        self._receive()  # the server's greeting
        self.message_id = 0
        self._command("WebDriver:NewSession", {"capabilities": {}})

    # ---- the protocol: "<length>:<json>"
    def _receive(self):
        while b":" not in self.buffer:
            self.buffer += self._read()
        length, _, rest = self.buffer.partition(b":")
        while len(rest) < int(length):
            rest += self._read()
        self.buffer = rest[int(length):]
        return json.loads(rest[:int(length)])

    def _read(self) -> bytes:
        chunk = self.socket.recv(65536)
        if not chunk:
            raise ConnectionError("Firefox closed the Marionette connection")
        return chunk

    def _command(self, name: str, parameters: dict):
        self.message_id += 1
        data = json.dumps([0, self.message_id, name, parameters]).encode("utf-8")
        self.socket.sendall(str(len(data)).encode() + b":" + data)
        _, _, error, result = self._receive()
        if error:
            raise RuntimeError(f"{name}: {error.get('error')}: {error.get('message')}")
        return result

    # ---- what a test uses
    def open(self, url: str) -> None:
        self._command("WebDriver:Navigate", {"url": url})

    def run(self, script: str, *args):
        """The value of a script's ``return`` in the page (args as ``arguments[i]``)."""
        return self._command("WebDriver:ExecuteScript", {"script": script, "args": list(args)})["value"]

    def wait(self, condition: str, timeout: float = 90.0):
        """Poll until the JavaScript expression `condition` is true; its last value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(f"return {condition};")
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.2)

    def close(self) -> None:
        try:
            self._command("Marionette:Quit", {"flags": ["eForceQuit"]})
        except Exception:  # already gone, or never connected
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
