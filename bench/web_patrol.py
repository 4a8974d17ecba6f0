#!/usr/bin/env python3
"""A patrol run from the browser, as an officer starts it: log in, upload the export on the
patrol page, then follow the progress page until the run is done. Prints the time to accept
the upload, the time to the end, items/s and the counts the page shows.

    python3 bench/web_patrol.py PORT ITEMS.jsonl ELECTION_ID
"""
import http.cookiejar
import os
import re
import sys
import time
import urllib.parse
import urllib.request

port, path, election = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def get(url):
    with web.open(base + url, timeout=600) as r:
        return r.read().decode()


def post(url, data, ctype):
    req = urllib.request.Request(base + url, data=data, method="POST", headers={"Content-Type": ctype})
    try:
        with web.open(req, timeout=600) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


login = get("/masuk")
fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', login))
fields.update(username="bawaslu.blitar", password="netral-demo-2020")
post("/masuk", urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")
csrf = re.search(r'name="csrf" value="([^"]+)"', get("/patroli/jalankan")).group(1)
data = open(path, "rb").read()
boundary = "----bench" + os.urandom(8).hex()
body = b"".join(
    [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
     for k, v in (("csrf", csrf), ("pemilihan", election))]
    + [f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="{os.path.basename(path)}"\r\n'
       f"Content-Type: application/octet-stream\r\n\r\n".encode(), data, f"\r\n--{boundary}--\r\n".encode()])
t0 = time.time()
status, headers, text = post("/patroli/jalankan", body, "multipart/form-data; boundary=" + boundary)
t1 = time.time()
if status != 303:
    sys.exit(f"upload refused: {status} {text[:300]}")
page = headers["Location"]
while True:
    html = get(page)
    if "Status: <strong>Selesai" in html or "Status: <strong>Gagal" in html:
        break
    time.sleep(0.2)
t2 = time.time()
figures = re.findall(r'<span class="big">([\d.]+)</span> <span class="what">([^<]+)</span>', html)
state = re.search(r"Status: <strong>([^<]+)", html).group(1)
items = int(figures[0][0].replace(".", "")) if figures else 0
print(f"upload accepted in {t1 - t0:.2f} s; run {state.lower()} after {t2 - t0:.2f} s: "
      f"{items / max(t2 - t1, 1e-9):.0f} items/s; " + ", ".join(f"{n} {w}" for n, w in figures))
