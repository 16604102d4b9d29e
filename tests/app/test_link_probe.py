"""A link Streamlit drops whole (over 1,000 parameters): the probe that notices it in the browser
is mounted only while it can matter. The browser half is tests/browser/test_hostile_links.py."""

from __future__ import annotations

from streamlit.runtime.state import query_params
from streamlit.testing.v1 import AppTest

from sim.io import codec
from tests.app.conftest import APP, TIMEOUT_S, new_app
from ui import link_probe


def test_the_probe_mirrors_streamlits_limits() -> None:
    streamlit = query_params
    assert link_probe.STREAMLIT_MAX_QUERY_FIELDS == streamlit.CLIENT_STATE_QUERY_STRING_MAX_FIELDS
    assert link_probe.STREAMLIT_MAX_QUERY_CHARS == streamlit.CLIENT_STATE_QUERY_STRING_MAX_LENGTH
    many = "&".join(f"k{i}=1" for i in range(link_probe.STREAMLIT_MAX_QUERY_FIELDS + 1))
    assert query_params.sanitize_query_string(many) == ""
    assert query_params.sanitize_query_string(many.rsplit("&", 1)[0]) != ""


def test_only_a_session_that_got_no_link_probes() -> None:
    bare = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    bare.run()
    assert not bare.exception
    assert bare.session_state["sb.probe"] is True
    assert not bare.warning, "no report from the browser, no notice"

    linked = new_app()
    linked.run()
    assert not linked.exception
    assert "sb.probe" not in linked.session_state


def test_the_notice_names_the_size_and_the_limits() -> None:
    notice = codec.dropped_link_notice(1001, 6897, 1000, 524288)
    assert "1,001 settings" in notice and "at most 1,000 settings" in notice
    assert "default scenario" in notice
