"""The HTTP API (khabar/web/api.py) through FastAPI's TestClient, on SQLite and PostgreSQL (sample_store)."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from khabar.web.api import MAX_EDGES, MAX_PAGE
from khabar.web.app import create_app

SEED = "bagheri-pakistan"


@pytest.fixture(scope="module")
def client(sample_store):
    with TestClient(create_app(sample_store)) as c:
        yield c


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def error(response, status: int, code: str | None = None) -> dict:
    body = ok(response, status)
    assert body["ok"] is False and body["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body


# -- reads ------------------------------------------------------------------------------------------------------------

def test_openapi_lists_every_endpoint(client):
    schema = ok(client.get("/openapi.json"))
    paths = schema["paths"]
    for path in ("/api/search", "/api/events", "/api/quotes", "/api/entities", "/api/entities/{entity_id}",
                 "/api/documents", "/api/documents/{doc_id}", "/api/network"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/documents"]
    assert "requestBody" in paths["/api/documents"]["post"]
    limit = next(p for p in paths["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_PAGE
    assert not any(p.startswith("/documents") or p == "/" for p in paths)  # pages stay out of the API schema


def test_about(client):
    body = ok(client.get("/api"))
    assert body["counts"]["documents"] == 11 and body["writes"] is False


def test_search(client):
    body = ok(client.get("/api/search", params={"q": "اسلام اباد", "limit": 2}))
    assert body["total"] == 3 and body["limit"] == 2 and len(body["items"]) == 2
    assert body["items"][0]["id"] == SEED
    s = body["items"][0]["snippets"][0]
    for h in s["highlights"]:
        assert s["text"][h["start"] - s["start"]:h["end"] - s["start"]].replace("إ", "ا").replace("آ", "ا") \
            .replace("أ", "ا") == "اسلام اباد"
    rest = ok(client.get("/api/search", params={"q": "اسلام اباد", "limit": 2, "offset": 2}))
    assert len(rest["items"]) == 1 and rest["items"][0]["id"] not in {i["id"] for i in body["items"]}


def test_events_filters(client, sample_outcomes):
    body = ok(client.get("/api/events", params={"actor": "باقري"}))
    assert body["total"] >= 3 and body["matched"]["actor"][0]["name"] == "محمد باقري"
    assert all(any(a and a["name"] == "محمد باقري" for a in e["actors"]) for e in body["items"])
    consult = ok(client.get("/api/events", params={"actor": "باقري", "type": "CONSULT"}))
    assert 0 < consult["total"] < body["total"] and {e["type"] for e in consult["items"]} == {"CONSULT"}
    dated = ok(client.get("/api/events", params={"since": "2023", "until": "2023-12"}))
    assert dated["total"] > 0 and all("2023-01-01" <= e["date"] <= "2023-12-31" for e in dated["items"])
    at = ok(client.get("/api/events", params={"location": "روالبندي"}))
    assert at["total"] >= 1 and all(e["location"]["name"] == "راولبندي" for e in at["items"])
    one_doc = ok(client.get("/api/events", params={"document": SEED, "limit": MAX_PAGE}))
    assert one_doc["total"] == len(sample_outcomes[SEED].document.events)
    target = ok(client.get("/api/events", params={"target": "باجوا"}))
    assert target["total"] >= 1


def test_quotes_filters(client):
    body = ok(client.get("/api/quotes", params={"speaker": "باقري"}))
    assert body["total"] >= 1 and all(q["speaker"]["name"] == "محمد باقري" for q in body["items"])
    assert {"cue", "content", "channel", "document_id", "published"} <= set(body["items"][0])
    channel = ok(client.get("/api/quotes", params={"channel": "ارنا"}))
    assert all(q["channel"] and "ارنا" in q["channel"]["name"] for q in channel["items"])


def test_entities_lookup_and_profile(client):
    found = ok(client.get("/api/entities", params={"q": "باجوا"}))
    assert found["total"] == 1 and found["items"][0]["name"] == "قمر جاويد باجوا"
    everyone = ok(client.get("/api/entities", params={"type": "PER", "limit": 5}))
    assert everyone["total"] > 5 and {e["type"] for e in everyone["items"]} == {"PER"}
    profile = ok(client.get(f"/api/entities/{found['items'][0]['id']}"))
    assert profile["entity"]["name"] == "قمر جاويد باجوا"
    assert {"variants", "titles", "roles"} <= set(profile["entity"])
    assert profile["events"]["as_target_total"] >= 1 and profile["cooccurring"]
    # /entities/{id} takes an id, not a name
    error(client.get("/api/entities/باجوا"), 404, "E506")
    error(client.get("/api/entities/ent:000000000000"), 404, "E506")


def test_documents(client, sample_outcomes):
    listing = ok(client.get("/api/documents", params={"limit": 3}))
    assert listing["total"] == 11 and len(listing["items"]) == 3
    dates = [d["published"] for d in listing["items"]]
    assert dates == sorted(dates, reverse=True)
    doc = ok(client.get(f"/api/documents/{SEED}"))
    assert doc["id"] == SEED and "tokens" not in doc and "sentences" not in doc
    assert doc == sample_outcomes[SEED].document.to_dict(layers=False)
    full = ok(client.get(f"/api/documents/{SEED}", params={"layers": "true"}))
    assert full["tokens"] and full["sentences"]
    error(client.get("/api/documents/no-such-article"), 404, "E506")


def test_network(client):
    net = ok(client.get("/api/network"))
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and net["total"] == len(net["edges"])
    for e in net["edges"]:
        assert e["source"] in ids and e["target"] in ids and e["source"] != e["target"]
        assert e["count"] == len(e["events"]) >= 1
        assert all(x["document_id"] and x["id"] for x in e["events"])
    assert all(n["name"] and n["events"] >= 1 for n in net["nodes"])
    consult = ok(client.get("/api/network", params={"type": "CONSULT"}))
    assert consult["edges"] and {e["type"] for e in consult["edges"]} == {"CONSULT"}
    dated = ok(client.get("/api/network", params={"since": "2021-10-06", "until": "2021-10-06"}))
    assert dated["edges"] and all(e["first"] == e["last"] == "2021-10-06" for e in dated["edges"])
    around = ok(client.get("/api/network", params={"entity": "باقري"}))
    bagheri = around["matched"]["entity"][0]["id"]
    assert all(bagheri in (e["source"], e["target"]) for e in around["edges"])
    page = ok(client.get("/api/network", params={"limit": 2, "offset": 1}))
    assert len(page["edges"]) == 2 and page["edges"] == net["edges"][1:3]
    error(client.get("/api/network", params={"limit": MAX_EDGES + 1}), 422)


# -- validation -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/events", "/api/quotes", "/api/entities", "/api/documents", "/api/network",
                                  "/api/search?q=x"])
def test_pagination_bounds(client, path):
    sep = "&" if "?" in path else "?"
    for bad in ("limit=0", "limit=-1", f"limit={MAX_PAGE * 10 if 'network' in path else MAX_PAGE + 1}", "offset=-1",
                "limit=abc", "offset=1.5", "offset=99999999999"):
        error(client.get(f"{path}{sep}{bad}"), 422, "E604")
    far = ok(client.get(f"{path}{sep}offset=100000"))
    key = "edges" if "network" in path else "items"
    assert far[key] == [] and far["offset"] == 100000


def test_bad_parameters(client):
    error(client.get("/api/events", params={"type": "PARTY"}), 422, "E604")
    error(client.get("/api/events", params={"since": "yesterday"}), 422, "E604")
    error(client.get("/api/events", params={"since": "2021-13"}), 400, "E504")
    error(client.get("/api/events", params={"until": "2021-02-30"}), 400, "E504")
    error(client.get("/api/search"), 422, "E604")
    error(client.get("/api/search", params={"q": ""}), 422, "E604")
    error(client.get("/api/search", params={"q": "ب" * 501}), 422, "E604")
    error(client.get("/api/search", params={"q": "\"'*"}), 400, "E504")
    error(client.get("/api/entities", params={"type": "PERSON"}), 422, "E604")
    error(client.get("/api/events", params={"actor": "x" * 201}), 422, "E604")
    error(client.get("/api/documents/" + "x" * 301), 422, "E604")
    error(client.get("/api/nothing-here"), 404)
    error(client.delete("/api/documents/" + SEED), 405)


HOSTILE = ["' OR 1=1 --", "'; DROP TABLE documents; --", '" OR ""="', "%", "_", "\\", "*", "NEAR(", "ايران\" OR \"",
           "1) UNION SELECT name FROM sqlite_master --", "\x00", "a\x00b", "<script>alert(1)</script>",
           "../../etc/passwd", "ـــ", "\u200f", "%00", "{{7*7}}", "${jndi:ldap://x}"]
TEXT_PARAMS = [("/api/search", "q"), ("/api/events", "actor"), ("/api/events", "target"),
               ("/api/events", "location"), ("/api/events", "document"), ("/api/quotes", "speaker"),
               ("/api/quotes", "channel"), ("/api/quotes", "document"), ("/api/entities", "q"),
               ("/api/network", "entity")]


@pytest.mark.parametrize("path,param", TEXT_PARAMS)
def test_hostile_strings_in_text_parameters(client, path, param):
    for value in HOSTILE:
        r = client.get(path, params={param: value})
        assert r.status_code in (200, 400, 422), (path, param, value, r.status_code, r.text)
        body = r.json()
        text = r.text.lower()
        assert "traceback" not in text and "sqlalchemy" not in text and "psycopg" not in text
        assert "select " not in text or value.lower().count("select")  # no SQL echoed back unless typed
        if r.status_code == 200:
            assert body["total"] >= 0
        else:
            assert body["ok"] is False and body["error"]["code"].startswith("E")
    assert ok(client.get("/api"))["counts"]["documents"] == 11


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_in_paths(client, value):
    from urllib.parse import quote

    for path in ("/api/entities/", "/api/documents/"):
        r = client.get(path + quote(value, safe=""))
        assert r.status_code in (400, 404, 422), (path, value, r.text)
        assert r.json()["ok"] is False and "traceback" not in r.text.lower()


# -- writes -----------------------------------------------------------------------------------------------------------

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def writer(new_store, cached_process):
    """A client over an empty store on each back end, with writes enabled by TOKEN."""
    app = create_app(new_store, token=TOKEN, process=cached_process, version="test", max_body=64 * 1024)
    with TestClient(app) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_post_needs_the_token(writer, samples):
    record = samples[1]
    body = error(writer.post("/api/documents", json=record), 401, "E601")
    assert "bearer" in body["error"]["message"].lower()
    assert writer.post("/api/documents", json=record).headers["www-authenticate"] == "Bearer"
    error(writer.post("/api/documents", json=record, headers={"Authorization": "Bearer wrong"}), 403, "E602")
    error(writer.post("/api/documents", json=record, headers={"Authorization": f"Basic {TOKEN}"}), 401, "E601")
    assert ok(writer.get("/api"))["counts"]["documents"] == 0


def test_post_ingests_and_is_idempotent(writer, samples):
    first = ok(writer.post("/api/documents", json=samples[1], headers=AUTH))
    assert first["ok"] and first["counts"]["added"] == 1 and first["results"][0]["id"] == samples[1]["id"]
    again = ok(writer.post("/api/documents", json=[samples[1], samples[2]], headers=AUTH))
    assert [r["status"] for r in again["results"]] == ["skipped", "added"]
    assert ok(writer.get("/api/documents"))["total"] == 2
    assert ok(writer.get(f"/api/documents/{samples[2]['id']}"))["text"] == samples[2]["text"]
    found = ok(writer.get("/api/search", params={"q": samples[2]["title"].split()[0]}))
    assert samples[2]["id"] in {i["id"] for i in found["items"]}


def test_post_rejects_bad_bodies(writer):
    error(writer.post("/api/documents", content=b"{not json", headers=AUTH), 400, "E604")
    error(writer.post("/api/documents", content=b"\xff\xfe", headers=AUTH), 400, "E604")
    error(writer.post("/api/documents", json={"title": "no text"}, headers=AUTH), 422, "E604")
    error(writer.post("/api/documents", json={"text": 5}, headers=AUTH), 422, "E604")
    error(writer.post("/api/documents", json=[], headers=AUTH), 422, "E604")
    error(writer.post("/api/documents", json="text", headers=AUTH), 422, "E604")
    failed = ok(writer.post("/api/documents", json={"text": "نص", "published": "not a date"}, headers=AUTH), 422)
    assert failed["ok"] is False and failed["results"][0]["code"] == "E107"
    blank = ok(writer.post("/api/documents", json={"text": "   "}, headers=AUTH), 422)
    assert blank["results"][0]["status"] == "failed" and blank["results"][0]["code"] == "E101"
    assert ok(writer.get("/api"))["counts"]["documents"] == 0


def test_post_body_size_limit(writer):
    big = json.dumps({"text": "خبر " * 20000}).encode()  # ~100 KB, over the 64 KB limit of this app
    error(writer.post("/api/documents", content=big, headers={**AUTH, "Content-Type": "application/json"}),
          413, "E603")

    def chunks():  # no Content-Length: the limit holds while reading
        for i in range(0, len(big), 8192):
            yield big[i:i + 8192]

    error(writer.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}),
          413, "E603")
    # the token is checked before the body is read
    error(writer.post("/api/documents", content=big), 401, "E601")


def test_writes_are_disabled_without_a_configured_token(sample_store, samples):
    with TestClient(create_app(sample_store)) as c:
        error(c.post("/api/documents", json=samples[0], headers={"Authorization": "Bearer anything"}), 403, "E602")
        error(c.post("/api/documents", json=samples[0]), 403, "E602")


# -- khabar serve -----------------------------------------------------------------------------------------------------

def test_serve_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from khabar.cli import main

    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "E501" in missing.output
    blank = tmp_path / "blank"
    blank.write_text("\n")
    assert runner.invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--token-file", str(blank)]).exit_code == 2

    calls: list[dict] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    token = tmp_path / "token"
    token.write_text("from-the-file\nsecond line\n")
    monkeypatch.setenv("KHABAR_API_TOKEN", "from-the-env")
    db = str(tmp_path / "new.db")
    ran = runner.invoke(main, ["serve", "--db", db, "--create", "--token-file", str(token), "--port", "8765"])
    assert ran.exit_code == 0, ran.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8765
    assert calls[-1]["app"].state.token == "from-the-file"
    assert runner.invoke(main, ["serve", "--db", db]).exit_code == 0
    assert calls[-1]["app"].state.token == "from-the-env" and calls[-1]["port"] == 8000
    monkeypatch.delenv("KHABAR_API_TOKEN")
    assert runner.invoke(main, ["serve", "--db", db]).exit_code == 0
    assert calls[-1]["app"].state.token is None
    for call in calls:
        call["app"].state.store.close()
