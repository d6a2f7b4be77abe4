"""The portal's simulated users, for bench/bench_portal.py (run by Locust in its own environment,
var/bench-locust; this file imports nothing of Fazhi).

Each simulated person: opens the sign-in page, asks for a code for their own mobile number, reads
the code from the development SMS file (the FileBackend's lines: time, masked number, text), signs
in, submits one 人民调解申请 with a photo, then keeps tracking it — their matter page and the public
tracking by 查询编号 + 查询码 — until the run ends. Every request is named by what it does, so the
statistics are per step. The numbers of the stored submissions are written to BENCH_PORTAL_OUT
(one line per submission: number, code) for the harness to check that each is stored exactly once.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from pathlib import Path

from locust import FastHttpUser, between, events, task

SMS_FILE = Path(os.environ["BENCH_PORTAL_SMS"])
OUT = Path(os.environ["BENCH_PORTAL_OUT"])
TOWNSHIP = os.environ["BENCH_PORTAL_TOWNSHIP"]  # the id of the 镇街 the applications name
PHOTO = Path(os.environ["BENCH_PORTAL_PHOTO"]).read_bytes()
WORKER = int(os.environ.get("BENCH_PORTAL_WORKER", "0"))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_NUMBER = re.compile(r"(WS[2-9A-HJ-NP-Z]{10})")
_CODE = re.compile(r'data-testid="track-code"[^>]*>\s*(\d{6})')
_SIGNIN_CODE = re.compile(r"(\d{6})")
_serial = itertools.count()
_stored: list[tuple[str, str]] = []


def _csrf(html: str) -> str:
    m = _CSRF.search(html)
    if not m:
        raise RuntimeError("no CSRF token on the page")
    return m.group(1)


def _code_for(masked: str, deadline: float) -> str:
    """The newest sign-in code sent to the masked number `masked` (e.g. 138****0042)."""
    while time.monotonic() < deadline:
        if SMS_FILE.exists():
            for line in reversed(SMS_FILE.read_text(encoding="utf-8").splitlines()):
                parts = line.split("\t")
                if len(parts) == 3 and parts[1] == masked and "验证码" in parts[2]:
                    m = _SIGNIN_CODE.search(parts[2])
                    if m:
                        return m.group(1)
        time.sleep(0.05)
    raise RuntimeError(f"no code for {masked}")


THINK = tuple(float(x) for x in os.environ.get("BENCH_PORTAL_THINK", "2,5").split(","))


class Applicant(FastHttpUser):
    # Between two pages a person reads (seconds, uniform; --think of the harness). The steps of
    # signing in and applying follow each other with the same pause.
    wait_time = between(*THINK)

    def on_start(self) -> None:
        n = WORKER * 10000 + next(_serial)
        self.phone = f"138{n:08d}"
        self.number = self.code = ""
        with self.client.get("/portal/signin/", name="1 sign-in page", catch_response=True) as r:
            token = _csrf(r.text)
        self.client.post(
            "/portal/signin/",
            data={"csrfmiddlewaretoken": token, "kind": "citizen", "phone": self.phone, "action": "send"},
            name="2 ask for a code",
            headers={"Referer": self.host + "/portal/signin/"},
        )
        self.wait()  # the SMS arrives, the person reads it
        code = _code_for(f"{self.phone[:3]}****{self.phone[-4:]}", time.monotonic() + 20)
        with self.client.get("/portal/signin/?step=code", name="3 code page", catch_response=True) as r:
            token = _csrf(r.text)
        with self.client.post(
            "/portal/signin/",
            data={"csrfmiddlewaretoken": token, "code": code, "action": "verify"},
            name="4 sign in with the code",
            headers={"Referer": self.host + "/portal/signin/?step=code"},
            catch_response=True,
        ) as r:
            if "退出" not in r.text:
                r.failure("not signed in")
        self.submit()

    def submit(self) -> None:
        with self.client.get(
            "/portal/matters/mediation/", name="5 application form", catch_response=True
        ) as r:
            token = _csrf(r.text)
        self.wait()  # filling the form
        with self.client.post(
            "/portal/matters/mediation/",
            data={
                "csrfmiddlewaretoken": token,
                "township": TOWNSHIP,
                "name": "张某",
                "phone": self.phone,
                "dispute_type": "neighbour",
                "title": "楼上卫生间漏水造成天花板损坏，多次协商未果，请求调解赔偿维修费用。",
                "counterpart": "李某",
            },
            name="6 submit an application",
            headers={"Referer": self.host + "/portal/matters/mediation/"},
            catch_response=True,
        ) as r:
            number, code = _NUMBER.search(r.text), _CODE.search(r.text)
            if not (number and code):
                r.failure("no 查询编号 / 查询码 on the confirmation page")
                return
            self.number, self.code = number.group(1), code.group(1)
            _stored.append((self.number, self.code))
        materials = f"/portal/submitted/{self.number}/materials/"
        with self.client.get(materials, name="7 materials page", catch_response=True) as r:
            token = _csrf(r.text)
        self.wait()  # choosing the photo
        self.client.post(
            materials,
            data={"csrfmiddlewaretoken": token, "material_type": "evidence"},
            files={"file": ("漏水照片.jpg", PHOTO, "image/jpeg")},
            name="8 upload a photo",
            headers={"Referer": self.host + materials},
        )

    @task(3)
    def my_matter(self) -> None:
        if self.number:
            self.client.get(f"/portal/matter/{self.number}/", name="9 my matter (timeline)")

    @task(1)
    def track_signed_out(self) -> None:
        if self.number:
            with self.client.get("/portal/track/", name="10a tracking page", catch_response=True) as r:
                token = _csrf(r.text)
            with self.client.post(
                "/portal/track/",
                data={"csrfmiddlewaretoken": token, "number": self.number, "code": self.code},
                name="10b track by number + code",
                headers={"Referer": self.host + "/portal/track/"},
                catch_response=True,
            ) as r:
                if 'data-testid="timeline"' not in r.text:
                    r.failure("no timeline")

    @task(1)
    def home(self) -> None:
        self.client.get("/portal/", name="11 my matters")


@events.quitting.add_listener
def _write_numbers(environment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with OUT.open("a", encoding="utf-8") as out:
        for number, code in _stored:
            out.write(f"{number}\t{code}\n")
