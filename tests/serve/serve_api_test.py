"""kib serve against a real process on 127.0.0.1: every API route and every security rule.

Usage: serve_api_test.py KIB SOURCE_DIR   (run by CTest as serve.api)"""
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from kibserve import Server, free_port  # noqa: E402

KIB = SRC = None


def sample(name):
    return os.path.join(SRC, "samples", name)



def raw_exchange(port, data, read_timeout=10.0, pause_after=None):
    """Sends raw bytes and returns what the server answered (until it closes or goes quiet)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    try:
        s.sendall(data)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            if not b:
                break
            chunks.append(b)
            if pause_after and b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks)
    finally:
        s.close()


class Routes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.conf_dir = tempfile.mkdtemp(prefix="kib-serve-conf-")
        shutil.copy(sample("programma.xlsx"), cls.conf_dir)
        with open(os.path.join(cls.conf_dir, "kib.toml"), "w") as f:
            f.write('[programme]\nstart = "2026-01"\nreference_date = "2026-11-23"\nworkbook = "programma.xlsx"\n'
                    "[serve]\nkeep_days = 7\n")
        cls.srv = Server(KIB, "--config", os.path.join(cls.conf_dir, "kib.toml"), "--queue", "16")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.conf_dir, ignore_errors=True)

    def test_health(self):
        status, h, body = self.srv.request("GET", "/api/v1/health")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("application/json"))
        doc = json.loads(body)
        self.assertEqual(doc["status"], "ok")
        self.assertRegex(doc["version"], r"^\d+\.\d+\.\d+$")
        self.assertFalse(doc["auth"])

    def test_survey_scores_with_outputs_byte_exact(self):
        status, _, doc = self.srv.upload(sample("cx_scan_2026.xlsx"), name="CX-scan 2026 — afdeling één.xlsx")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["kind"], "score")
        self.assertEqual(doc["outcome"], "done")
        self.assertIsNone(doc["error"])
        self.assertEqual(doc["file"], "CX-scan 2026 — afdeling één.xlsx")
        for key in ("id", "created", "duration_s", "outputs", "result"):
            self.assertIn(key, doc)
        # result is exactly what `kib score --json` prints (but for the file name it names).
        cli = json.loads(subprocess.run([KIB, "score", "--json", sample("cx_scan_2026.xlsx")], check=True,
                                        capture_output=True).stdout)
        cli["file"] = doc["file"]
        self.assertEqual(doc["result"], cli)
        self.assertEqual(len(doc["result"]["pillars"]), 6)
        names = [o["name"] for o in doc["outputs"]]
        self.assertIn("CX-scan 2026 — afdeling één - scores.json", names)
        self.assertTrue(any(n.endswith(".xlsx") for n in names), names)
        for o in doc["outputs"]:
            self.assertEqual(o["url"], f"/api/v1/jobs/{doc['id']}/outputs/{urllib.parse.quote(o['name'], safe='')}")
            status, h, data = self.srv.request("GET", o["url"])
            self.assertEqual(status, 200, o["name"])
            self.assertEqual(len(data), o["size"])
            on_disk = os.path.join(self.srv.data, "jobs", doc["id"], "out", o["name"])
            with open(on_disk, "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), hashlib.sha256(data).hexdigest())
            self.assertIn("attachment;", h["content-disposition"])
            self.assertIn("filename*=UTF-8''" + urllib.parse.quote(o["name"], safe=""), h["content-disposition"])
            if o["name"].endswith(".xlsx"):
                self.assertEqual(h["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                self.assertEqual(data[:2], b"PK")
            if o["name"].endswith("scores.json"):
                self.assertEqual(json.loads(data), doc["result"])
        # The job document is kept (download keys are made anew for every answer).
        status, _, body = self.srv.request("GET", f"/api/v1/jobs/{doc['id']}")
        self.assertEqual(status, 200)
        kept = json.loads(body)
        for d in (kept, doc):
            for o in d["outputs"]:
                self.assertIn("?e=", o.pop("download_url"))
        self.assertEqual(kept, doc)

    def test_word_comments(self):
        docx = os.path.join(SRC, "tests", "fixtures", "docx", "programmaplan-vet-libreoffice.docx")
        status, _, doc = self.srv.upload(docx)
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["kind"], "comments")
        cli = json.loads(subprocess.run([KIB, "comments", "--json", docx], check=True, capture_output=True).stdout)
        self.assertEqual(doc["result"], cli)
        self.assertGreater(len(doc["result"]["comments"]), 0)

    def test_programme_with_date(self):
        status, _, doc = self.srv.upload(sample("programma.xlsx"), query="?kind=programme&date=2026-11-23")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["kind"], "programme")
        self.assertEqual(doc["result"]["kpi"]["date"], "2026-11-23")
        self.assertEqual(doc["result"]["roadmap"]["date"], "2026-11-23")
        cli = json.loads(subprocess.run([KIB, "kpi", "--json", sample("programma.xlsx"), "--date", "2026-11-23", "--start", "2026-01"],
                                        check=True, capture_output=True).stdout)
        self.assertEqual(doc["result"]["kpi"]["kpis"], cli["kpis"])
        self.assertTrue(any(o["name"].endswith(".docx") for o in doc["outputs"]))

    def test_measurements_merged_into_configured_workbook(self):
        status, _, doc = self.srv.upload(sample("metingen_november.csv"), query="?kind=measurements")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["kind"], "measurements")
        self.assertGreater(doc["result"]["measurements"]["added"] + doc["result"]["measurements"]["updated"], 0)

    def test_wrong_kind_fails_in_drop_folder_words(self):
        status, _, doc = self.srv.upload(sample("programma.xlsx"), query="?kind=comments")
        self.assertEqual(status, 422)
        self.assertEqual(doc["outcome"], "failed")
        # The folder's language (kib.toml has no language: Dutch, as the drop folder writes it).
        self.assertIn("kib weet niet wat het met dit bestand moet doen", doc["error"]["message"])

    def test_renamed_pdf_is_422_naming_pdf(self):
        with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as f:
            f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
        try:
            status, _, doc = self.srv.upload(f.name, name="begroting.xlsx")
        finally:
            os.unlink(f.name)
        self.assertEqual(status, 422)
        self.assertEqual(doc["outcome"], "failed")
        self.assertEqual(doc["file"], "begroting.xlsx")
        self.assertIn("PDF", doc["error"]["message"])
        self.assertEqual(doc["error"]["where"], "begroting.xlsx")
        self.assertEqual(doc["outputs"], [])
        # The job document of a failure is kept too.
        status, _, body = self.srv.request("GET", f"/api/v1/jobs/{doc['id']}")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["outcome"], "failed")

    def test_bad_cell_names_where(self):
        bad = os.path.join(SRC, "tests", "fixtures", "programme", "programma_bad_number.xlsx")
        status, _, doc = self.srv.upload(bad, query="?date=2026-11-23")
        self.assertEqual(status, 422, doc)
        self.assertIn("programma_bad_number.xlsx", doc["error"]["where"])
        self.assertRegex(doc["error"]["where"], r"!\$?[A-Z]+\$?\d+")

    def test_unknown_job_and_output(self):
        status, _, _ = self.srv.request("GET", "/api/v1/jobs/20260101T000000Z-000000000000000000000000")
        self.assertEqual(status, 404)
        status, _, _ = self.srv.request("GET", "/api/v1/jobs/..%2F..%2Fetc")
        self.assertEqual(status, 404)
        _, _, doc = self.srv.upload(sample("cx_scan_2026.csv"))
        for name in ("..", "%2E%2E", "..%2F..%2Fjob.json", "job.json"):
            status, _, _ = self.srv.request("GET", f"/api/v1/jobs/{doc['id']}/outputs/{name}")
            self.assertEqual(status, 404, name)

    def test_routes_and_methods(self):
        self.assertEqual(self.srv.request("GET", "/api/v1/nothing")[0], 404)
        self.assertEqual(self.srv.request("GET", "/api/v1/jobs")[0], 405)
        self.assertEqual(self.srv.request("DELETE", "/api/v1/health")[0], 405)
        self.assertEqual(self.srv.request("GET", "/nothing.html")[0], 404)
        status, h, body = self.srv.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/html"))
        self.assertIn("default-src 'none'", h["content-security-policy"])
        self.assertIn(b'lang="nl"', body)
        for asset, ctype in (("/app.js", "text/javascript"), ("/style.css", "text/css")):
            status, h, _ = self.srv.request("GET", asset)
            self.assertEqual(status, 200)
            self.assertTrue(h["content-type"].startswith(ctype))

    def test_content_type_must_be_octet_stream(self):
        with open(sample("cx_scan_2026.csv"), "rb") as f:
            body = f.read()
        for ctype in ("multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain", None):
            headers = {"X-Kib-Filename": "scan.csv"}
            if ctype:
                headers["Content-Type"] = ctype
            status, _, _ = self.srv.request("POST", "/api/v1/jobs", body, headers)
            self.assertEqual(status, 415, ctype)

    def test_filename_required(self):
        status, _, body = self.srv.request("POST", "/api/v1/jobs", b"x", {"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"]["where"], "X-Kib-Filename")
        status, _, _ = self.srv.request("POST", "/api/v1/jobs", b"x",
                                        {"Content-Type": "application/octet-stream", "X-Kib-Filename": "%ZZ"})
        self.assertEqual(status, 400)

    def test_bad_kind_and_date(self):
        status, _, _ = self.srv.upload(sample("cx_scan_2026.csv"), query="?kind=virus")
        self.assertEqual(status, 400)
        status, _, _ = self.srv.upload(sample("cx_scan_2026.csv"), query="?date=23-11-2026")
        self.assertEqual(status, 400)

    def test_host_must_be_the_service(self):
        for host in ("evil.example", "evil.example:%d" % self.srv.port, "127.0.0.1:1"):
            status, _, body = self.srv.request("GET", "/api/v1/health", headers={"Host": host})
            self.assertEqual(status, 421, host)
        self.assertEqual(self.srv.request("GET", "/", headers={"Host": "evil.example"})[0], 421)
        self.assertEqual(self.srv.request("GET", "/api/v1/health", headers={"Host": f"localhost:{self.srv.port}"})[0], 200)

    def test_foreign_origin_is_403(self):
        status, _, _ = self.srv.upload(sample("cx_scan_2026.csv"), extra_headers={"Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        status, _, _ = self.srv.request("GET", "/api/v1/health", headers={"Origin": "null"})
        self.assertEqual(status, 403)
        status, _, _ = self.srv.upload(sample("cx_scan_2026.csv"), extra_headers={"Origin": f"http://127.0.0.1:{self.srv.port}"})
        self.assertEqual(status, 200)

    def test_parallel_uploads_all_answered_right(self):
        files = [("cx_scan_2026.xlsx", "score"), ("cx_scan_2026.csv", "score"), ("programma.xlsx", "programme"),
                 (os.path.join("..", "tests", "fixtures", "docx", "programmaplan-vet-pandoc.docx"), "comments")] * 3
        results = [None] * len(files)

        def run(i, name):
            results[i] = self.srv.upload(sample(name), name=f"{i}-{os.path.basename(name)}")

        threads = [threading.Thread(target=run, args=(i, n)) for i, (n, _) in enumerate(files)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ids = set()
        for i, ((name, kind), (status, _, doc)) in enumerate(zip(files, results)):
            self.assertEqual(status, 200, (name, doc))
            self.assertEqual(doc["kind"], kind)
            self.assertEqual(doc["file"], f"{i}-{os.path.basename(name)}")
            ids.add(doc["id"])
        self.assertEqual(len(ids), len(files))

    def test_job_log_names_the_user(self):
        self.srv.upload(sample("cx_scan_2026.csv"))
        with open(os.path.join(self.srv.data, "jobs.jsonl")) as f:
            lines = [json.loads(line) for line in f]
        self.assertTrue(lines)
        self.assertEqual(lines[-1]["user"], "local")


class Tokens(unittest.TestCase):
    TOKEN = "a3f1c2d4e5b6a7980123456789abcdef"

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kib-serve-tokens-")
        cls.tokens = os.path.join(cls.dir, "tokens")
        with open(cls.tokens, "w") as f:
            f.write("# name token\nanne %s\nbeheer 00112233445566778899aabbccddeeff\n" % cls.TOKEN)
        cls.srv = Server(KIB, "--tokens", cls.tokens)

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_health_needs_no_token(self):
        status, _, body = self.srv.request("GET", "/api/v1/health")
        self.assertEqual(status, 200)
        self.assertTrue(json.loads(body)["auth"])

    def test_401_without_or_with_a_wrong_token(self):
        for auth in (None, "Bearer", "Bearer wrong", "Basic " + self.TOKEN, "Bearer " + self.TOKEN[:-1]):
            headers = {"Authorization": auth} if auth else {}
            status, h, _ = self.srv.request("GET", "/api/v1/jobs/20260101T000000Z-000000000000000000000000", headers=headers)
            self.assertEqual(status, 401, auth)
            self.assertIn("Bearer", h["www-authenticate"])
        status, _, _ = self.srv.upload(sample("cx_scan_2026.csv"))
        self.assertEqual(status, 401)

    def test_token_works_and_name_not_token_is_logged(self):
        status, _, doc = self.srv.upload(sample("cx_scan_2026.csv"), token=self.TOKEN)
        self.assertEqual(status, 200, doc)
        status, _, _ = self.srv.request("GET", doc["outputs"][0]["url"], headers={"Authorization": "Bearer " + self.TOKEN})
        self.assertEqual(status, 200)
        status, _, _ = self.srv.request("GET", doc["outputs"][0]["url"])
        self.assertEqual(status, 401)
        with open(os.path.join(self.srv.data, "jobs.jsonl")) as f:
            log = f.read()
        self.assertIn('"user":"anne"', log)
        self.assertNotIn(self.TOKEN, log)
        self.assertNotIn(self.TOKEN, self.srv.output())
        self.assertIn("anne", self.srv.output())


class Limits(unittest.TestCase):
    def test_413_before_the_body_is_read(self):
        srv = Server(KIB, "--upload-mb", "1")
        try:
            # Headers promise 2 MB; the answer must come without a byte of body being sent.
            head = (f"POST /api/v1/jobs HTTP/1.1\r\nHost: {srv.host}\r\nContent-Type: application/octet-stream\r\n"
                    f"X-Kib-Filename: groot.xlsx\r\nContent-Length: {2 << 20}\r\n\r\n").encode()
            answer = raw_exchange(srv.port, head, read_timeout=5, pause_after=True)
            self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:200])
            # A chunked body that grows too large is cut off: 413, or the connection closed.
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall((f"POST /api/v1/jobs HTTP/1.1\r\nHost: {srv.host}\r\nContent-Type: application/octet-stream\r\n"
                       "X-Kib-Filename: groot.csv\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
            chunk = b"x" * 65536
            answer = b""
            try:
                for _ in range(40):
                    s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                s.sendall(b"0\r\n\r\n")
                answer = s.recv(65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            s.close()
            self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:200])
            deadline = time.time() + 5  # the connection's end is noticed a moment later
            while os.listdir(os.path.join(srv.data, "uploads")) and time.time() < deadline:
                time.sleep(0.05)
            self.assertEqual(os.listdir(os.path.join(srv.data, "uploads")), [])
            # Still serving.
            self.assertEqual(srv.request("GET", "/api/v1/health")[0], 200)
        finally:
            srv.stop()

    def test_503_with_retry_after_when_the_queue_is_full(self):
        srv = Server(KIB, "--jobs", "1", "--queue", "0")
        try:
            # One upload holds the only place: its headers are in, its body is not.
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
            s.sendall((f"POST /api/v1/jobs HTTP/1.1\r\nHost: {srv.host}\r\nContent-Type: application/octet-stream\r\n"
                       "X-Kib-Filename: scan.csv\r\nContent-Length: 100000\r\n\r\n").encode() + b"x" * 10)
            time.sleep(0.5)
            status, h, body = srv.upload(sample("cx_scan_2026.csv"))
            self.assertEqual(status, 503, str(body)[:300])
            self.assertEqual(h["retry-after"], "5")
            s.close()
            # The place comes free when that client goes away.
            deadline = time.time() + 10
            while time.time() < deadline:
                status, _, _ = srv.upload(sample("cx_scan_2026.csv"))
                if status == 200:
                    break
                time.sleep(0.2)
            self.assertEqual(status, 200)
        finally:
            srv.stop()

    def test_slow_clients_time_out(self):
        srv = Server(KIB, "--timeout", "2")
        try:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
            s.sendall(b"POST /api/v1/jobs HTTP/1.1\r\nHost: ")  # and then nothing
            started = time.time()
            data = s.recv(1024)
            self.assertEqual(data, b"")
            self.assertLess(time.time() - started, 10)
            s.close()
        finally:
            srv.stop()

    def test_connections_per_address_are_bounded(self):
        srv = Server(KIB, "--config", self.config("[serve]\nconnections_per_address = 3\n"))
        try:
            # Three kept-alive connections, each known to be accepted: it has answered once.
            # libmicrohttpd frees a closed connection's place in its own thread, so the place
            # taken by Server()'s start-up probe may still be counted for a moment (seen on a
            # loaded CI machine): a connection closed without an answer is tried again.
            def held_connection():
                deadline = time.time() + 10
                while True:
                    h = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
                    try:
                        h.sendall(f"GET /api/v1/health HTTP/1.1\r\nHost: {srv.host}\r\n\r\n".encode())
                        answer = h.recv(100)
                    except ConnectionResetError:
                        answer = b""
                    if answer.startswith(b"HTTP/1.1 200"):
                        return h
                    h.close()
                    self.assertEqual(answer, b"", "a refused connection is closed without an answer")
                    self.assertLess(time.time(), deadline, "the start-up probe's place never came free")
                    time.sleep(0.1)
            held = [held_connection() for _ in range(3)]
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            try:
                s.sendall(f"GET /api/v1/health HTTP/1.1\r\nHost: {srv.host}\r\n\r\n".encode())
                self.assertEqual(s.recv(100), b"")  # closed without an answer
            except ConnectionResetError:
                pass
            s.close()
            for h in held:
                h.close()
            # The places come free (again in the server's own time).
            held_connection().close()
        finally:
            srv.stop()

    def config(self, text):
        d = tempfile.mkdtemp(prefix="kib-serve-conf-")
        self.addCleanup(shutil.rmtree, d, True)
        p = os.path.join(d, "kib.toml")
        with open(p, "w") as f:
            f.write(text)
        return p


class Startup(unittest.TestCase):
    def run_kib(self, *args):
        return subprocess.run([KIB, "serve", *args], capture_output=True, text=True, timeout=20)

    def test_refuses_beyond_loopback_without_tokens(self):
        d = tempfile.mkdtemp()
        try:
            for listen in ("0.0.0.0:%d" % free_port(), "[::]:%d" % free_port()):
                r = self.run_kib("--listen", listen, "--data", d)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("without tokens", r.stderr)
                self.assertIn("--listen", r.stderr)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_refuses_bad_settings(self):
        d = tempfile.mkdtemp()
        try:
            r = self.run_kib("--listen", "127.0.0.1", "--data", d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("HOST:PORT", r.stderr)
            r = self.run_kib("--listen", "127.0.0.1:%d" % free_port(), "--data", d, "--tls-cert", "/nonexistent.pem")
            self.assertEqual(r.returncode, 2)
            self.assertIn("--tls-key", r.stderr)
            tokens = os.path.join(d, "tokens")
            with open(tokens, "w") as f:
                f.write("anne kort\n")
            r = self.run_kib("--listen", "0.0.0.0:%d" % free_port(), "--data", d, "--tokens", tokens)
            self.assertEqual(r.returncode, 2)
            self.assertIn("tokens: line 1:", r.stderr)
            conf = os.path.join(d, "kib.toml")
            with open(conf, "w") as f:
                f.write("[serve]\nlisen = \"127.0.0.1:1\"\n")
            r = self.run_kib("--config", conf, "--data", d)
            self.assertEqual(r.returncode, 2)
            self.assertIn("unknown setting 'lisen'", r.stderr)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_port_in_use(self):
        srv = Server(KIB)
        try:
            r = self.run_kib("--listen", srv.host, "--data", srv.data)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("cannot listen", r.stderr)
        finally:
            srv.stop()

    def test_beyond_loopback_with_tokens_starts(self):
        d = tempfile.mkdtemp()
        tokens = os.path.join(d, "tokens")
        with open(tokens, "w") as f:
            f.write("anne 0123456789abcdef0123456789abcdef\n")
        port = free_port()
        p = subprocess.Popen([KIB, "serve", "--listen", f"0.0.0.0:{port}", "--data", d, "--tokens", tokens,
                              "--public-url", "https://kib.kantoor.example"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 20
            status = None
            while time.time() < deadline and status is None:
                try:
                    c = __import__("http.client").client.HTTPConnection("127.0.0.1", port, timeout=5)
                    c.request("GET", "/api/v1/health", headers={"Host": "kib.kantoor.example"})
                    status = c.getresponse().status
                except OSError:
                    time.sleep(0.1)
            self.assertEqual(status, 200)
        finally:
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(30), 0)
            shutil.rmtree(d, ignore_errors=True)

    def test_sigterm_finishes_the_running_job(self):
        srv = Server(KIB)
        result = {}

        def upload():
            result["r"] = srv.upload(sample("cx_scan_2026.xlsx"))

        t = threading.Thread(target=upload)
        t.start()
        deadline = time.time() + 10
        while not os.listdir(os.path.join(srv.data, "uploads")) and not os.listdir(os.path.join(srv.data, "jobs")):
            self.assertLess(time.time(), deadline)
            time.sleep(0.005)
        srv.proc.send_signal(signal.SIGTERM)
        t.join(60)
        self.assertEqual(srv.proc.wait(60), 0)
        status, _, doc = result["r"]
        self.assertEqual(status, 200)
        self.assertEqual(doc["kind"], "score")
        self.assertIn("stopped", srv.output())
        srv.stop()


class Tls(unittest.TestCase):
    def test_https_with_the_office_certificate(self):
        d = tempfile.mkdtemp()
        try:
            cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                            "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
            port = free_port()
            p = subprocess.Popen([KIB, "serve", "--listen", f"127.0.0.1:{port}", "--data", d, "--tls-cert", cert, "--tls-key", key],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                ctx = ssl.create_default_context(cafile=cert)
                ctx.check_hostname = False
                import http.client
                deadline = time.time() + 20
                while True:
                    try:
                        c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
                        c.request("GET", "/api/v1/health")
                        r = c.getresponse()
                        break
                    except (OSError, ssl.SSLError):
                        self.assertLess(time.time(), deadline)
                        time.sleep(0.1)
                self.assertEqual(r.status, 200)
                self.assertEqual(json.loads(r.read())["status"], "ok")
                # Plain HTTP gets no answer from the TLS port.
                with self.assertRaises(Exception):
                    c2 = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    c2.request("GET", "/api/v1/health")
                    c2.getresponse()
            finally:
                p.send_signal(signal.SIGTERM)
                self.assertEqual(p.wait(30), 0)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    KIB, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
