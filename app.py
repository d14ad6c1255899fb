"""Streamlit entry point: page config, navigation, the sidebar of assumptions.

Run with ``make run`` (or ``streamlit run app.py``); it opens on the built-in
ONS / Public Sector Flex example.
"""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from dashboard import access, board, last, links, saved_status, sidebar, state
from dashboard.widgets import FOCUS_CSS, HIDE_GRID_CSV
from report.formatting import escape_text

st.set_page_config(
    page_title="Options appraisal",
    layout="wide",
    initial_sidebar_state="expanded",
)
st.html(HIDE_GRID_CSV)  # on every page: only the pages' own, defused, CSV downloads
st.html(FOCUS_CSS)  # on every page: a keyboard focus that shows
access.gate()  # a shared deployment: sign in first (off on a single user's machine)
state.init()
last.start()  # no work left over from a run cut short
links.open_link()  # a session's first run: the version or the draft the URL names
for notice in state.pop_notices():
    st.toast(escape_text(notice))
for error in state.pop_errors():  # a switch refused: the previous scenario stays in force
    st.error(escape_text(error))

PAGES = [
    st.Page("dashboard/pages/overview.py", title="Overview", default=True),
    board.page(),
    st.Page("dashboard/pages/costs.py", title="Costs"),
    st.Page("dashboard/pages/risks.py", title="Risks"),
    st.Page("dashboard/pages/concerns.py", title="Concerns"),
    st.Page("dashboard/pages/sensitivity.py", title="Sensitivity"),
    st.Page("dashboard/pages/workforce.py", title="Workforce"),
    st.Page("dashboard/pages/affordability.py", title="Affordability"),
    st.Page("dashboard/pages/log.py", title="Assumptions and decisions"),
    st.Page("dashboard/pages/data.py", title="Data"),
    st.Page("dashboard/pages/library.py", title="Library"),
    st.Page("dashboard/pages/method.py", title="About the method"),
]
page = board.navigation(PAGES)  # ?view=board, or a viewer's: the board view alone, no sidebar
on_board = board.is_board(page)  # read-only: no controls drawn, their values kept
problem = None
if on_board:
    state.hide_controls()
else:
    state.show_controls()
    saved_status.library_status()  # saved or not, and "Reset all to saved", above the controls
    problem = sidebar.apply()  # the controls' values, in force before the page is drawn
    controls_place = st.sidebar.container()  # the controls themselves, drawn after it
if problem:
    st.error(problem)


def controls() -> DeltaGenerator | None:
    """The sidebar's controls, in their place, after the page (none on the board view);
    the place for the switching values."""
    return None if on_board else sidebar.render(controls_place, problem)


def library_part() -> None:
    """After the figures, so that they never wait for the library: keep unsaved edits as a
    draft, and make the URL name what is on screen."""
    links.keep_draft()
    links.sync_url()


try:
    page.run()
except StopException:  # a page with nothing more to show (st.stop); a rerun skips it all
    controls()
    library_part()
    raise
except Exception:  # a bug: said briefly with an error id, logged in full, the rest kept
    st.error(state.page_failed(page.title))
    controls()
    library_part()
else:
    last.give_way()  # once a run: the browser redraws the page's charts before the sidebar
    switching = controls()
    try:
        sidebar.switching_values(switching)  # after the page, which has computed the results
    except Exception:
        st.error(state.page_failed(page.title))
    library_part()
    last.run()  # the page's slowest work, once everything above is on screen
