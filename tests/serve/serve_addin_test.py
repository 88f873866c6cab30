"""kib serve's side of the Office add-in against a real process on 127.0.0.1: the manifest (filled,
schema-valid, stable Id, 409 without an https public URL), the pane's files and their framing, the
settings, the KPI patch in the programme job's result, and download keys.

Usage: serve_addin_test.py KIB SOURCE_DIR   (run by CTest as serve.addin)"""
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from kibserve import Server  # noqa: E402

KIB = SRC = None
PUBLIC = "https://kib.gemeente.example.nl"
TOKEN = "5f0e1d2c3b4a59687766554433221100"


def sample(name):
    return os.path.join(SRC, "samples", name)


def schemas():
    return os.environ.get("KIB_OFFICE_SCHEMAS") or os.path.join(SRC, "..", "shared", "schemas", "office-addin-manifest")


def local(url):
    """The request path of a URL kib made under the public URL."""
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


class Addin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kib-serve-addin-")
        cls.data = os.path.join(cls.dir, "data")
        with open(os.path.join(cls.dir, "tokens"), "w") as f:
            f.write("excel-addin %s\n" % TOKEN)
        with open(os.path.join(cls.dir, "kib.toml"), "w") as f:
            f.write('[programme]\nstart = "2026-01"\nreference_date = "next-steering"\n'
                    'steering_dates = ["2026-12-15", "2099-03-16"]\nhandouts = false\n')
        cls.srv = Server(KIB, "--config", os.path.join(cls.dir, "kib.toml"), "--tokens", os.path.join(cls.dir, "tokens"),
                         "--public-url", PUBLIC + "/", "--upload-mb", "20", data=cls.data)
        cls.auth = {"Authorization": "Bearer " + TOKEN}

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_manifest_is_filled_schema_valid_and_its_id_kept(self):
        status, h, body = self.srv.request("GET", "/addin/manifest.xml")  # no token: an admin downloads it
        self.assertEqual(status, 200, body)
        self.assertEqual(h["content-type"], "application/xml; charset=utf-8")
        text = body.decode("utf-8")
        self.assertNotIn("{{", text)
        with open(os.path.join(self.data, "addin-id")) as f:
            kept = f.read().strip()
        self.assertRegex(kept, r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.assertIn(f"<Id>{kept}</Id>", text)
        self.assertIn(f'<SourceLocation DefaultValue="{PUBLIC}/addin/taskpane.html"/>', text)
        for url in re.findall(r'DefaultValue="(http[^"]*)"', text):
            self.assertTrue(url.startswith(PUBLIC + "/"), url)
        xsd = os.path.join(schemas(), "OfficeAppManifestV1_1.xsd")
        self.assertTrue(os.path.exists(xsd), xsd)
        path = os.path.join(self.dir, "manifest.xml")
        with open(path, "wb") as f:
            f.write(body)
        r = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        # Every icon the manifest names is served, as a PNG.
        for url in re.findall(r'DefaultValue="([^"]*\.png)"', text):
            status, h, png = self.srv.request("GET", local(url))
            self.assertEqual(status, 200, url)
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")

    def test_id_stable_across_restarts_and_409_without_https(self):
        data = os.path.join(self.dir, "restart")
        ids = []
        for _ in range(2):
            srv = Server(KIB, "--public-url", PUBLIC, data=data)
            try:
                status, _, body = srv.request("GET", "/addin/manifest.xml")
                self.assertEqual(status, 200)
                ids.append(re.search(r"<Id>([^<]+)</Id>", body.decode()).group(1))
            finally:
                self.assertEqual(srv.stop(), 0)
        self.assertEqual(ids[0], ids[1])
        self.assertNotEqual(ids[0], re.search(r"<Id>([^<]+)</Id>", self.srv.request("GET", "/addin/manifest.xml")[2].decode()).group(1))
        for extra in ([], ["--public-url", "http://kib.kantoor.local"]):
            srv = Server(KIB, *extra, data=data)
            try:
                status, h, body = srv.request("GET", "/addin/manifest.xml")
                self.assertEqual(status, 409, extra)
                err = json.loads(body)["error"]
                self.assertIn("Het add-in-manifest heeft het https-adres", err["message"])
                self.assertIn("The add-in manifest needs", err["message"])
                self.assertEqual(err["where"], "--public-url")
                # The pane itself is served all the same (a test page, or a proxy in front).
                self.assertEqual(srv.request("GET", "/addin/commands.html")[0], 200)
            finally:
                srv.stop()

    def test_pane_pages_framed_by_office_everything_else_never(self):
        status, h, body = self.srv.request("GET", "/addin/commands.html")
        self.assertEqual(status, 200)
        with open(os.path.join(SRC, "addin", "commands.html"), "rb") as f:
            self.assertEqual(body, f.read())
        csp = h["content-security-policy"]
        self.assertIn("frame-ancestors 'self' https://*.officeapps.live.com", csp)
        self.assertIn("https://appsforoffice.microsoft.com", csp)
        for path in ("/", "/app.js", "/addin/src/api.js", "/addin/icons/icon-80.png", "/addin/nothing.html", "/addin/manifest.xml"):
            status, h, _ = self.srv.request("GET", path)
            self.assertIn("frame-ancestors 'none'", h.get("content-security-policy", ""), path)
            self.assertNotIn("officeapps", h.get("content-security-policy", ""), path)
        status, h, _ = self.srv.request("GET", "/addin/src/api.js")
        self.assertEqual((status, h["content-type"]), (200, "text/javascript; charset=utf-8"))
        for path in ("/addin/manifest.template.xml", "/addin/tools/fill_manifest.mjs", "/addin/package.json", "/addin/README.md",
                     "/addin/test/api.test.mjs", "/addin/node_modules/office-addin-mock/package.json", "/addin/../web/app.js"):
            self.assertEqual(self.srv.request("GET", path)[0], 404, path)
        self.assertEqual(self.srv.request("POST", "/addin/commands.html", b"", {"Content-Type": "application/octet-stream"})[0], 405)

    def test_settings_behind_the_token(self):
        self.assertEqual(self.srv.request("GET", "/api/v1/settings")[0], 401)
        status, _, body = self.srv.request("GET", "/api/v1/settings", headers=self.auth)
        self.assertEqual(status, 200)
        s = json.loads(body)
        today = time.strftime("%Y-%m-%d")
        self.assertEqual(s["next_steering_date"], "2026-12-15" if today <= "2026-12-15" else "2099-03-16")
        self.assertEqual(s["reference_date"], s["next_steering_date"])
        self.assertEqual(s["steering_dates"], ["2026-12-15", "2099-03-16"])
        self.assertEqual(s["limits"]["upload_bytes"], 20 << 20)
        self.assertEqual(s["upload_mb"], 20)
        self.assertEqual(s["manifest_url"], PUBLIC + "/addin/manifest.xml")
        self.assertEqual(s["version"], json.loads(self.srv.request("GET", "/api/v1/health")[2])["version"])

    def test_programme_job_carries_the_patch_kpi_output_writes(self):
        status, _, doc = self.srv.upload(sample("programma.xlsx"), query="?kind=programme&date=2026-11-23", token=TOKEN)
        self.assertEqual(status, 200, doc)
        cli = subprocess.run([KIB, "kpi", sample("programma.xlsx"), "--date", "2026-11-23", "--start", "2026-01", "--patch"],
                             check=True, capture_output=True).stdout
        self.assertEqual(doc["result"]["patch"], json.loads(cli))
        statuses = [c for c in doc["result"]["patch"]["cells"] if "kpi" in c]
        self.assertEqual(len(statuses), len(doc["result"]["kpi"]["kpis"]))
        for c in statuses:
            k = next(k for k in doc["result"]["kpi"]["kpis"] if k["kpi"] == c["kpi"])
            self.assertEqual(c["status"], k["status"])

    def test_handouts_per_owner_chosen_per_job(self):
        conf = os.path.join(self.dir, "handouts.toml")
        with open(conf, "w") as f:
            f.write('[programme]\nstart = "2026-01"\nhandouts = true\nhandouts_per_owner = false\n')
        srv = Server(KIB, "--config", conf)
        try:
            counts = {}
            for choice in ("", "&handouts_per_owner=true", "&handouts_per_owner=false"):
                status, _, doc = srv.upload(sample("programma.xlsx"), query="?kind=programme&date=2026-11-23" + choice)
                self.assertEqual(status, 200, doc)
                counts[choice] = len([o for o in doc["outputs"] if "handout" in o["name"]])
            self.assertEqual(counts[""], 1)  # kib.toml: one for all participants
            self.assertEqual(counts["&handouts_per_owner=false"], 1)
            self.assertGreater(counts["&handouts_per_owner=true"], 1)  # one per benefit owner
            status, _, body = srv.request("POST", "/api/v1/jobs?handouts_per_owner=ja", b"x",
                                          {"Content-Type": "application/octet-stream", "X-Kib-Filename": "a.xlsx"})
            self.assertEqual(status, 400)
            self.assertEqual(json.loads(body)["error"]["where"], "handouts_per_owner")
            self.assertFalse(json.loads(srv.request("GET", "/api/v1/settings")[2])["handouts_per_owner"])
        finally:
            srv.stop()

    def test_download_keys_open_one_output_for_a_while(self):
        status, _, doc = self.srv.upload(sample("cx_scan_2026.csv"), token=TOKEN)
        self.assertEqual(status, 200, doc)
        outs = doc["outputs"]
        self.assertGreaterEqual(len(outs), 2)
        for o in outs:
            self.assertTrue(o["url"].startswith(PUBLIC + "/api/v1/jobs/"), o["url"])
            self.assertTrue(o["download_url"].startswith(o["url"] + "?e="), o["download_url"])
            # The token URL still needs the token; the keyed one does not, and gives the same bytes.
            self.assertEqual(self.srv.request("GET", local(o["url"]))[0], 401)
            status, h, data = self.srv.request("GET", local(o["download_url"]))
            self.assertEqual(status, 200, o["name"])
            with open(os.path.join(self.data, "jobs", doc["id"], "out", o["name"]), "rb") as f:
                self.assertEqual(hashlib.sha256(data).hexdigest(), hashlib.sha256(f.read()).hexdigest())
            self.assertIn("attachment;", h["content-disposition"])
            self.assertEqual(h["referrer-policy"], "no-referrer")
        a, b = outs[0], outs[1]
        query = urllib.parse.urlsplit(a["download_url"]).query
        # A's key does not open B, a changed key opens nothing, the job document is not opened by it.
        status, _, body = self.srv.request("GET", local(b["url"]) + "?" + query)
        self.assertEqual(status, 403)
        self.assertIn("niet geldig", json.loads(body)["error"]["message"])
        e, k = re.match(r"e=(\d+)&k=([0-9a-f]{64})$", query).groups()
        self.assertAlmostEqual(int(e), time.time() + 1800, delta=120)
        self.assertEqual(self.srv.request("GET", local(a["url"]) + f"?e={e}&k={k[:-1]}{'0' if k[-1] != '0' else '1'}")[0], 403)
        self.assertEqual(self.srv.request("GET", local(a["url"]) + f"?e={int(e) + 60}&k={k}")[0], 403)
        self.assertEqual(self.srv.request("GET", f"/api/v1/jobs/{doc['id']}?{query}")[0], 401)
        # With the secret from the data folder (HMAC-SHA256 over id NUL name NUL expiry): a key
        # made for an hour ago is refused as expired, one made for later is taken.
        with open(os.path.join(self.data, "download.key"), "rb") as f:
            secret = f.read()

        def key(expiry):
            msg = doc["id"].encode() + b"\0" + a["name"].encode() + b"\0" + str(expiry).encode()
            return hmac.new(secret, msg, hashlib.sha256).hexdigest()
        past = int(time.time()) - 3600
        status, _, body = self.srv.request("GET", local(a["url"]) + f"?e={past}&k={key(past)}")
        self.assertEqual(status, 403)
        self.assertIn("verlopen", json.loads(body)["error"]["message"])
        self.assertIn("expired", json.loads(body)["error"]["message"])
        later = int(time.time()) + 600
        self.assertEqual(self.srv.request("GET", local(a["url"]) + f"?e={later}&k={key(later)}")[0], 200)
        # An expired key with a valid token still works: the token decides then.
        self.assertEqual(self.srv.request("GET", local(a["url"]) + f"?e={past}&k={key(past)}", headers=self.auth)[0], 200)
        # GET of the job hands out fresh keys.
        status, _, body = self.srv.request("GET", f"/api/v1/jobs/{doc['id']}", headers=self.auth)
        again = json.loads(body)
        self.assertEqual([o["name"] for o in again["outputs"]], [o["name"] for o in outs])
        self.assertEqual(self.srv.request("GET", local(again["outputs"][0]["download_url"]))[0], 200)


if __name__ == "__main__":
    KIB, SRC = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
