"""The Library page, permalinks, drafts and the sidebar's "changed" marks under AppTest.

Each test has a library of its own (a SQLite file in its temporary folder, through
``APPRAISAL_DB_URL``: tests/conftest.py). Expected figures are appraise()'s on the
scenario with the change made directly; expected diff sentences are report.diff's on
the two scenarios, never copied from the page.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from html import unescape

import pytest
from app_helpers import html, in_force, page_path, start
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from appraisal.appraise import appraise
from options.diff import diff_scenarios
from options.inputs import apply_what_if
from options.model import Decision
from options.scenario_file import dump_scenario
from options.store import Store
from options.store_tables import utc_now
from report.diff import diff_sentence
from report.formatting import money_m
from tests.library_helpers import insert_raw_version

PAGE = "library"
WEIGHT = "ctl:weight:data-sovereignty"
SLUG = "pilot"


def save(at: AppTest, message: str, *, name: str = "Pilot", by: str = "Ana") -> AppTest:
    at.text_input(key="library_author").set_value(by)
    at.text_input(key="library:name").set_value(name)
    at.text_area(key="library:message").set_value(message)
    at.button(key="library:save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def with_weight(s, weight: float):
    concerns = tuple(replace(c, weight=weight) if c.id == "data-sovereignty" else c
                     for c in s.concerns)  # fmt: skip
    return replace(s, concerns=concerns)


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in [*at.markdown, *at.caption, *at.error, *at.info])


def params(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


def npsv(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "NPSV"]


def test_save_open_and_history(example, library_url):
    """Two versions saved with their messages; the URL names the version on screen;
    opening version 1 brings back its weight and its figures on every page."""
    at = save(start(PAGE), "first cut")
    assert params(at) == {"scenario": SLUG, "version": "1"}
    assert "Saved as version 1 of Pilot." in [t.value for t in at.toast]
    at.slider(key=WEIGHT).set_value(5.0).run()
    assert set(params(at)) == {"scenario", "version", "draft"}  # the edit kept as a draft
    at = save(at, "lower sovereignty weight")
    assert params(at) == {"scenario": SLUG, "version": "2"}
    assert at.text_area(key="library:message").value == ""  # cleared once saved
    page = html(at)
    assert "first cut" in page and "lower sovereignty weight" in page
    with Store(library_url) as store:
        assert [(v.number, v.saved_by, v.message) for v in store.history(SLUG)] == [
            (1, "Ana", "first cut"),
            (2, "Ana", "lower sovereignty weight"),
        ]
        assert store.load(SLUG, 2).scenario == with_weight(example, 5.0)
        assert (
            store.history(SLUG)[0].preferred
            == appraise(example).option(appraise(example).preferred.overall).name
        )
    at.selectbox(key=f"library:version:{SLUG}").set_value(1).run()
    at.button(key="library:open").click().run()
    assert params(at) == {"scenario": SLUG, "version": "1"}
    original = next(c.weight for c in example.concerns if c.id == "data-sovereignty")
    assert at.slider(key=WEIGHT).value == original
    at.switch_page(page_path("overview")).run()
    assert npsv(at) == [money_m(o.npsv) for o in appraise(example).options]


def test_diff_of_two_versions(example):
    """The sentence first (report.diff's for the two scenarios), then the changed weight
    in the changes table, then each option's NPSV and score before and after."""
    at = save(start(PAGE), "as published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    at = save(at, "sovereignty down")  # the pickers start again at the newest two
    assert at.selectbox(key=f"library:version:{SLUG}").value == 2
    assert at.selectbox(key=f"library:from:{SLUG}:False").value == 1
    assert at.selectbox(key=f"library:to:{SLUG}:False").value == 2
    old, new = example, with_weight(example, 5.0)
    expected = diff_sentence(
        diff_scenarios(old, new), appraise(old, draws=1), appraise(new, draws=1), "v1", "v2"
    )
    assert expected.startswith("v2 lowered the weight")
    sentences = [m.value for m in at.markdown if m.value.startswith("v2 ")]
    assert sentences == [_escaped(expected)]
    page = html(at)
    assert "weights" in page and "20 → 5" in page.replace("&#8594;", "→")
    for o in appraise(new, draws=1).options:
        assert money_m(o.npsv) in page.replace("&#8722;", "−")


def test_unsaved_state_against_its_saved_version(example):
    """With unsaved edits, the diff shown first is the state on screen against the
    version it started from."""
    at = save(start(PAGE), "as published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    at.switch_page(page_path(PAGE)).run()
    assert "unsaved changes" in texts(at)
    new = with_weight(example, 5.0)
    expected = diff_sentence(
        diff_scenarios(example, new),
        appraise(example, draws=1),
        appraise(new, draws=1),
        "v1",
        "The state on screen",
    )
    assert _escaped(expected) in [m.value for m in at.markdown]
    at.button(key="library:discard").click().run()  # back to version 1
    original = next(c.weight for c in example.concerns if c.id == "data-sovereignty")
    assert at.slider(key=WEIGHT).value == original
    assert "unsaved changes" not in texts(at)
    assert params(at) == {"scenario": SLUG, "version": "1"}


def test_archive_and_restore(example, library_url):
    at = save(start(PAGE), "one")
    at.slider(key=WEIGHT).set_value(5.0).run()
    at = save(at, "two")
    at.button(key="library:archive").click().run()
    with Store(library_url) as store:
        assert store.list() == [] and store.list(include_archived=True)[0].archived
    assert at.toggle(key="library:archived").value  # kept in view, marked archived
    assert "Pilot (archived)" in html(at)
    at.toggle(key="library:archived").set_value(False).run()
    assert "The library is empty" in texts(at)
    at.toggle(key="library:archived").set_value(True).run()
    at.button(key="library:archive").click().run()  # list again
    at.selectbox(key=f"library:version:{SLUG}").set_value(1).run()
    at.button(key="library:restore").click().run()
    with Store(library_url) as store:
        latest = store.history(SLUG)[-1]
        assert (latest.number, latest.message) == (3, "Restored version 1")
        assert store.load(SLUG, 3).scenario == example
    assert "Restored version 1" in html(at)


def test_a_refused_save_keeps_what_was_typed():
    """No name typed: nothing is saved, the message stays, the page says what is missing;
    the name, once typed, and the message outlast a visit to another page."""
    at = start(PAGE)
    at.text_area(key="library:message").set_value("why this matters")
    at.button(key="library:save").click().run()
    assert any("type your name" in e.value for e in at.error)
    assert at.text_area(key="library:message").value == "why this matters"
    assert "scenario" not in params(at)
    at.text_input(key="library_author").set_value("Ana").run()
    at.switch_page(page_path("overview")).run()
    at.switch_page(page_path(PAGE)).run()
    assert at.text_input(key="library_author").value == "Ana"
    assert at.text_area(key="library:message").value == "why this matters"


def test_permalink_in_a_new_session_shows_that_version(example):
    at = save(start(PAGE), "published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    save(at, "sovereignty down")
    again = start(query={"scenario": SLUG, "version": "2"})
    assert not again.error
    assert again.slider(key=WEIGHT).value == 5.0
    assert npsv(again) == [money_m(o.npsv) for o in appraise(with_weight(example, 5.0)).options]
    assert "version 2" in " ".join(m.value for m in again.sidebar.markdown)
    assert "changed" not in again.slider(key=WEIGHT).label  # it is the saved version


def test_draft_restored_in_a_new_session(example):
    """An edit kept as a draft comes back in a new session with the draft's link: the
    edited value, marked changed against the version it started from."""
    at = save(start(PAGE), "published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    link = params(at)
    assert link["draft"]
    again = start(query=link)
    assert again.slider(key=WEIGHT).value == 5.0
    assert again.slider(key=WEIGHT).label.endswith("● changed")
    status = " ".join(m.value for m in again.sidebar.markdown)
    assert "unsaved changes" in status and "kept as a draft" in status
    assert params(again) == link
    assert npsv(again) == [money_m(o.npsv) for o in appraise(with_weight(example, 5.0)).options]


def test_a_draft_from_a_link_is_never_written_over(example):
    """Edits made after opening a draft's link go to a new draft; the link still shows
    what it showed."""
    at = save(start(PAGE), "published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    link = params(at)
    again = start(query=link)
    again.slider(key=WEIGHT).set_value(7.0).run()
    forked = params(again)
    assert forked["draft"] != link["draft"] and forked["version"] == "1"
    assert start(query=link).slider(key=WEIGHT).value == 5.0
    assert start(query=forked).slider(key=WEIGHT).value == 7.0


def test_a_never_saved_draft_keeps_what_it_was_loaded_from(example):
    """Never saved, the example edited: the draft alone makes the link. Loaded from a
    file and edited: the draft keeps the file's scenario too, so only the control
    edited since is marked changed in a new session."""
    at = start()
    at.slider(key=WEIGHT).set_value(5.0).run()
    link = params(at)
    assert set(link) == {"draft"}
    again = start(query=link)
    assert again.slider(key=WEIGHT).value == 5.0
    assert again.slider(key=WEIGHT).label.endswith("● changed")

    from_file = replace(example, name="From a file", value_per_point=100_000.0)
    at = in_force(from_file).run()
    at.slider(key=WEIGHT).set_value(5.0).run()
    again = start(query=params(at))
    assert again.number_input(key="ctl:value_per_point").value == 100_000.0
    widgets = [*again.sidebar.slider, *again.sidebar.number_input, *again.sidebar.toggle]
    marked = [w.label for w in widgets if w.label.endswith("● changed")]
    assert len(marked) == 1 and marked[0].startswith("Disclosure of personal data")


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ({"scenario": "no-such-thing", "version": "1"}, "no scenario 'no-such-thing'"),
        ({"scenario": SLUG, "version": "9"}, "has no version 9; its versions are 1"),
        ({"scenario": SLUG, "version": "two"}, "'two' is not a version number"),
        ({"draft": "nope"}, "no draft 'nope'"),
    ],
)
def test_an_unknown_link_says_so_and_shows_the_example(example, query, needle):
    save(start(PAGE), "published")
    at = start(query=query)
    errors = " ".join(e.value for e in at.error)
    assert needle in errors
    assert "built-in example" in errors
    assert npsv(at) == [money_m(o.npsv) for o in appraise(example).options]
    assert params(at) == {}  # the URL no longer names what is not shown


def test_changed_controls_are_marked_and_reset_all(example):
    at = start()
    assert at.button(key="reset_all").disabled
    at.selectbox(key="ctl:discounting").set_value("constant").run()
    at.slider(key="ctl:rate").set_value(5.0).run()
    at.slider(key=WEIGHT).set_value(5.0).run()
    at.selectbox(key="ctl:parameters").set_value("green-book-2003").run()
    marked = [w.label for w in [*at.sidebar.slider, *at.sidebar.selectbox]
              if w.label.endswith("● changed")]  # fmt: skip
    assert len(marked) == 4 and "Discount schedule ● changed" in marked
    assert "Parameter vintage ● changed" in marked
    groups = [e.label for e in at.sidebar.expander if "changed" in e.label]
    assert groups == ["Green Book parameters ● 1 changed", "Discounting ● 2 changed",
                      "Concern weights ● 1 changed"]  # fmt: skip
    assert "(4 changed)" in at.button(key="reset_all").label
    at.button(key="reset_all").click().run()
    assert not [w.label for w in [*at.sidebar.slider, *at.sidebar.selectbox]
                if w.label.endswith("● changed")]  # fmt: skip
    assert at.selectbox(key="ctl:parameters").value == "green-book-2022"
    assert at.button(key="reset_all").disabled
    assert npsv(at) == [money_m(o.npsv) for o in appraise(example).options]


def test_names_and_messages_are_shown_as_text(library_url):
    name, message = "<script>alert(1)</script> *Pilot*", "<b>bold</b> & 'quotes' [x](y)"
    at = save(start(PAGE), message, name=name, by="<i>Ana</i>")
    page = html(at)
    assert "<script>" not in page and "<b>bold" not in page and "<i>Ana" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *Pilot*" in page
    with Store(library_url) as store:
        [v] = store.history(name)
        assert (v.name, v.message, v.saved_by) == (name, message, "<i>Ana</i>")


def test_a_corrupt_version_fails_alone(example, library_url):
    at = save(start(PAGE), "good")
    with Store(library_url) as store:
        insert_raw_version(store, SLUG, 2, "{oops")
    at.switch_page(page_path(PAGE)).run()
    at.selectbox(key=f"library:version:{SLUG}").set_value(2).run()
    at.button(key="library:open").click().run()
    assert any("version 2 of 'Pilot' cannot be opened" in e.value for e in at.error)
    assert params(at) == {"scenario": SLUG, "version": "1"}  # still version 1
    assert "by hand" in html(at)  # the history still lists it


def test_an_unreachable_database_leaves_the_app_working(example, monkeypatch, tmp_path):
    nobody = tmp_path / "no-server"
    nobody.mkdir()
    monkeypatch.setenv("APPRAISAL_DB_URL", f"postgresql+psycopg://ana:s3cret@/lib?host={nobody}")
    at = start(PAGE)
    errors = " ".join(e.value for e in at.error)
    assert "The scenario library is unavailable" in errors and "s3cret" not in errors
    at.slider(key=WEIGHT).set_value(5.0).run()  # the app goes on; no draft can be kept
    at.switch_page(page_path("overview")).run()  # said above the controls from then on
    assert any("could not be kept as a draft" in w.value for w in at.sidebar.warning)
    assert npsv(at) == [money_m(o.npsv) for o in appraise(with_weight(example, 5.0)).options]


def test_a_newer_database_is_refused_plainly(library_url):
    with Store(library_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
    at = start(PAGE)
    errors = " ".join(e.value for e in at.error)
    assert "The scenario library is unavailable" in errors and "newer" in errors


def _escaped(sentence: str) -> str:
    from report.formatting import escape_text

    return escape_text(sentence)


def test_draft_document_names_what_it_started_from():
    """The draft's JSON: the scenario, and the version it started from in its row."""
    at = save(start(PAGE), "published")
    at.slider(key=WEIGHT).set_value(5.0).run()
    draft = params(at)["draft"]
    with Store() as store:
        d = store.load_draft(draft)
    doc = json.loads(d.text)
    assert (d.slug, d.base_version, doc["draft"], "loaded" in doc) == (SLUG, 1, 1, False)
    weights = {c["id"]: c["weight"] for c in doc["scenario"]["concerns"]}
    assert weights["data-sovereignty"] == 5.0


def test_a_draft_untouched_for_longer_than_kept_is_gone(example, library_url, monkeypatch):
    """APPRAISAL_DRAFT_DAYS=30: a draft last written 31 days ago is deleted when the app
    opens the library; its link then says the draft is not there, and the built-in
    example is shown. A draft written today stays."""
    store = Store(library_url)
    then = utc_now()
    with monkeypatch.context() as m:  # written 31 days ago
        m.setattr("options.store.utc_now", lambda: then - timedelta(days=31))
        old = store.save_draft(json.loads(dump_scenario(with_weight(example, 5.0))))
    kept = store.save_draft(json.loads(dump_scenario(with_weight(example, 7.0))))
    monkeypatch.setenv("APPRAISAL_DRAFT_DAYS", "30")
    at = start(query={"draft": old})
    assert f"no draft {old!r}" in unescape(texts(at))  # the page escapes "_" as text
    weight = next(c.weight for c in example.concerns if c.id == "data-sovereignty")
    assert at.slider(key=WEIGHT).value == weight
    fresh = start(query={"draft": kept})
    assert fresh.slider(key=WEIGHT).value == 7.0, texts(fresh)


def test_the_case_shown_is_in_the_link_and_survives_a_refresh(example):
    """Choosing a what-if puts it in the URL (&case=…); a new session with that URL shows
    the same what-if, with appraise()'s figures of it; the central case drops it."""
    name = "Reduced discount rates"
    at = start()
    at.selectbox(key="case").set_value(name).run()
    link = params(at)
    assert link == {"case": name}
    again = start(query=link)
    assert again.selectbox(key="case").value == name
    w = next(w for w in example.what_ifs if w.name == name)
    assert npsv(again) == [money_m(o.npsv) for o in appraise(apply_what_if(example, w)).options]
    again.selectbox(key="case").set_value(None).run()
    assert params(again) == {}
    assert start(query={"case": "No such what-if"}).selectbox(key="case").value is None


def test_decisions_link_to_the_versions_they_were_made_on(example, library_url):
    """A decision made on version 1 links to that version's permalink; one naming a
    version the library lacks is said in words; the history lists each version's
    decisions."""
    decisions = (
        Decision("D1", "2007-10-01", "Join Flex", "Board", version=1),
        Decision("D2", "2007-11-01", "Sign <b>contract</b>", "Board", version=9),
    )
    with Store(library_url) as store:
        store.save("Pilot", dump_scenario(replace(example, decisions=decisions)),
                   by="Ana", message="with decisions")  # fmt: skip
    at = start("log", query={"scenario": SLUG, "version": "1"})
    page = html(at)
    assert "<a href='?scenario=pilot&amp;version=1' target='_blank' rel='noopener'>v1</a>" in page
    assert "9 (not saved)" in page and "<b>contract" not in page
    assert [w.value for w in at.warning] == [
        "D2 was made on version 9, which the library does not have (it has only version 1)."
    ]
    at.switch_page(page_path(PAGE)).run()
    history = html(at)
    assert "Decisions made on it" in history and ">D1<" in history
