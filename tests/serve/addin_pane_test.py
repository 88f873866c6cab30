"""The Office add-in's task pane (/addin/taskpane.html from a real kib serve) in headless Chromium:
(a) as a plain web page, a file input per task; (b) inside a stand-in Excel (office_stub.js, injected
before the pane's scripts) that hands out the sample programme workbook through getFileAsync and
records the cells the pane writes; (c) inside a stand-in Word with a draft full of comments.
Office.js itself is blocked: no CDN at test time. Fails when the browser is missing.

Usage: addin_pane_test.py KIB SOURCE_DIR [SCREENSHOT_DIR]   (run by CTest in serve.page)"""
import base64
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from kibserve import Server  # noqa: E402

KIB = SRC = SHOTS = None
DUTCH_DATE = (r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) "
              r"\d{4}")
OFFICE_JS = "*appsforoffice.microsoft.com*"


def browser():
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not chromium or not os.path.exists(driver):
        raise RuntimeError("chromium and chromium-driver are needed (bash .ci/install-deps installs them)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    # About the width Office gives a task pane.
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=360,1400",
              "--lang=nl-NL"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.set_page_load_timeout(30)
    # Office.js from Microsoft's CDN never loads in the tests.
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [OFFICE_JS]})
    return d


def same(a, b):
    """Whether a cell keeps its value (as the pane's summarizePatch decides)."""
    blank = lambda v: v is None or v == ""  # noqa: E731
    if blank(a) and blank(b):
        return True
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        try:
            return not blank(a) and not blank(b) and float(a) == float(b)
        except ValueError:
            return False
    return str(a) == str(b)


def b64(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode("ascii")


class PaneTest(unittest.TestCase):
    stub = None  # the stand-in Office host's settings, or None for the plain page

    @classmethod
    def setUpClass(cls):
        cls.conf_dir = tempfile.mkdtemp(prefix="kib-addin-test-")
        conf = os.path.join(cls.conf_dir, "kib.toml")
        with open(conf, "w", encoding="utf-8") as f:
            # A steering date far ahead, so "the next one" does not depend on the day the test runs.
            f.write('[programme]\nstart = "2026-01"\nreference_date = "next-steering"\n'
                    'steering_dates = ["2020-06-16", "2099-06-16"]\nhandouts = true\n')
        cls.srv = Server(KIB, "--config", conf, *cls.serve_args(cls.conf_dir))
        cls.driver = browser()
        if cls.stub is not None:
            with open(os.path.join(os.path.dirname(__file__), "office_stub.js"), encoding="utf-8") as f:
                source = f"window.__kibStub = {json.dumps(cls.stub)};\n" + f.read()
            cls.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    @classmethod
    def serve_args(cls, conf_dir):
        """More options for kib serve."""
        return []

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.srv.stop()
        shutil.rmtree(cls.conf_dir, ignore_errors=True)

    def open(self):
        self.driver.get_log("browser")  # what earlier tests left in the console
        self.driver.get(f"http://{self.srv.host}/addin/taskpane.html")
        WebDriverWait(self.driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        # The steering date from GET /api/v1/settings is filled in once it is read.
        WebDriverWait(self.driver, 20).until(lambda d: d.find_element(By.ID, "kpi-date").get_attribute("value"))

    def by_id(self, i):
        return self.driver.find_element(By.ID, i)

    def set_date(self, i, iso):
        self.driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", i, iso)

    def wait_for(self, i, timeout=90):
        def ready(d):
            err = d.find_element(By.ID, "error")
            if err.is_displayed():
                raise AssertionError("the pane shows an error: " + err.text)
            return d.find_elements(By.ID, i)
        WebDriverWait(self.driver, timeout).until(ready)
        return self.by_id(i)

    def visible_tabs(self):
        return [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, "#tabs [role=tab]") if b.is_displayed()]

    def recorded(self):
        return self.driver.execute_script("return window.__kib")

    def shot(self, name):
        if SHOTS:
            self.driver.save_screenshot(os.path.join(SHOTS, name))

    def console_errors(self):
        """Severe console entries, but not the blocked Office.js (no CDN in the tests)."""
        return [e for e in self.driver.get_log("browser")
                if e["level"] == "SEVERE" and "appsforoffice.microsoft.com" not in e["message"]]

    def job(self, path, query):
        """The job document kib serve gives for the file itself, to compare the pane against."""
        status, _, doc = self.srv.upload(path, query=query)
        self.assertEqual(status, 200, doc)
        return doc


class PlainPage(PaneTest):
    def test_programme_workbook_shows_kpis_and_downloads(self):
        self.open()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "nl")
        self.assertEqual(self.visible_tabs(), ["KPI's bijwerken", "Scan scoren", "Opmerkingen", "Handouts maken"])
        self.assertEqual(self.by_id("kpi-date").get_attribute("value"), "2099-06-16")
        self.assertIn("16 juni 2099", self.by_id("kpi-date-help").text)
        self.set_date("kpi-date", "2026-11-23")
        self.by_id("kpi-file").send_keys(os.path.join(SRC, "samples", "programma.xlsx"))
        heading = self.wait_for("kpi-heading")
        self.assertEqual(heading.text, "KPI-stand op 23 november 2026")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#kpi-result table tbody tr")
        expected = self.job(os.path.join(SRC, "samples", "programma.xlsx"), "?kind=programme&date=2026-11-23")
        self.assertEqual(len(rows), len(expected["result"]["kpi"]["kpis"]))
        self.assertGreater(len(rows), 5)
        statuses = {r.find_elements(By.TAG_NAME, "td")[3].text for r in rows}
        self.assertTrue(statuses <= {"groen", "oranje", "rood", "geen meting"}, statuses)
        names = [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, "#kpi-result ul.downloads button")]
        self.assertTrue(any("stuurgroeprapportage 2026-11-23.docx" in n for n in names), names)
        self.assertTrue(any("handout" in n for n in names), names)
        self.assertIn("is verwerkt", self.by_id("status").text)
        self.assertEqual(self.console_errors(), [])
        self.shot("addin-plain-kpis.png")

    def test_survey_shows_scores_and_a_radar(self):
        self.open()
        self.driver.find_element(By.ID, "tab-scan").click()
        self.by_id("scan-file").send_keys(os.path.join(SRC, "samples", "cx_scan_2026.xlsx"))
        self.wait_for("scan-heading")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#scan-result table tbody tr")
        self.assertEqual(len(rows), 6)
        first = rows[0].find_elements(By.TAG_NAME, "td")
        self.assertRegex(first[1].text, r"^\d+,\d$")
        self.assertRegex(first[3].text, r"^\d,\d$")
        # Five rings (model values 1 to 5) and the shape; a label per pillar.
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#scan-result svg.radar polygon")), 6)
        labels = [t.text for t in self.driver.find_elements(By.CSS_SELECTOR, "#scan-result svg.radar text")]
        self.assertEqual(labels, [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows])
        self.assertEqual(self.driver.find_elements(By.ID, "scan-add"), [], "no 'Resultaten toevoegen' outside Excel")
        self.assertEqual(self.console_errors(), [])
        self.shot("addin-plain-scan.png")

    def test_a_pdf_gives_a_dutch_error(self):
        self.open()
        d = tempfile.mkdtemp()
        try:
            pdf = os.path.join(d, "begroting.xlsx")
            with open(pdf, "wb") as f:
                f.write(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n")
            self.by_id("kpi-file").send_keys(pdf)
            WebDriverWait(self.driver, 30).until(EC.visibility_of_element_located((By.ID, "error")))
            text = self.by_id("error").text
            self.assertIn("begroting.xlsx kon niet worden verwerkt", text)
            self.assertIn("PDF-document", text)
        finally:
            shutil.rmtree(d, ignore_errors=True)


class PlainPageWithTokens(PaneTest):
    TOKEN = "3f9c2a7e5b1d4c6f8a0e2b4d6f8a1c3e"

    @classmethod
    def serve_args(cls, conf_dir):
        tokens = os.path.join(conf_dir, "tokens")
        with open(tokens, "w", encoding="utf-8") as f:
            f.write(f"excel-addin {cls.TOKEN}\n")
        return ["--tokens", tokens]

    def test_the_token_is_asked_kept_per_service_and_sent(self):
        self.driver.get(f"http://{self.srv.host}/addin/taskpane.html")
        WebDriverWait(self.driver, 20).until(lambda d: d.find_element(By.ID, "token-box").is_displayed())
        self.by_id("token").send_keys("verkeerd")
        self.by_id("token-form").submit()
        self.driver.find_element(By.ID, "tab-scan").click()
        self.by_id("scan-file").send_keys(os.path.join(SRC, "samples", "cx_scan_2026.xlsx"))
        WebDriverWait(self.driver, 30).until(EC.visibility_of_element_located((By.ID, "error")))
        self.assertIn("niet (meer) aangemeld", self.by_id("error").text)
        self.by_id("token").send_keys(self.TOKEN)
        self.by_id("token-form").submit()
        self.assertEqual(self.by_id("token-state").text, "De toegangscode is bewaard op dit apparaat.")
        stored = self.driver.execute_script("return localStorage.getItem(arguments[0])", f"kib.token:http://{self.srv.host}")
        self.assertEqual(stored, self.TOKEN)
        self.assertEqual(self.driver.execute_script("return document.cookie"), "", "never in a cookie")
        self.by_id("scan-run").click()
        self.wait_for("scan-heading")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#scan-result table tbody tr")), 6)


class InExcel(PaneTest):
    stub = {"host": "Excel", "url": "https://contoso.sharepoint.com/sites/pb/Programma%20Klant%20in%20Beeld.xlsx"}

    @classmethod
    def setUpClass(cls):
        cls.stub = dict(cls.stub, document=b64(os.path.join(SRC, "samples", "programma.xlsx")))
        super().setUpClass()

    def test_kpi_update_shows_the_changes_then_writes_the_patch(self):
        expected = self.job(os.path.join(SRC, "samples", "programma.xlsx"), "?kind=programme&date=2026-11-23")
        patch = expected["result"]["patch"]
        self.assertTrue(patch["cells"], "the job gave an empty patch")
        # Excel's status cells say groen before, so every KPI the patch makes rood turns rood.
        before = {f"{c['sheet']}!{c['ref'].replace('$', '')}": "groen" for c in patch["cells"] if c.get("status")}
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": f"window.__kibStub.before = {json.dumps(before)};"})
        self.open()
        self.assertEqual(self.visible_tabs(), ["KPI's bijwerken", "Scan scoren"])
        self.assertFalse(self.by_id("kpi-file").is_displayed(), "in Excel the open workbook is used, not a file")
        self.set_date("kpi-date", "2026-11-23")
        self.by_id("kpi-run").click()
        changes = self.wait_for("kpi-changes")
        changed = sum(1 for c in patch["cells"]
                      if "value" in c and not same(before.get(f"{c['sheet']}!{c['ref'].replace('$', '')}", ""), c["value"]))
        changed += sum(len(r["values"]) for r in patch.get("rows", []))
        self.assertRegex(changes.text, "^" + f"{changed:,}".replace(",", ".") + " (cellen veranderen|cel verandert)")
        red = []
        for c in patch["cells"]:
            if str(c.get("status", "")).strip().lower() == "rood" and c.get("kpi") and c["kpi"] not in red:
                red.append(c["kpi"])
        self.assertEqual([li.text for li in self.driver.find_elements(By.CSS_SELECTOR, "#kpi-red li")], red)
        rec = self.recorded()
        self.assertEqual(rec["writes"], [], "nothing is written before the person agrees")
        self.assertGreater(len(rec["slices"]), 0)
        self.assertEqual(rec["closes"], 1, "the file is closed after reading")
        self.shot("addin-excel-summary.png")

        self.by_id("kpi-apply").click()
        self.wait_for("kpi-applied")
        rec = self.recorded()
        written = {}
        for w in rec["writes"]:
            written.setdefault((w["sheet"], w["address"]), {}).update({k: v for k, v in w.items() if k not in ("sheet", "address")})
        for c in patch["cells"]:
            got = written.get((c["sheet"], c["ref"].replace("$", "")))
            self.assertIsNotNone(got, f"{c['sheet']}!{c['ref']} was not written")
            if "value" in c:
                self.assertEqual(got["values"], [["" if c["value"] is None else c["value"]]], c)
            if c.get("fill"):
                self.assertEqual(got["fill"], "#" + c["fill"].lstrip("#")[-6:].upper(), c)
            if c.get("numberFormat"):
                self.assertEqual(got["numberFormat"], [[c["numberFormat"]]], c)
        self.assertEqual(len(written), len({(c["sheet"], c["ref"].replace("$", "")) for c in patch["cells"]}))
        rows = [v for a in rec["appended"] for v in a["values"]]
        self.assertEqual([r[:len(p["values"])] for r, p in zip(rows, patch.get("rows", []))],
                         [[("" if v is None else v) for v in p["values"]] for p in patch.get("rows", [])])
        if patch.get("rows"):
            self.assertTrue(rec["appended"][0]["address"].startswith("A12:"), "rows go below the used range A1:D11")
        total = len(patch["cells"]) + sum(len(r["values"]) for r in patch.get("rows", []))
        self.assertRegex(self.by_id("kpi-applied").text, rf"^Klaar: de wijzigingen staan in de werkmap \({total} cellen geschreven")

        # Downloads open in the system browser through Office, with a URL of this service.
        buttons = self.driver.find_elements(By.CSS_SELECTOR, "#kpi-result ul.downloads button")
        report = [b for b in buttons if "stuurgroeprapportage" in b.text]
        self.assertTrue(report, [b.text for b in buttons])
        report[0].click()
        opened = self.recorded()["opened"]
        self.assertEqual(len(opened), 1)
        self.assertTrue(opened[0].startswith(f"http://{self.srv.host}/api/v1/jobs/"), opened[0])
        # The system browser has no token: the URL carries its own short-lived key, and works without one.
        self.assertRegex(opened[0], r"\?e=\d+&k=[^&]+$")
        status, headers, body = self.srv.request("GET", opened[0].split(self.srv.host, 1)[1])
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"PK"), "the report is a .docx")
        self.assertEqual(self.console_errors(), [])
        self.shot("addin-excel-applied.png")


class InExcelWithASurvey(PaneTest):
    stub = {"host": "Excel", "url": "C:\\Users\\anne\\Documents\\cx_scan_2026.xlsx"}

    @classmethod
    def setUpClass(cls):
        cls.stub = dict(cls.stub, document=b64(os.path.join(SRC, "samples", "cx_scan_2026.xlsx")))
        super().setUpClass()

    def test_scan_scores_and_adds_the_results_sheet(self):
        self.open()
        self.driver.find_element(By.ID, "tab-scan").click()
        self.by_id("scan-run").click()
        self.wait_for("scan-heading")
        self.by_id("scan-add").click()
        WebDriverWait(self.driver, 30).until(lambda d: "is toegevoegd" in d.find_element(By.ID, "status").text)
        rec = self.recorded()
        self.assertEqual(rec["sheetsAdded"], ["Resultaten scan"])
        self.assertEqual(rec["charts"], [{"sheet": "Resultaten scan", "type": "Radar", "source": "A1:B7"}])
        cells = {w["address"]: w["values"][0][0] for w in rec["writes"] if w["sheet"] == "Resultaten scan" and "values" in w}
        names = [r.find_elements(By.TAG_NAME, "td")[0].text
                 for r in self.driver.find_elements(By.CSS_SELECTOR, "#scan-result table tbody tr")]
        self.assertEqual([cells[f"A{i + 2}"] for i in range(len(names))], names)
        self.assertEqual(cells["A1"], "Pijler")
        self.assertEqual(self.console_errors(), [])


class InWord(PaneTest):
    DRAFT = "tests/fixtures/docx/word365.docx"

    @classmethod
    def setUpClass(cls):
        draft = os.path.join(SRC, cls.DRAFT)
        cls.stub = {"host": "Word", "url": "https://contoso.sharepoint.com/Programmaplan.docx", "document": b64(draft),
                    "words": []}
        super().setUpClass()
        status, _, doc = cls.srv.upload(draft, query="?kind=comments")
        assert status == 200, doc
        cls.comments = doc["result"]["comments"]
        # What Word finds when the pane searches: every anchored text of the draft.
        cls.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
                                   f"window.__kibStub.words = {json.dumps([c['anchor'] for c in cls.comments if c.get('anchor')])};"})

    def test_comments_with_filters_and_show_in_document(self):
        comments = self.comments
        top = [c for c in comments if c.get("parent") is None]
        self.assertGreater(len(top), 1, "the draft needs comments for this test")
        self.open()
        self.assertEqual(self.visible_tabs(), ["Opmerkingen", "Handouts maken"])
        self.by_id("comments-run").click()
        count = self.wait_for("comments-count")
        open_top = [c for c in top if not c.get("resolved")]
        self.assertEqual(count.text, f"{len(top)} van {len(top)} {'opmerking' if len(top) == 1 else 'opmerkingen'} "
                                     f"({len(open_top)} open)")
        boxes = self.driver.find_elements(By.CSS_SELECTOR, "#comments-list .comment")
        self.assertEqual(len(boxes), len(top))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#comments-list .reply")), len(comments) - len(top))
        first = boxes[0].find_element(By.CSS_SELECTOR, ".who").text
        self.assertEqual(first, top[0]["author"])
        if top[0].get("date"):
            self.assertRegex(boxes[0].find_element(By.CSS_SELECTOR, ".meta").text, DUTCH_DATE)
        # Open only.
        self.by_id("comments-open").click()
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#comments-list .comment")), len(open_top))
        self.assertTrue(self.by_id("comments-count").text.startswith(f"{len(open_top)} van {len(top)}"))
        self.by_id("comments-open").click()
        # Per author: the threads that person started or answered.
        author = top[-1]["author"]
        by_id = {c["id"]: c for c in comments}

        def root(c):
            seen = set()
            while c.get("parent") is not None and c["parent"] in by_id and c["id"] not in seen:
                seen.add(c["id"])
                c = by_id[c["parent"]]
            return c["id"]
        threads = {root(c) for c in comments if c["author"] == author}
        self.driver.execute_script(
            "const s = document.getElementById('comments-author'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change'));", author)
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#comments-list .comment")), len(threads))
        self.shot("addin-word-comments.png")
        # Show in document: Word searches the anchored text and selects it.
        show = self.driver.find_elements(By.CSS_SELECTOR, "#comments-list .comment .anchor button")
        self.assertTrue(show, "no 'Toon in document' button")
        show[0].click()
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return window.__kib.selected") == 1)
        searched = self.recorded()["searches"][0]
        self.assertTrue(searched["text"])
        self.assertEqual(searched["options"], {"matchCase": True})
        names = [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, "#comments-result ul.downloads button")]
        self.assertTrue(names and names[0].endswith("opmerkingenregister.xlsx"), names)
        self.assertEqual(self.console_errors(), [])

    def test_handouts_from_a_chosen_workbook(self):
        self.open()
        self.driver.find_element(By.ID, "tab-handouts").click()
        self.set_date("handouts-date", "2026-11-23")
        self.by_id("handouts-file").send_keys(os.path.join(SRC, "samples", "programma.xlsx"))
        heading = self.wait_for("handouts-heading")
        self.assertRegex(heading.text, r"^\d+ handouts?$")
        names = [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, "#handouts-result section > ul.downloads button")]
        self.assertTrue(names and all("handout" in n for n in names), names)
        self.assertEqual(int(heading.text.split()[0]), len(names))
        self.assertEqual(self.recorded()["slices"], [], "the handouts come from the chosen file, not the open draft")
        self.assertEqual(self.console_errors(), [])


if __name__ == "__main__":
    KIB, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
    SHOTS = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("KIB_SCREENSHOTS")
    unittest.main(argv=[sys.argv[0], "-v"])
