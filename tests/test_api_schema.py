"""The REST API against its own OpenAPI schema: arbitrary input that the schema allows, and much it
does not, never gets a server error (schemathesis generates the requests)."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

from khabar.serve import create_app  # noqa: E402
from khabar.serve.security import allowed_hosts  # noqa: E402
from khabar.store import Store  # noqa: E402


def _app(tmp_path_factory):
    from khabar.read import Article, read_paths

    store = Store(str(tmp_path_factory.mktemp("schema") / "k.db"))
    store.ingest([a for a in read_paths([EXAMPLES]) if isinstance(a, Article)], workers=1)
    # schemathesis calls the app in process as host 'testserver'
    return create_app(store=store, warm=False, max_upload=200_000, hosts=allowed_hosts("127.0.0.1", ["testserver"]))


@pytest.fixture(scope="session")
def api_app(tmp_path_factory):
    return _app(tmp_path_factory)


@pytest.fixture(scope="session")
def api_schema(api_app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


def test_every_operation_is_documented(api_schema):
    paths = {op.ok().path for op in api_schema.get_all_operations()}
    assert {"/api/documents", "/api/documents/{document_id}", "/api/actors", "/api/actors/{actor_id}", "/api/claims",
            "/api/events", "/api/network", "/api/search", "/api/stats", "/api/articles", "/api/uploads",
            "/api/jobs/{job_id}"} <= paths  # fmt: skip


def test_no_server_errors_on_generated_requests(api_schema):
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.call_and_validate(checks=[not_a_server_error])

        run()
        checked += 1
    assert checked >= 12
