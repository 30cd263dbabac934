"""The GitHub Actions workflow: valid against GitHub's workflow schema, and doing what it says."""

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
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    uses = [s.get("uses", "") for s in deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    setup = [
        s
        for s in flow["jobs"]["test"]["steps"]
        if s.get("uses", "").startswith("actions/setup-python")
    ]
    assert setup[0]["with"]["cache"] == "pip"


def test_both_jobs_check_out_the_whole_history():
    """The feed dates an undated article by its page's first commit: a shallow clone has one."""
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for job in ("test", "deploy"):
        checkout = next(
            s
            for s in flow["jobs"][job]["steps"]
            if s.get("uses", "").startswith("actions/checkout")
        )
        assert checkout["with"]["fetch-depth"] == 0
