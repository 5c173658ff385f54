"""Lighthouse on the pages a reader lands on: the case, a person, an event, a source, the registry.

Runs Google's Lighthouse (the npm package, pinned in ``.ci/run``) from its command line against
the live test server, in Debian's Chromium, once per page and language. Lighthouse's *desktop*
preset is used as it stands: simulated throttling of a 10 Mbit/s line with 40 ms round trips and
no CPU slowdown, a 1,350 × 940 screen. Simulated throttling computes the timings from one
unthrottled load, so that the score depends little on how loaded the machine is; a page whose
performance score is low is measured a second time before the test fails, since two cores shared
by other processes can still stall one load.
"""

import json
import os
import subprocess

import pytest

from tests.public.test_browser import CHROMIUM, NODE_MODULES, require, site  # noqa: F401 - the live site fixture

pytestmark = pytest.mark.browser

LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
    ]
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Issue 13: 100 for accessibility, at least 95 for the others; issue 10: SEO 100 on the pages
# search engines should index (the registry is a list, held to 95 like the rest).
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
SEO_100 = {"case", "official", "event", "source"}
PAGES = ("case", "official", "event", "source", "victims")
LANGUAGES = ["", "/fa"]


def lighthouse(url, attempts=3):
    """Lighthouse's report on ``url``; run again once if Lighthouse itself fails (it sometimes loses
    the trace of a load on a busy machine: NO_NAVSTART)."""
    report = None
    for _attempt in range(attempts):
        report = run_lighthouse(url)
        if report and not report.get("runtimeError"):
            return report
    pytest.fail(f"Lighthouse failed {attempts} times on {url}: {report and report.get('runtimeError')}")


def run_lighthouse(url):
    node = "/usr/bin/node"
    result = subprocess.run(  # noqa: S603 - a pinned Lighthouse against our own live test server
        [
            node,
            str(LIGHTHOUSE),
            url,
            "--preset=desktop",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--max-wait-for-load=30000",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    if result.returncode:
        return {"runtimeError": result.stderr[-2000:]}
    return json.loads(result.stdout)


def failing_audits(report, category):
    """The audits that cost the category points, with their titles, for the failure message."""
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            lost.append(f"{ref['id']} ({audit['score']}): {audit['title']}")
    return lost


@pytest.fixture(scope="module")
def lighthouse_ready():
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    require(LIGHTHOUSE.exists(), f"Lighthouse not found at {LIGHTHOUSE}: npm install lighthouse")


def test_lighthouse_scores_the_pages_readers_land_on_in_both_languages(lighthouse_ready, site):  # noqa: F811
    base, _demo, urls = site
    problems = []
    for language, name in ((language, name) for language in LANGUAGES for name in PAGES):
        url = f"{base}{language}{urls[name]}"
        report = lighthouse(url)
        scores = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
        if scores["performance"] < MINIMUM["performance"]:
            report = lighthouse(url)  # once more: one load stalled by the machine is not the page's fault
            scores = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
        print(f"{language}{urls[name]}: {scores}")  # noqa: T201 - the measured scores, for the CI log
        for category in CATEGORIES:
            minimum = 100 if category == "seo" and name in SEO_100 else MINIMUM[category]
            if scores[category] < minimum:
                problems.append(
                    f"{language}{urls[name]} ({name}) {category} {scores[category]} < {minimum}: "
                    + "; ".join(failing_audits(report, category))
                )
    assert not problems, "\n".join(problems)
