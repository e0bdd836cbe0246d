"""Client errors are 4xx with a message, never 500 (the hostile-clients issue's probes)."""

import pytest
import requests

from server.errors import for_log


@pytest.mark.parametrize("path", ["/id/a%20b", "/id/%3Cx%3E", "/id/%00", "/id/%ff", "/id/a%0Db", "/id/x.ttl%00",
                                  "/id/%E2%80%AE"])
def test_a_path_that_makes_no_iri_is_404(server_url, path):
    r = requests.get(server_url + path, headers={"Accept": "text/turtle"}, timeout=10)
    if "%00" in path and r.status_code == 400 and r.headers.get("Server") == "nginx":
        return  # the front (server/front.py) refuses a NUL in a path before the application sees it
    assert r.status_code == 404, r.text
    assert "not make a valid IRI" in r.text or "no resource" in r.text


def test_deeply_nested_json_to_reconcile_is_400(server_url):
    r = requests.post(server_url + "/reconcile", data={"queries": "[" * 20000 + "]" * 20000}, timeout=10)
    assert r.status_code == 400 and "nested too deeply" in r.text


def test_logged_text_cannot_forge_lines_or_send_terminal_codes():
    assert for_log("/id/a\r\nFAKE 200\x1b[31m") == "/id/a\\r\\nFAKE 200\\x1b[31m"
    assert for_log("/id/données") == "/id/données"
