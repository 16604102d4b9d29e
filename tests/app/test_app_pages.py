"""Every page renders; the navigation shows exactly the declared pages."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, ROOT, go, new_app, plan_input

PAGES = ("plan", "compare", "what_matters", "life_in_weeks", "fit", "methodology")


def declared_pages() -> list[tuple[str, str]]:
    """(file, title) of every st.Page in app.py, in order, read from its source."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
        ):
            path = node.args[0]
            title = next(k.value for k in node.keywords if k.arg == "title")
            assert isinstance(path, ast.Constant) and isinstance(title, ast.Constant)
            out.append((str(path.value), str(title.value)))
    return out


def test_every_page_file_is_declared() -> None:
    files = {p.as_posix() for p in (ROOT / "pages").glob("*.py")}
    declared = {str(ROOT / f) for f, _ in declared_pages()}
    assert files == declared
    assert [f for f, _ in declared_pages()] == [f"pages/{p}.py" for p in PAGES]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_sidebar(app: AppTest, page: str) -> None:
    go(app, page)
    assert app.title, f"{page} shows no title"
    assert not app.error or page == "plan"  # the Plan page's verdict may be an st.error box
    # the shared sidebar ran: the preset picker, the open groups' inputs, the other groups
    assert app.sidebar.selectbox(key="in.platform").value == "instagram"
    assert plan_input(app, "posts_per_week").value == 3.0
    labels = {e.label for e in app.sidebar.expander}
    assert {"Your account", "Costs", "Advanced: model assumptions"} <= labels


def _navigation(messages: list[Any]) -> Any:
    navs = [m.navigation for m in messages if m.HasField("navigation")]
    assert navs, "no navigation message was sent"
    return navs[-1]


@pytest.mark.parametrize("page", [None, *PAGES[1:]])
def test_sidebar_nav_shows_exactly_the_declared_pages(
    forward_msgs: list[Any], page: str | None
) -> None:
    at = new_app()
    at.run()
    if page is not None:
        go(at, page)
    nav = _navigation(forward_msgs)
    titles = [p.page_name for p in nav.app_pages]
    assert titles == [title for _, title in declared_pages()]
    assert not any(p.is_hidden for p in nav.app_pages)
    assert nav.position == nav.SIDEBAR
    # Streamlit's legacy pages/ discovery would list the entry script itself as "app"
    assert "app" not in {p.url_pathname for p in nav.app_pages}


def test_first_visit_straight_to_a_page_still_runs_the_entry_script() -> None:
    """A shared link to /compare on a fresh server: the sidebar must be there."""
    at = new_app()
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="in.platform").value == "instagram"


def test_after_a_run_the_long_lived_objects_are_out_of_the_collectors_view(app: AppTest) -> None:
    """The first run freezes what is alive (libraries, schema, presets), so Streamlit's full
    collection after every run no longer walks them (see ui.state.freeze_long_lived_objects)."""
    import gc

    assert gc.get_freeze_count() > 100_000
