"""Every page in English and Simplified Chinese, at 1440 px in the light theme and at 375 px in
the dark theme: a screenshot of each, axe-core with no serious or critical violation, no sideways
scrolling on the phone, the right `lang` attribute, no translation key shown instead of its text,
and no English left on a Chinese page."""
import json
import re

import pytest

from browser import DESKTOP, PHONE
from stack import LEAD_PASSWORD, REPOSITORY

ENGLISH = json.loads((REPOSITORY / "Templates/locales/en.json").read_text())
CHINESE = json.loads((REPOSITORY / "Templates/locales/zh-Hans.json").read_text())
KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")

# English words a Chinese page never shows as its own text (data such as names, prompts, models
# and answers is left out before looking, see `own_text`).
ENGLISH_WORDS = {
    "the", "and", "your", "you", "with", "from", "for", "this", "that", "what", "when", "not", "none", "yet",
    "add", "save", "remove", "delete", "cancel", "retry", "send", "submit", "refresh", "test", "import",
    "home", "studio", "chat", "tasks", "task", "members", "member", "providers", "provider", "balances", "balance",
    "budgets", "budget", "usage", "audit", "log", "account", "sign", "password", "name", "role", "status",
    "done", "failed", "running", "queued", "price", "prices", "cost", "model", "prompt", "image", "music", "video",
    "speech", "started", "created", "elapsed", "menu", "language", "next", "steps", "older", "newer", "mine", "team",
    "month", "spent", "remaining", "limit", "key", "keys", "label", "expires", "settings", "page", "found", "error",
    "just", "now", "ago", "min", "days", "bytes", "lead", "viewer", "active", "disabled", "unit", "amount",
    "demo", "local", "simulator", "custom", "compatible", "relay", "choose", "pick", "skip", "content",
}


# Names of things, not words of the interface: the providers (the demo relay's and the one the
# journey adds), the demo key's label and the simulator program.
DATA_NAMES = ["Demo relay", "Sim KFC", "demo key", "relay-sim"]


def own_text(browser) -> str:
    """The page's visible text, less what the team typed or a relay answered (prompts, chat,
    names, code, captions, the signed-in member's name and the brand)."""
    return browser.driver.execute_script("""
        const skip = 'code, pre, .prompt, .message, .conversations li, figcaption, .account a, .brand, .languages a,'
                   + ' td.who, td.where, .facts dd, datalist, option, .chips, [translate=no]';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const parts = [];
        while (walker.nextNode()) {
            const node = walker.currentNode, parent = node.parentElement;
            if (!parent || parent.closest(skip) || parent.closest('script, style')) continue;
            if (parent.getClientRects().length === 0) continue;
            parts.push(node.textContent);
        }
        return parts.join(' ');
    """)


def pages(browser) -> list:
    """The signed-in pages to walk, with a task's, a member's, a provider's and an output's own page."""
    browser.go("/tasks?scope=team")
    task = next((a.get_attribute("href") for a in browser.find_all("td.what a")), None)
    browser.go("/members")
    member = browser.find_all("table a[href^='/members/']")[-1].get_attribute("href")
    browser.go("/providers")
    provider = browser.find("table a[href^='/providers/']").get_attribute("href")
    browser.go("/gallery")
    asset = next((a.get_attribute("href") for a in browser.find_all(".gallery-caption a")), None)
    paths = [(slug(path), path) for path in [
        "/", "/studio/image", "/studio/music", "/studio/video", "/studio/speech", "/chat", "/tasks", "/tasks?scope=team",
        "/gallery", "/gallery?kind=audio", "/gallery/collections", "/gallery/storage",
        "/members", "/providers", "/balances", "/budgets", "/usage", "/audit", "/account", "/no-such-page"]]
    for name, href in (("task", task), ("member", member), ("provider", provider), ("asset", asset)):
        if href:
            paths.append((name, re.sub(r"^https?://[^/]+", "", href)))
    return paths


def check_page(browser, path: str, language: str, problems: list, shot_name: str):
    browser.go(path)
    lang = browser.find("html").get_attribute("lang")
    if lang != language:
        problems.append(f"{path} [{language}]: lang is {lang!r}")
    text = browser.text()
    shown_keys = sorted({k for k in KEY.findall(text) if k in ENGLISH})
    if shown_keys:
        problems.append(f"{path} [{language}]: keys shown instead of text: {shown_keys}")
    if language == "zh-Hans":
        text = own_text(browser)
        for name in DATA_NAMES:
            text = text.replace(name, " ")
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        english = sorted(words & ENGLISH_WORDS)
        if english:
            problems.append(f"{path} [zh-Hans]: English left on the page: {english}")
    for width, dark in ((DESKTOP, False), (PHONE, True)):
        browser.emulate(width, dark)
        if width == PHONE and browser.horizontal_overflow() > 0:
            problems.append(f"{path} [{language}] at {width} px scrolls sideways by {browser.horizontal_overflow()} px")
        stretched = browser.driver.execute_script(
            "return [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]"
            ".filter(e => e.getBoundingClientRect().width > 40).map(e => e.name)")
        if stretched:
            problems.append(f"{path} [{language}] at {width} px: checkboxes stretched across the line: {stretched}")
        browser.shot(shot_name)
        for violation in browser.serious_accessibility_violations():
            problems.append(f"{path} [{language}] {width} px {'dark' if dark else 'light'}: {violation}")
    browser.emulate(DESKTOP, False)


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:40] or "home"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_every_page_in_both_languages_themes_and_widths(browser, language):
    problems = []
    browser.emulate(DESKTOP, False)
    browser.go("/")
    if browser.find_all("form[action='/signout']"):
        browser.sign_out()
    browser.go(f"/lang/{language}?next=/")
    short = "zh" if language == "zh-Hans" else "en"
    check_page(browser, "/", language, problems, f"20-signed-out-home-{short}")
    check_page(browser, "/signin", language, problems, f"21-signin-{short}")
    browser.sign_in("lead", LEAD_PASSWORD)
    browser.go(f"/lang/{language}?next=/")
    for number, (name, path) in enumerate(pages(browser), start=22):
        check_page(browser, path, language, problems, f"{number}-{name}-{short}")
    # The choice is kept on the member's account: without the cookie, and with an English
    # Accept-Language, the next sign-in still speaks it.
    browser.sign_out()
    browser.driver.delete_cookie("lang")
    browser.sign_in("lead", LEAD_PASSWORD)
    browser.go("/tasks")
    assert browser.find("html").get_attribute("lang") == language, "the member's language wins over Accept-Language"
    browser.go("/lang/en?next=/")
    assert not problems, "\n".join(problems)


def test_the_keyboard_reaches_every_control_in_order_with_a_visible_focus(browser):
    """Tab from the top of the studio page: the first stop skips to the content, the menu comes
    before the form, and every stop shows where the focus is."""
    browser.emulate(DESKTOP, False)
    browser.go("/")
    if not browser.find_all("form[action='/signout']"):
        browser.sign_in("lead", LEAD_PASSWORD)
    browser.go("/studio/image")
    body = browser.find("body")
    stops = []
    for _ in range(40):
        body.send_keys("\ue004")  # Tab
        stops.append(browser.driver.execute_script("""
            const e = document.activeElement, style = getComputedStyle(e);
            const shown = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return [e.tagName.toLowerCase(), e.getAttribute('href') || e.getAttribute('name') || e.id || '', shown,
                    e.getBoundingClientRect().width > 0];
        """))
    assert stops[0][:2] == ["a", "#content"], f"the first stop skips to the content: {stops[0]}"
    if ["body", "", False, True] in stops:  # past the last control, the focus leaves the page
        stops = stops[:stops.index(["body", "", False, True])]
    assert len(stops) > 20, stops
    hidden = [stop for stop in stops if not (stop[2] and stop[3])]
    assert not hidden, f"focus must be visible on every stop: {hidden}"
    names = [stop[1] for stop in stops]
    assert names.index("/studio") < names.index("choice") < names.index("prompt"), f"menu, then the form in order: {names}"
