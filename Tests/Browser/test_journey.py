"""The journey of issue 16 in a real headless Chromium through real nginx: the lead signs in, adds
a provider from a preset pointing at relay-sim, makes an image, a Midjourney grid and a button,
a Suno song, a video and a chat, watches them finish without reloading, plays the audio and the
video, adds a member and a viewer, and signs out; the member and the viewer see what their role
allows and nothing else. Every step saves a screenshot."""
import re

from browser import DESKTOP, PHONE
from stack import LEAD_PASSWORD

MEMBER_PASSWORD = "member password 1234"
VIEWER_PASSWORD = "viewer password 1234"


def add_provider(browser) -> str:
    browser.go("/providers")
    browser.submit({"preset": "kfc-v50", "name": "Sim KFC", "base_url": browser.stack.sim_url})
    match = re.match(r"/providers/(\d+)", browser.path)
    assert match, f"the new provider's page opens: {browser.path} {browser.text()[:400]}"
    browser.submit({"label": "main", "secret": "sk-sim-demo"}, form="form[action$='/keys']")
    assert "sk-…demo" in browser.text() or "sk-" in browser.text(), "the key is listed by its mask"
    assert "sk-sim-demo" not in browser.driver.page_source, "the secret never shows"
    return match.group(1)


def submit_studio(browser, kind: str, provider: str, route: str, fields: dict) -> str:
    browser.go(f"/studio/{kind}")
    browser.submit({"choice": f"{provider}|{route}", **fields}, form="form.studio")
    assert re.fullmatch(r"/tasks/[0-9A-Fa-f-]{36}", browser.path), f"{route} answers with its task page: {browser.path} {browser.text()[:500]}"
    return browser.path


def watch_until_finished(browser, task: str, shot: str):
    """Opens the task page and waits, without reloading it ourselves, for the page (its script)
    to show the finished task with its outputs."""
    browser.go(task)
    running = browser.find("[data-task]").get_attribute("data-running") == "yes"
    browser.driver.execute_script("window.atelierWatched = true")
    browser.wait(lambda: browser.find("[data-task]").get_attribute("data-running") != "yes", 60, f"{task} to finish")
    if running:
        assert browser.driver.execute_script("return window.atelierWatched === true"), "the page followed the task to its end without a reload"
    assert browser.find("[data-task]").get_attribute("data-running") == "", browser.find("#task-status").text
    assert not browser.find_all(".failure[role=alert]"), f"{task} failed: {browser.text()[:800]}"
    browser.shot(shot)
    return running


def media_plays(browser, selector: str):
    element = browser.find(selector)
    browser.driver.execute_script("arguments[0].muted = true; arguments[0].play();", element)
    browser.wait(lambda: browser.driver.execute_script("return arguments[0].currentTime", element) > 0.2, 20,
                 f"{selector} to play")


def test_the_journey_from_sign_in_to_sign_out(browser):
    browser.emulate(DESKTOP, dark=False)
    browser.go("/")
    browser.shot("01-home-signed-out")
    browser.go("/signin")
    browser.shot("02-signin")
    browser.sign_in("lead", LEAD_PASSWORD)
    provider = add_provider(browser)
    browser.shot("03-provider-added")

    image = submit_studio(browser, "image", provider, "openai-image", {"model": "dall-e-3", "prompt": "a paper crane"})
    grid = submit_studio(browser, "image", provider, "mj-imagine", {"prompt": "a lighthouse at dusk"})
    song = submit_studio(browser, "music", provider, "suno-music", {"prompt": "a song about tea"})
    video = submit_studio(browser, "video", provider, "kling-video", {"prompt": "waves on a beach"})

    watch_until_finished(browser, image, "04-task-image")
    assert browser.find_all(".outputs img"), "the image is shown"
    width = browser.driver.execute_script("return document.querySelector('.outputs img').getBoundingClientRect().width")
    assert width <= browser.driver.execute_script("return document.querySelector('main').clientWidth"), "the image fits the page"

    watch_until_finished(browser, grid, "05-task-midjourney")
    buttons = [b.text for b in browser.find_all("form[action$='/press'] button")]
    assert buttons and all(label.strip() for label in buttons), f"every Midjourney button has a text label: {buttons}"
    browser.click_and_load(browser.find("form[action$='/press'] button"))
    upscale = browser.path
    assert upscale != grid and upscale.startswith("/tasks/"), "a button starts a new linked task"
    watched_running = watch_until_finished(browser, upscale, "06-task-midjourney-button")

    watch_until_finished(browser, song, "07-task-suno")
    media_plays(browser, ".outputs audio")
    browser.emulate(PHONE, dark=True)
    browser.shot("07-task-suno")
    browser.emulate(DESKTOP, dark=False)

    watch_until_finished(browser, video, "08-task-video")
    media_plays(browser, ".outputs video")
    video_width = browser.driver.execute_script("return document.querySelector('.outputs video').getBoundingClientRect().width")
    assert video_width >= 240, f"the video is scaled to the layout, not its natural size ({video_width} px)"

    browser.go("/chat")
    browser.submit({"provider": "Sim KFC", "model": "gpt-4o-mini",
                    "message": "Say **hello** with `code` <img src=x onerror=\"document.title='hacked'\">"})
    browser.wait(lambda: browser.find_all(".message.assistant .markdown"), 30, "the chat answer")
    answer = browser.find(".message.assistant")
    assert answer.text.strip(), "the answer is shown"
    assert answer.find_elements("css selector", ".markdown strong"), "the answer's Markdown is rendered"
    assert not answer.find_elements("css selector", "img"), "the answer's raw HTML is not"
    assert browser.driver.title != "hacked"
    assert len(browser.find_all(".message.user")) == 1, "the message is shown once while the answer streams"
    browser.shot("09-chat")

    browser.go("/tasks")
    rows = browser.text()
    assert "succeeded" in rows.lower() or "done" in rows.lower() or "完成" in rows, rows[:600]
    browser.shot("10-tasks")

    browser.go("/members")
    browser.submit({"name": "mei", "display_name": "Mei", "role": "member", "password": MEMBER_PASSWORD},
                   form="form[action='/members']")
    browser.go("/members")
    browser.submit({"name": "vic", "display_name": "Vic", "role": "viewer", "password": VIEWER_PASSWORD},
                   form="form[action='/members']")
    browser.go("/members")
    assert "Mei" in browser.text() and "Vic" in browser.text()
    browser.shot("11-members")
    browser.sign_out()
    assert browser.find_all("a[href='/signin']"), "signed out: the menu offers to sign in"
    assert browser.status_of("/tasks") == 303, "signed out, /tasks sends to the sign-in page"

    # The member makes things and follows the team's tasks, and sees no lead's page.
    browser.sign_in("mei", MEMBER_PASSWORD)
    menu = [a.get_attribute("href") for a in browser.find_all("nav.nav a")]
    assert any(href.endswith("/studio") for href in menu), menu
    assert not any(href.endswith(path) for href in menu for path in ("/members", "/providers", "/audit")), menu
    for path in ("/members", "/providers", "/audit", "/budgets"):
        assert browser.status_of(path) == 403, f"a member gets 403 at {path}"
    browser.go("/members")
    assert browser.find_all("form[action='/signout']"), "the error page keeps the signed-in menu"
    browser.shot("12-member-forbidden")
    member_task = submit_studio(browser, "image", provider, "openai-image", {"model": "dall-e-3", "prompt": "a member's crane"})
    watched_running = watch_until_finished(browser, member_task, "13-member-task") or watched_running
    assert watched_running, "at least one task was followed from running to finished on its page"
    browser.sign_out()

    # The viewer sees the team's tasks and cannot make anything.
    browser.sign_in("vic", VIEWER_PASSWORD)
    menu = [a.get_attribute("href") for a in browser.find_all("nav.nav a")]
    assert not any("/studio" in href or href.endswith("/chat") for href in menu), f"a viewer has no studio or chat: {menu}"
    for path in ("/studio/image", "/chat", "/members"):
        assert browser.status_of(path) == 403, f"a viewer gets 403 at {path}"
    browser.go("/tasks?scope=team")
    assert "a member's crane" in browser.text(), "the viewer sees the team's tasks"
    browser.shot("14-viewer-team-tasks")
    browser.go(image)
    assert not browser.find_all("form[action$='/retry']"), "a viewer cannot retry"
    browser.sign_out()
