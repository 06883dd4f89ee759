"""compose.yaml runs what Procfile.production runs, one beat, with settings the project reads;
`docker compose config` checks it where the Docker client has compose."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def settings_read():
    files = [*(ROOT / "config").rglob("*.py"), ROOT / "gunicorn.conf.py"]
    source = "".join(path.read_text() for path in files)
    return set(re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', source)) | set(
        re.findall(r'environ\.get\("([A-Z_]+)"', source)
    )


def test_the_processes_are_the_procfiles(compose):
    procfile = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile.production").read_text().splitlines() if line
    )
    for name, command in procfile.items():
        assert compose["services"][name]["command"] == command.split()
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1
    for name in procfile:
        assert (
            compose["services"][name]["depends_on"]["migrate"]["condition"]
            == "service_completed_successfully"
        )


def test_every_setting_it_gives_is_one_the_project_reads(compose):
    given = set(compose["services"]["web"]["environment"])
    given |= {line.split("=")[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line}
    assert given - {"POSTGRES_PASSWORD", "BUCKET_PASSWORD"} <= settings_read()


def test_its_proxy_passes_what_the_guide_says():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    proxy = (ROOT / "docs" / "nginx-compose.conf").read_text(encoding="utf-8")
    headers = set(
        re.findall(r"proxy_set_header [\w-]+ \S+;", guide.split("## The reverse proxy")[1].split("\n## ")[0])
    )
    assert headers and headers <= set(re.findall(r"proxy_set_header [\w-]+ \S+;", proxy))


@pytest.mark.skipif(
    not shutil.which("docker")
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode,
    reason="this Docker client has no compose",
)
def test_docker_compose_reads_it():
    done = subprocess.run(
        ["docker", "compose", "--env-file", ".env.example", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
