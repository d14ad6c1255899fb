"""Library: save the state on screen as a version, open any version, see a scenario's
history, archive and restore, and compare two versions (or the state on screen with one).

The scenario library is a database shared by everyone using this app's server(s)
(:mod:`options.store`). Opening a version makes it the active scenario on every page
(:func:`dashboard.state.switch_scenario`) and names it in the URL. Every name and
message from the database is shown as text. A refused action says why beside its
button and keeps everything typed; a library that cannot be reached says so, and
the rest of the app goes on with the scenario on screen.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, library, links, state
from dashboard.library import LibraryError
from dashboard.widgets import html_table
from options.diff import diff_scenarios
from options.model import Scenario
from options.store import ScenarioInfo, VersionInfo
from report import log
from report.diff import diff_frame, diff_sentence, effect, names_of
from report.formatting import escape_text, money_m, number

NAME, MESSAGE, PROBLEM = "library:name", "library:message", "library:problem"
ARCHIVED, CHOSEN = "library:archived", "library:chosen"
CURRENT = 0  # in a diff's "to" choice: the state on screen, not a saved version


def when(v: VersionInfo) -> str:
    return v.saved_at.strftime("%Y-%m-%d %H:%M UTC")


def on_screen() -> None:
    """What is on screen: the saved version (or none), unsaved changes, the permalink."""
    b = state.base()
    if b is None:
        text = "On screen: a scenario not saved in the library."
    else:
        text = f"On screen: **{escape_text(b.name)}**, version {b.number}."
    if state.unsaved():
        text += " It has **unsaved changes**" + (
            ", kept as a draft in the library, so refreshing the page loses nothing."
            if state.draft_id()
            else "."
        )
    st.markdown(text)
    if (link := links.permalink()) and (b is not None or state.draft_id()):
        st.markdown(
            f"Link to exactly this: [{escape_text(link)}]({link}) (anyone with access to "
            "this app opens the same figures)."
        )


def refused(action: str, e: Exception | str) -> None:
    """Keep why an action was refused, to show beside its button on this run."""
    st.session_state[PROBLEM] = (action, str(e))


def problem_for(action: str) -> None:
    found = st.session_state.get(PROBLEM)
    if found and found[0] == action:
        st.error(escape_text(found[1]))
        del st.session_state[PROBLEM]


# ---------------------------------------------------------------- save


def save_panel() -> None:
    b = state.base()
    if NAME not in st.session_state:
        st.session_state[NAME] = b.name if b is not None else state.scenario().name
    with st.container(border=True):
        st.header("Save the state on screen as a new version")
        left, right = st.columns(2)
        if (who := access.signed_in()) is not None:  # sign-in on: the save records who
            left.text(f"Saved as {who}, as you are signed in.")  # as text: no Markdown
        else:
            left.text_input(
                "Your name",
                key=state.AUTHOR,
                persist_state="session",
                help="Kept with each version you save; asked once in this browser tab.",
            )
        right.text_input(
            "Scenario name in the library",
            key=NAME,
            persist_state="session",
            help="An existing scenario's name (or slug) saves its next version; a new "
            "name starts a new scenario at version 1.",
        )
        st.text_area(
            "Message: what changed, and why",
            key=MESSAGE,
            persist_state="session",
            height=80,
            help="Kept with the version, for whoever reads the history later.",
        )
        save, discard = st.columns([1, 1])
        save.button("Save as a new version", type="primary", on_click=_save, key="library:save")
        if b is not None and state.unsaved():
            discard.button(
                f"Discard unsaved changes (back to version {b.number})",
                on_click=_discard,
                key="library:discard",
            )
        problem_for("save")


def _save() -> None:
    name = str(st.session_state.get(NAME) or "").strip()
    message = str(st.session_state.get(MESSAGE) or "").strip()
    missing = [
        what
        for what, value in (("your name", access.author()), ("a scenario name", name),
                            ("a message", message))
        if not value
    ]  # fmt: skip
    if missing:
        refused("save", f"Nothing was saved: type {' and '.join(missing)} first.")
        return
    s = state.scenario()
    try:
        info = library.save(name, s, by=access.author(), message=message)
    except LibraryError as e:
        refused("save", f"Nothing was saved: {e}")
        return
    state.mark_saved(s, state.Base(info.slug, info.name, info.number))
    forget_choices(info.slug)
    st.session_state[MESSAGE] = ""
    st.session_state[NAME] = info.name
    st.session_state[CHOSEN] = info.slug
    state.notify(f"Saved as version {info.number} of {info.name}.")


def _discard() -> None:
    b = state.base()
    if b is not None:
        _open(b.slug, b.number)


def _open(slug: str, number: int) -> None:
    try:
        v = library.version(slug, number)
    except LibraryError as e:
        refused("open", f"Version {number} was not opened: {e}")
        return
    base = state.Base(v.info.slug, v.info.name, v.info.number)
    source = f"{v.info.name}, version {v.info.number}"
    if state.switch_scenario(
        v.scenario, source=source, loaded=True, base=base, notice=f"Opened {source}."
    ):
        st.session_state[NAME] = v.info.name


# ---------------------------------------------------------------- list


def scenario_table(found: list[ScenarioInfo]) -> None:
    rows = [
        {
            "Scenario": s.name + (" (archived)" if s.archived else ""),
            "Latest version": s.latest.number,
            "Saved by": s.latest.saved_by,
            "Saved": when(s.latest),
            "Preferred option": s.latest.preferred or "—",
            "Message": s.latest.message or "—",
        }
        for s in found
    ]
    html_table(pd.DataFrame(rows))


def history_table(versions: list[VersionInfo], base: state.Base | None) -> None:
    """Newest first; the decisions made on each version are those the decision log of
    the scenario on screen records (when it is this scenario)."""
    decisions = state.scenario().decisions if base is not None else ()
    rows = [
        {
            "Version": v.number,
            "Saved": when(v),
            "By": v.saved_by,
            "Preferred option": v.preferred or "—",
            "Message": v.message or "—",
            "On screen": "● on screen" if base is not None and base.number == v.number else "",
            "Decisions made on it": ", ".join(log.decisions_on(decisions, v.number)) or "—",
        }
        for v in reversed(versions)
    ]
    html_table(pd.DataFrame(rows))


# ---------------------------------------------------------------- one scenario


def manage(chosen: ScenarioInfo, versions: list[VersionInfo]) -> None:
    numbers = [v.number for v in reversed(versions)]
    st.header(f"History of {escape_text(chosen.name)}")
    st.caption(
        f"Slug `{chosen.slug}` · {len(versions)} version{'s' if len(versions) > 1 else ''}, "
        "newest first. Versions are never changed or deleted."
    )
    history_table(versions, state.base() if _is_base(chosen.slug) else None)
    number = st.selectbox("Version", numbers, key=f"library:version:{chosen.slug}")
    open_, restore, archive = st.columns(3)
    open_.button(
        f"Open version {number}",
        type="primary",
        on_click=_open,
        args=(chosen.slug, number),
        key="library:open",
    )
    restore.button(
        f"Restore version {number} as the newest",
        on_click=_restore,
        args=(chosen.slug, number),
        key="library:restore",
        disabled=number == numbers[0],
        help="Saves a copy of it as a new version ('Restored version …'); nothing is lost.",
    )
    archive.button(
        "List again (unarchive)" if chosen.archived else "Archive this scenario",
        on_click=_archive,
        args=(chosen.slug, not chosen.archived),
        key="library:archive",
        help="Archiving hides a scenario from the list; nothing is deleted.",
    )
    if state.unsaved():
        st.caption(
            "Opening a version replaces what is on screen; your unsaved changes stay in "
            f"their draft: {escape_text(links.permalink())}"
            if state.draft_id()
            else "Opening a version replaces what is on screen, unsaved changes included."
        )
    for action in ("open", "restore", "archive"):
        problem_for(action)


def _is_base(slug: str) -> bool:
    b = state.base()
    return b is not None and b.slug == slug


def _restore(slug: str, number: int) -> None:
    if not access.author():
        refused("restore", "Nothing was restored: type your name (above) first.")
        return
    try:
        info = library.restore(slug, number, by=access.author())
    except LibraryError as e:
        refused("restore", f"Nothing was restored: {e}")
        return
    forget_choices(slug)
    state.notify(f"Version {number} of {info.name} is now also version {info.number}.")


def forget_choices(slug: str) -> None:
    """A new version: the version and diff pickers of ``slug`` start again at the newest."""
    for key in [f"library:version:{slug}"] + [
        f"library:{side}:{slug}:{unsaved}" for side in ("from", "to") for unsaved in (True, False)
    ]:
        st.session_state.pop(key, None)


def _archive(slug: str, archived: bool) -> None:
    try:
        info = library.archive(slug, archived=archived)
    except LibraryError as e:
        refused("archive", str(e))
        return
    if archived:
        st.session_state[ARCHIVED] = True  # keep it in view, marked archived
    state.notify(f"{info.name} is {'archived' if archived else 'listed again'}.")


# ---------------------------------------------------------------- diff


def compare(chosen: ScenarioInfo, versions: list[VersionInfo]) -> None:
    st.header("Compare two versions")
    numbers = [v.number for v in versions]
    on_base = _is_base(chosen.slug) and state.unsaved()
    b = state.base()
    old_default = b.number if on_base and b is not None else numbers[max(0, len(numbers) - 2)]
    targets = [CURRENT, *reversed(numbers)]
    new_default = CURRENT if on_base else numbers[-1]
    left, right = st.columns(2)
    old = left.selectbox(
        "From version",
        numbers,
        index=numbers.index(old_default),
        key=f"library:from:{chosen.slug}:{on_base}",
    )
    new = right.selectbox(
        "To",
        targets,
        index=targets.index(new_default),
        format_func=lambda n: "the state on screen" if n == CURRENT else f"version {n}",
        key=f"library:to:{chosen.slug}:{on_base}",  # unsaved edits: the state on screen
    )
    try:
        before = library.version(chosen.slug, old).scenario
        after = state.scenario() if new == CURRENT else library.version(chosen.slug, new).scenario
    except LibraryError as e:
        st.error(escape_text(f"These versions cannot be compared: {e}"))
        return
    labels = f"v{old}", "The state on screen" if new == CURRENT else f"v{new}"
    diff(before, after, *labels)


def diff(before: Scenario, after: Scenario, old_label: str, new_label: str) -> None:
    """The sentence, then every change, then what the changes did to the results."""
    changes = diff_scenarios(before, after)
    old_r, new_r = state.central_results(before), state.central_results(after)
    with st.container(border=True):
        st.markdown(escape_text(diff_sentence(changes, old_r, new_r, old_label, new_label)))
    st.markdown(f"**What changed** ({len(changes)} change{'' if len(changes) == 1 else 's'})")
    if changes:
        frame = diff_frame(changes, names_of(old_r, new_r))
        html_table(
            frame[["section", "item", "field", "shown"]].set_axis(
                ["Section", "Item", "Field", "Change"], axis=1
            )
        )
    else:
        st.caption("No input differs.")
    st.markdown("**What it did to the results** (central case, £ in real prices)")
    old, new = old_label, "on screen" if new_label.startswith("The state") else new_label
    rows = [
        {
            "Option": o.name,
            f"NPSV {old}": money_m(o.npsv_old),
            f"NPSV {new}": money_m(o.npsv_new),
            "NPSV change": money_m(o.npsv_change, signed=True),
            f"Concerns score, {old} → {new}": f"{number(o.score_old)} → {number(o.score_new)}",
            f"Rank, {old} → {new}": f"{o.rank_old or '—'} → {o.rank_new or '—'}",
        }
        for o in effect(old_r, new_r).options
    ]
    html_table(pd.DataFrame(rows), right=list(rows[0])[1:] if rows else None)


# ---------------------------------------------------------------- the page


def unavailable(e: LibraryError) -> None:
    for action in ("save", "open", "restore", "archive"):  # one clicked as it went away
        problem_for(action)
    st.error(escape_text(f"{library.UNAVAILABLE} {e}"))
    st.caption(f"Database: {escape_text(library.where())}")
    st.button("Try again", on_click=library.retry, key="library:retry")


def page() -> None:
    st.title("Scenario library")
    st.caption(
        "Saved, numbered versions of scenarios, shared by everyone who uses this app's "
        "database. Each save is a new version with who saved it, when and why; none is "
        "ever changed or deleted."
    )
    on_screen()
    try:
        show_archived = st.toggle("Show archived scenarios", key=ARCHIVED)
        found = library.scenarios(include_archived=show_archived)
    except LibraryError as e:
        unavailable(e)
        return
    save_panel()
    st.header("Scenarios")
    if not found:
        st.info("The library is empty: save the state on screen above to start it.")
        return
    scenario_table(found)
    slugs = [s.slug for s in found]
    b = state.base()
    if st.session_state.get(CHOSEN) not in slugs:
        st.session_state[CHOSEN] = b.slug if b is not None and b.slug in slugs else slugs[0]
    by_slug = {s.slug: s for s in found}
    slug = st.selectbox(
        "Scenario",
        slugs,
        format_func=lambda k: by_slug[k].name + (" (archived)" if by_slug[k].archived else ""),
        key=CHOSEN,
    )
    try:
        versions = library.history(slug)
    except LibraryError as e:
        st.error(escape_text(str(e)))
        return
    manage(by_slug[slug], versions)
    compare(by_slug[slug], versions)


page()
