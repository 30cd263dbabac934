"""The GitHub Actions workflow: valid against GitHub's workflow schema, and doing what it says."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.config import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_workflow_matches_githubs_schema():
    checker = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pull_requests_test_and_main_deploys_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    test_steps = [s.get("run", s.get("uses")) for s in flow["jobs"]["test"]["steps"]]
    assert "make check" in test_steps and "make test" in test_steps and "make site" in test_steps
    jobs = flow["jobs"]
    assert jobs["parts"]["needs"] == "test" and "refs/heads/main" in jobs["parts"]["if"]
    assert jobs["read"]["needs"] == "parts" and jobs["render"]["needs"] == ["parts", "read"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["parts", "render"]
    uses = [s.get("uses", "") for s in deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    setup = [
        s
        for s in flow["jobs"]["test"]["steps"]
        if s.get("uses", "").startswith("actions/setup-python")
    ]
    assert setup[0]["with"]["cache"] == "pip"


def test_both_jobs_check_out_the_whole_history():
    """The feed dates an undated article by its page's first commit: a shallow clone has one."""
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for job in ("test", "read", "render", "deploy"):
        checkout = next(
            s
            for s in flow["jobs"][job]["steps"]
            if s.get("uses", "").startswith("actions/checkout")
        )
        assert checkout["with"]["fetch-depth"] == 0


PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}")
"""An action named by the commit it runs, which no one can move (a tag can be)."""


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def test_every_action_is_pinned_to_a_commit():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    uses = [s["uses"] for s in steps(flow) if "uses" in s]
    assert len(uses) >= 8 and [u for u in uses if not PINNED.fullmatch(u)] == []
    assert not PINNED.fullmatch("actions/checkout@v4")


def test_a_deploy_under_way_is_never_cancelled_and_pull_requests_give_way():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert "concurrency" not in flow  # per job: the tests and the deploy do not wait on each other
    deploy, test = flow["jobs"]["deploy"]["concurrency"], flow["jobs"]["test"]["concurrency"]
    assert deploy == {"group": "pages", "cancel-in-progress": False}
    assert "pull_request" in test["cancel-in-progress"] and test["group"] != deploy["group"]


def test_the_deploy_keeps_the_work_folder_signed_with_a_secret_key():
    """build/ comes back from the last run (the key names the generator and the content; the
    restore keys find the last cache after any push) and is read only under the key in the
    repository's secret, which neither a fork nor the cache itself holds."""
    from generator.signing import KEY_VARIABLE

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    deploy = flow["jobs"]["deploy"]
    cache = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/cache@"))
    build = next(s for s in deploy["steps"] if s.get("run", "").startswith("make assemble"))
    assert deploy["steps"].index(cache) < deploy["steps"].index(build)
    assert cache["with"]["path"] == "build"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].splitlines()
    assert "'generator/**'" in key and "hashFiles('content/**')" in key
    generator_part = key[: key.index("${{ hashFiles('content/**')")]
    assert [k.replace(" ", "") for k in restore] == [
        generator_part.replace(" ", ""),
        "build-${{runner.os}}-",
    ]
    assert deploy["env"][KEY_VARIABLE] == "${{ secrets.%s }}" % KEY_VARIABLE
    assert all("actions/cache@" not in s.get("uses", "") for s in flow["jobs"]["test"]["steps"])


def test_each_part_is_read_then_rendered_in_a_matrix_and_the_deploy_assembles_them():
    """The parts job makes the matrix (K/N and a name for each part); each part's read job
    keeps its work folder under a key its render job restores exactly, and hands on its
    summary; render hands on its pages; the deploy downloads both and runs make assemble.
    Every job that reads or writes signed files has the repository's key."""
    from generator.signing import KEY_VARIABLE

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    made = next(s for s in jobs["parts"]["steps"] if s.get("id") == "parts")
    code = made["run"].split('"')[1]
    env = {"PARTS": "3"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.startswith("matrix=[") and '"part": "3/3", "slug": "3-of-3"' in out
    secret = "${{ secrets.%s }}" % KEY_VARIABLE
    check = next(s for s in jobs["parts"]["steps"] if "signing key" in s.get("name", ""))
    assert check["env"][KEY_VARIABLE] == secret and "exit 1" in check["run"]
    for name in ("read", "render", "deploy"):
        assert jobs[name]["env"][KEY_VARIABLE] == secret
    for name in ("read", "render"):
        assert jobs[name]["strategy"]["matrix"]["include"].startswith("${{ fromJSON(")

    def step(job, prefix):
        return next(
            s for s in jobs[job]["steps"] if s.get("uses", s.get("run", "")).startswith(prefix)
        )

    saved = step("read", "actions/cache/save@")["with"]["key"]
    restored = step("render", "actions/cache/restore@")["with"]
    assert restored["key"] == saved and restored["fail-on-cache-miss"] is True
    assert step("read", "make shard-read")["run"] == "make shard-read PART=${{ matrix.part }}"
    assert step("render", "make shard-render")["run"].startswith("make shard-render PART=")
    summaries = step("read", "actions/upload-artifact@")["with"]
    pages = step("render", "actions/upload-artifact@")["with"]
    assert summaries["name"] == "summary-${{ matrix.slug }}" and summaries["path"] == "summaries/"
    assert pages["path"] == "parts/part-${{ matrix.slug }}/"
    downloads = [
        s["with"] for s in jobs["deploy"]["steps"] if "download-artifact" in s.get("uses", "")
    ]
    assert {d["pattern"] for d in downloads} == {"summary-*", "part-*"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--out parts/part-$(subst /,-of-,$(PART))" in makefile
    assert "assemble --strict --summaries summaries parts/part-*" in makefile
