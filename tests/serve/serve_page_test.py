"""kib's web page in headless Chromium (Debian's chromium + chromium-driver, python3-selenium):
upload a survey with the keyboard-reachable file input and see its scores, radar chart and
downloads; upload a renamed PDF and see the Dutch error. Fails when the browser is missing (CI
installs it through .ci/install-deps).

Usage: serve_page_test.py KIB SOURCE_DIR [SCREENSHOT_DIR]   (run by CTest as serve.page)"""
import os
import shutil
import sys
import tempfile
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from kibserve import Server  # noqa: E402

KIB = SRC = SHOTS = None


def browser():
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not chromium or not os.path.exists(driver):
        raise RuntimeError("chromium and chromium-driver are needed (bash .ci/install-deps installs them)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1400",
              "--lang=nl-NL"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(driver), options=opts)


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server(KIB)
        cls.driver = browser()
        cls.driver.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.srv.stop()

    def open(self):
        self.driver.get(f"http://{self.srv.host}/")
        WebDriverWait(self.driver, 10).until(lambda d: d.find_element(By.ID, "version").text.startswith("kib "))

    def shot(self, name):
        if SHOTS:
            self.driver.save_screenshot(os.path.join(SHOTS, name))

    def test_survey_shows_scores_radar_and_downloads(self):
        self.open()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "nl")
        # Keyboard: Tab reaches the file input.
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        reached = False
        for _ in range(10):
            if self.driver.switch_to.active_element.get_attribute("id") == "file":
                reached = True
                break
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertTrue(reached, "the file input is not reachable with Tab")
        self.driver.find_element(By.ID, "file").send_keys(os.path.join(SRC, "samples", "cx_scan_2026.xlsx"))
        wait = WebDriverWait(self.driver, 60)
        wait.until(EC.presence_of_element_located((By.ID, "h-scores")))
        self.assertEqual(self.driver.find_element(By.ID, "h-scores").text, "Scores per pijler")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#result table tbody tr")
        self.assertEqual(len(rows), 6)
        first = rows[0].find_elements(By.TAG_NAME, "td")
        self.assertTrue(first[0].text)
        self.assertRegex(first[1].text, r"^\d+,\d$")  # Dutch decimal comma
        self.assertTrue(first[2].text and first[2].text != "–")  # the phase
        polygons = self.driver.find_elements(By.CSS_SELECTOR, "#result svg.radar polygon")
        self.assertEqual(len(polygons), 5)  # four rings and the scores
        links = self.driver.find_elements(By.CSS_SELECTOR, "#result .outputs a")
        self.assertTrue(any(a.text.endswith(".xlsx") for a in links))
        self.assertTrue(all(a.get_attribute("href").startswith(f"http://{self.srv.host}/api/v1/jobs/") for a in links))
        self.assertIn("verwerkt", self.driver.find_element(By.ID, "status").text)
        self.shot("serve-page-scores.png")

    def test_programme_shows_kpis_with_a_dutch_date(self):
        self.open()
        self.driver.find_element(By.ID, "file").send_keys(os.path.join(SRC, "samples", "programma.xlsx"))
        WebDriverWait(self.driver, 60).until(EC.presence_of_element_located((By.ID, "h-kpi")))
        heading = self.driver.find_element(By.ID, "h-kpi").text
        self.assertRegex(heading, r"^KPI-stand op \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|"
                                  r"september|oktober|november|december) \d{4}$")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#result table tbody tr")
        self.assertGreater(len(rows), 5)
        # The plan the status was judged against (plan at the measurement's date) is shown for every
        # measured KPI: the first KPI of the sample, % Getraind outside-in, measured 31 oktober 2026.
        first = [td.text for td in rows[0].find_elements(By.TAG_NAME, "td")]
        self.assertEqual(first[1], "% Getraind outside-in")
        self.assertRegex(first[3], r"^\d+%$")
        self.shot("serve-page-kpis.png")

    def test_pdf_shows_a_dutch_error(self):
        self.open()
        d = tempfile.mkdtemp()
        try:
            pdf = os.path.join(d, "begroting.xlsx")
            with open(pdf, "wb") as f:
                f.write(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n")
            self.driver.find_element(By.ID, "file").send_keys(pdf)
            WebDriverWait(self.driver, 30).until(EC.visibility_of_element_located((By.ID, "error")))
            text = self.driver.find_element(By.ID, "error").text
            self.assertIn("begroting.xlsx kon niet worden verwerkt", text)
            self.assertIn("PDF-document", text)
            self.assertIn("Wat kun je doen", text)
            self.shot("serve-page-error.png")
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    KIB, SRC = sys.argv[1], sys.argv[2]
    SHOTS = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("KIB_SCREENSHOTS")
    unittest.main(argv=[sys.argv[0], "-v"])
