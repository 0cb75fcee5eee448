"""Fixtures of the browser suite: one stack (relay-sim, atelier-server, nginx) and one headless
Chromium over chromedriver on loopback for the whole run; a team made through the pages."""
import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from browser import Browser
from stack import REPOSITORY, Stack

SHOTS = Path(os.environ.get("ATELIER_BROWSER_SHOTS", REPOSITORY / ".build" / "browser-shots"))


@pytest.fixture(scope="session")
def stack():
    running = Stack().start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def shots_folder():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars", "--lang=en-US",
                     "--window-size=1440,1000", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    chrome = webdriver.Chrome(options=options, service=service)
    chrome.set_page_load_timeout(30)
    yield chrome
    chrome.quit()


@pytest.fixture(scope="session")
def browser(driver, stack, shots_folder):
    return Browser(driver, stack, shots_folder)
