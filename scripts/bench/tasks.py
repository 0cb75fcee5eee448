"""Drives and measures the task-engine benchmark (see scripts/bench-tasks.sh)."""
import argparse, datetime, http.client, json, os, re, sqlite3, subprocess, sys, time, urllib.parse

parser = argparse.ArgumentParser()
for name in ("base", "sim", "database", "timing", "nginx-pid"):
    parser.add_argument("--" + name, required=True)
for name in ("pid", "tasks", "warmup", "window"):
    parser.add_argument("--" + name, type=int, required=True)
args = parser.parse_args()
url = urllib.parse.urlparse(args.base)
connection = http.client.HTTPConnection(url.hostname, url.port)
cookies = {}

def request(method, path, fields=None):
    body = urllib.parse.urlencode(fields) if fields is not None else None
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return response.status, dict(response.getheaders()), text

def csrf(html):
    return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)

status, _, page = request("GET", "/signin")
status, _, _ = request("POST", "/signin", {"name": "lead", "password": os.environ["ATELIER_LEAD_PASSWORD"], "_csrf": csrf(page)})
assert status == 303, "sign-in failed"

routes = [("image", "mj-imagine"), ("music", "suno-music"), ("video", "kling-video"), ("video", "luma-video")]
forms = {}
for kind, route in routes:
    _, _, html = request("GET", f"/studio/{kind}")
    choice = re.search(r'value="(\d+\|' + route + ')"', html).group(1)
    forms[route] = (kind, choice, csrf(html))

def cpu_seconds():
    fields = open(f"/proc/{args.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def rss_mib():
    for line in open(f"/proc/{args.pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

def sim_stats():
    return json.load(__import__("urllib.request").request.urlopen(args.sim + "/sim/stats"))["routes"]

# Submit through the form, as members would; the server's time per POST comes from nginx's log.
open(args.timing, "w").close()
started = time.time()
for index in range(args.tasks):
    kind, route = routes[index % len(routes)]
    _, choice, token = forms[route]
    fields = {"choice": choice, "prompt": f"bench {index}", "submission": f"bench-{started:.0f}-{index:06d}", "_csrf": token}
    if route == "suno-music":
        fields["model"] = "chirp-v4"
    status, headers, text = request("POST", f"/studio/{kind}", fields)
    assert status == 303, f"submit {index}: {status} {text[:300]}"
submit_seconds = time.time() - started
subprocess.run(["kill", "-USR1", open(args.nginx_pid).read().strip()], check=False)
time.sleep(1)
posts = sorted(float(line.split()[0]) * 1000 for line in open(args.timing) if '"/studio/' in line and line.split()[2] == "303")

def percentile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

print(f"\nsubmitted {args.tasks} tasks through the studio form in {submit_seconds:.1f} s")
print(f"submit POST at the server: p50 {percentile(posts, .5):.2f} ms, p99 {percentile(posts, .99):.2f} ms"
      f"  (goal < 20 ms: {'ok' if percentile(posts, .99) < 20 else 'MISSED'})")

time.sleep(args.warmup)
database = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
def finished_between(start, end):
    rows = database.execute(
        "SELECT family, finishedAt, relayState, status FROM task WHERE finishedAt >= ? AND finishedAt < ?",
        (stamp(start), stamp(end))).fetchall()
    return rows
def stamp(moment):
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:23]
def parse(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()

in_flight = database.execute("SELECT COUNT(*) FROM task WHERE status NOT IN ('succeeded','failed','cancelled')").fetchone()[0]
stats_before, cpu_before, window_start = sim_stats(), cpu_seconds(), time.time()
peak_rss = rss_mib()
while time.time() < window_start + args.window:
    time.sleep(5)
    peak_rss = max(peak_rss, rss_mib())
stats_after, cpu_after, window_end = sim_stats(), cpu_seconds(), time.time()
rows = finished_between(window_start, window_end)

# How soon Atelier showed a task done after the provider finished it (families whose answer
# carries the provider's finish time: Midjourney ms, Kling ms, Suno whole seconds).
reference = datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc).timestamp()
intervals = {"midjourney": 10, "suno": 10, "kling": 15, "luma": 15}
delays, late = [], 0
succeeded = sum(1 for row in rows if row[3] == "succeeded")
for family, finished, state, status in rows:
    provider_finish = json.loads(state or "{}").get("finishedAt")
    if status != "succeeded" or provider_finish is None or family == "luma":
        continue
    delay = parse(finished) - (reference + provider_finish)
    delays.append(delay)
    # Suno reports whole seconds (its finish can be up to 1 s later than it says).
    if delay > intervals[family] + 1 + (1 if family == "suno" else 0):
        late += 1
delays.sort()

def count(stats, pattern):
    return sum(n for route, n in stats.items() if re.search(pattern, route))
def delta(pattern):
    return count(stats_after, pattern) - count(stats_before, pattern)
completions = {family: sum(1 for row in rows if row[0] == family) for family in intervals}
batch_calls = delta(r"list-by-condition|/suno/fetch$")
batch_done = completions["midjourney"] + completions["suno"]
single_calls = delta(r"/kling/v1/videos/.*\{|/luma/generations/\{")
upstream = delta(r"^(GET|POST) /(mj|suno|kling|luma)")
cpu = (cpu_after - cpu_before) / (window_end - window_start) * 100

print(f"\nmeasured window: {window_end - window_start:.0f} s after {args.warmup} s, {in_flight} tasks in flight at its start")
print(f"finished in the window: {len(rows)} ({succeeded} succeeded; {len(rows) / in_flight * 60 / (window_end - window_start):.0%} of those in flight per minute)"
      f" — midjourney {completions['midjourney']}, suno {completions['suno']}, kling {completions['kling']}, luma {completions['luma']}")
if delays:
    print(f"shown done after the provider finished (mj/suno/kling, {len(delays)} tasks): p50 {percentile(delays, .5):.1f} s,"
          f" p99 {percentile(delays, .99):.1f} s, max {delays[-1]:.1f} s; over poll interval + 1 s (+1 s for Suno's whole seconds): {late}"
          f"  (goal: none late: {'ok' if late == 0 else 'MISSED'})")
if batch_done:
    print(f"upstream polls per finished task where a batch fetch exists (mj, suno): {batch_calls / batch_done:.2f}"
          f"  (goal <= 3: {'ok' if batch_calls / batch_done <= 3 else 'MISSED'})")
if completions["kling"] + completions["luma"]:
    print(f"upstream polls per finished task without one (kling, luma): {single_calls / (completions['kling'] + completions['luma']):.1f}")
print(f"all upstream task requests in the window: {upstream} ({upstream / max(len(rows), 1):.2f} per finished task)")
print(f"atelier-server CPU: {cpu:.1f} % of one core (goal < 10 %: {'ok' if cpu < 10 else 'MISSED'}); "
      f"peak resident memory {peak_rss:.1f} MiB (goal < 100 MiB: {'ok' if peak_rss < 100 else 'MISSED'})")
