"""What the browser tests do with Chromium: open pages, fill and post the real forms, emulate a
phone's width and the dark theme, save screenshots and run axe-core."""
import time

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select

PHONE = 375
DESKTOP = 1440


class Browser:
    def __init__(self, driver, stack, shots):
        self.driver = driver
        self.stack = stack
        self.shots = shots
        self.width = DESKTOP
        self.dark = False

    # Navigation and forms.

    def go(self, path: str):
        self.driver.get(self.stack.url(path))
        return self

    @property
    def path(self) -> str:
        return self.driver.execute_script("return location.pathname + location.search")

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def fill(self, fields: dict, form: str = "form.form"):
        """Types into the fields of `form` (by name); a select is chosen by visible text or value."""
        scope = self.find(form)
        for name, value in fields.items():
            field = scope.find_element(By.CSS_SELECTOR, f"[name='{name}']")
            if field.tag_name == "select":
                chooser = Select(field)
                matching = [o for o in chooser.options if value in o.text or o.get_attribute("value") == value]
                assert matching, f"no option {value!r} in {name}: {[o.text for o in chooser.options]}"
                chooser.select_by_value(matching[0].get_attribute("value"))
            else:
                field.clear()
                field.send_keys(value)
        return scope

    def submit(self, fields: dict, form: str = "form.form"):
        scope = self.fill(fields, form)
        self.click_and_load(scope.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def click_and_load(self, element):
        """Clicks something that loads a new page, and waits for that page."""
        page = self.find("html")
        element.click()
        self.wait(lambda: staleness_of(page)(self.driver), 30, "the next page")
        self.wait_for_load()

    def wait_for_load(self):
        self.wait(lambda: self.driver.execute_script("return document.readyState") == "complete", 30, "the page to load")

    def wait(self, check, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                if check():
                    return
            except Exception as error:  # the page may be between loads
                last = error
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what} at {self.path} ({last})")

    def sign_in(self, name: str, password: str):
        self.go("/signin")
        self.submit({"name": name, "password": password})
        assert "/signin" not in self.path, f"{name} signed in: {self.text()[:300]}"

    def sign_out(self):
        self.click_and_load(self.find("form[action='/signout'] button"))

    def text(self) -> str:
        return self.find("body").text

    def status_of(self, path: str) -> int:
        """The HTTP status of a GET made from the page (with its cookies)."""
        return self.driver.execute_script(
            "return fetch(arguments[0], {redirect: 'manual'}).then(r => r.type === 'opaqueredirect' ? 303 : r.status)",
            path)

    # Emulation and evidence.

    def emulate(self, width: int, dark: bool):
        self.width, self.dark = width, dark
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling)."""
        return self.driver.execute_script(
            "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth")

    def shot(self, name: str):
        """Saves a screenshot of the whole page as `<name>-<width>-<theme>.png`."""
        height = self.driver.execute_script("return Math.min(Math.max(document.documentElement.scrollHeight, 600), 5000)")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": self.width < 600})
        time.sleep(0.1)
        path = self.shots / f"{name}-{self.width}-{'dark' if self.dark else 'light'}.png"
        self.driver.save_screenshot(str(path))
        self.emulate(self.width, self.dark)
        return path

    def serious_accessibility_violations(self) -> list:
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
                for v in results["violations"] if v.get("impact") in ("serious", "critical")]
