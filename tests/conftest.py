"""Fixtures, defined once. Tests need no network; ../shared is used only where a test says so and is skipped
without it."""
from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from khabar.demo import sample_file
from khabar.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def samples() -> list[dict]:
    """The bundled sample articles as records (the seed article first)."""
    return [json.loads(line) for line in sample_file().read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_text(samples) -> str:
    return samples[0]["text"]


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_score(pipeline, shared):
    """The pipeline's output on the seed article, scored against shared/gold by its README's rules."""
    from khabar.evaluate import score_document
    from khabar.readers import Article

    gold = json.loads((shared / "gold" / "bagheri-pakistan.json").read_text("utf-8"))
    text = (shared / gold["file"]).read_text("utf-8")
    doc = pipeline.process(Article(id="seed", text=text, published=gold["published"])).document
    return score_document(gold, doc.to_dict(layers=False))


# -- stores ---------------------------------------------------------------------------------------------------------
# The store tests run on SQLite and on PostgreSQL. PostgreSQL is a throwaway cluster started once per session from
# the server binaries (as the 'postgres' user when we are root); without binaries those tests skip, unless
# KHABAR_REQUIRE_POSTGRES=1 (CI), where they fail.

PG_BIN = Path(os.environ.get("KHABAR_PG_BIN", "/usr/lib/postgresql/15/bin"))
BACKENDS = ("sqlite", "postgres")


def _pg_unavailable(reason: str):
    if os.environ.get("KHABAR_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required here (KHABAR_REQUIRE_POSTGRES=1) but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL cluster listening on a Unix socket in a temporary folder: yields the URL prefix."""
    if not (PG_BIN / "initdb").exists():
        _pg_unavailable(f"no server binaries in {PG_BIN} (apt-get install postgresql, or set KHABAR_PG_BIN)")
    base = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            _pg_unavailable("running as root and there is no 'postgres' user to run the server as")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, sock, log = base / "data", base / "sock", base / "server.log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(*cmd: str) -> None:
        done = subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip()[-600:]
            if log.exists():
                tail += "\n" + log.read_text(errors="replace")[-600:]
            shutil.rmtree(base, ignore_errors=True)
            _pg_unavailable(f"{Path(cmd[0]).name} failed: {tail}")

    run("mkdir", "-p", str(sock))
    run(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
        "--no-sync")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
        f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        f"-c full_page_writes=off", "start")
    PG_CONTROL.update(as_user=as_user, data=data, log=log)
    try:
        yield f"postgresql://postgres@/%s?host={sock}&port={port}"
    finally:
        PG_CONTROL.clear()
        subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


PG_CONTROL: dict = {}  # how to reach the running test cluster's pg_ctl (for the fault tests)


@pytest.fixture(scope="session")
def pg_restart(postgres_server):
    """pg_restart(): restart the test cluster the way a crash or an upgrade does (-m fast: every open connection is
    cut; the server is back when it returns)."""
    def restart(mode: str = "fast") -> None:
        c = PG_CONTROL
        done = subprocess.run([*c["as_user"], str(PG_BIN / "pg_ctl"), "-D", str(c["data"]), "-l", str(c["log"]),
                               "-m", mode, "-w", "restart"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr or done.stdout

    return restart


@pytest.fixture(scope="session")
def pg_database(postgres_server):
    """pg_database(): the URL of a new, empty PostgreSQL database."""
    made = iter(range(10**6))

    def make() -> str:
        n = next(made)
        import psycopg

        with psycopg.connect(postgres_server % "postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE khabar_t{n}")
        return postgres_server % f"khabar_t{n}"

    return make


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def url_for(request):
    """url_for(backend): a new empty store there (PostgreSQL started only when a test asks for it)."""
    def make(backend: str) -> str:
        if backend == "postgres":
            return request.getfixturevalue("pg_database")()
        return str(request.getfixturevalue("tmp_path") / f"khabar-{next(_COUNTER)}.db")

    return make


_COUNTER = iter(range(10**6))


@pytest.fixture
def new_store(backend, url_for):
    """An empty store on each back end."""
    from khabar.store import open_store

    store = open_store(url_for(backend))
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_outcomes(pipeline, samples) -> dict:
    """The samples extracted once per session, by article id."""
    from khabar.readers import read_inputs

    return {o.document.id: o for o in pipeline.pipe(read_inputs([sample_file()]))}


@pytest.fixture(scope="session")
def sample_articles() -> list:
    from khabar.readers import read_inputs

    return list(read_inputs([sample_file()]))


@pytest.fixture(scope="session")
def cached_process(sample_outcomes, pipeline):
    """Pipeline.process that answers the samples from the session's one extraction, counting its calls."""
    def process(article):
        process.calls += 1
        hit = sample_outcomes.get(article.id)
        if hit is not None and hit.document.text == article.text:
            return hit
        return pipeline.process(article)

    process.calls = 0
    return process


@pytest.fixture(scope="session", params=BACKENDS)
def sample_store(request, cached_process, tmp_path_factory, sample_articles):
    """A store holding the samples on each back end, shared by the read-only tests."""
    from khabar.store import open_store
    from khabar.store.ingest import ingest

    if request.param == "postgres":
        url = request.getfixturevalue("pg_database")()
    else:
        url = str(tmp_path_factory.mktemp("samples") / "khabar.db")
    store = open_store(url)
    results = list(ingest(store, sample_articles, process=cached_process, version="test"))
    assert {r.status for r in results} == {"added"}, results
    yield store
    store.close()


# -- web ------------------------------------------------------------------------------------------------------------
# An article whose text, title and source carry markup: the web tests check that the pages only ever show it escaped
# (and the browser test that none of it runs).

XSS_RECORD = {
    "id": "xss-test",
    "title": 'عنوان <script>alert("title")</script>',
    "source": '"><img src=x onerror=alert(2)>',
    "published": "2024-01-15",
    "text": (
        "التقى وزير الخارجية الإيراني نظيره الباكستاني في إسلام آباد يوم الأحد.\n"
        "وقال الوزير: <script>alert(1)</script> إن العلاقات بين البلدين متينة \"><img src=x onerror=alert(1)>.\n"
        "وأضاف أن <script>window.khabarPwned = 1</script> التعاون سيستمر & يتوسع.\n"
    ),
}


@pytest.fixture(scope="session")
def web_store(cached_process, tmp_path_factory, sample_articles):
    """An SQLite store with the samples and XSS_RECORD, for the page tests (read-only)."""
    from khabar.readers import article_from_record
    from khabar.store import open_store
    from khabar.store.ingest import ingest

    store = open_store(tmp_path_factory.mktemp("web") / "khabar.db")
    articles = [*sample_articles, article_from_record(XSS_RECORD, "test")]
    results = list(ingest(store, articles, process=cached_process, version="test"))
    assert {r.status for r in results} == {"added"}, results
    yield store
    store.close()
