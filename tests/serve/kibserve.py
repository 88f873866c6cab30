"""Starts and stops a real `kib serve` on 127.0.0.1 for the tests, and talks HTTP to it with the
standard library only (http.client)."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kib, *extra, data=None, env=None):
        self.kib = kib
        self.port = free_port()
        self.own_data = data is None
        self.data = data or tempfile.mkdtemp(prefix="kib-serve-test-")
        self.log = tempfile.TemporaryFile()
        self.args = [kib, "serve", "--listen", f"127.0.0.1:{self.port}", "--data", self.data, *extra]
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 20
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kib serve exited with {self.proc.returncode}: {self.output()}")
            try:
                status, _, _ = self.request("GET", "/api/v1/health")
                if status == 200:
                    return
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("kib serve did not answer within 20 s: " + self.output())
            time.sleep(0.05)

    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def output(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def connection(self, timeout=120):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=120):
        c = self.connection(timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()

    def upload(self, path, name=None, query="", token=None, extra_headers=None):
        with open(path, "rb") as f:
            body = f.read()
        headers = {"Content-Type": "application/octet-stream",
                   "X-Kib-Filename": urllib.parse.quote(name or os.path.basename(path))}
        if token:
            headers["Authorization"] = "Bearer " + token
        headers.update(extra_headers or {})
        status, h, data = self.request("POST", "/api/v1/jobs" + query, body, headers)
        return status, h, json.loads(data) if data else None

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)
        return self.proc.returncode
