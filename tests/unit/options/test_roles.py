"""The roles file of a shared deployment (options.roles): who gets which role, and every
mistake a file can hold reported with the file and the entry, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from options.roles import MAX_BYTES, Roles, RolesError, load_roles, parse_roles

FILE = """\
default = "viewer"

[roles]
"Alice@Example.gov.uk" = "editor"
"@finance.example.gov.uk" = "Editor"
"@example.gov.uk" = "viewer"
"eve@example.gov.uk" = "none"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "roles.toml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_an_address_outranks_its_domain_and_case_never_counts(tmp_path: Path) -> None:
    roles = load_roles(write(tmp_path, FILE))
    cases = {
        "alice@example.gov.uk": "editor",  # listed by address (typed in mixed case)
        "ALICE@EXAMPLE.GOV.UK": "editor",
        "bob@finance.example.gov.uk": "editor",  # by the finance domain
        "carol@example.gov.uk": "viewer",  # by the parent domain
        "eve@example.gov.uk": "none",  # by address, above the domain's viewer
        "dan@sub.example.gov.uk": "viewer",  # a subdomain not listed: the default
        "zed@elsewhere.org": "viewer",  # nobody listed: the default
    }
    assert {e: roles.role_of(e) for e in cases} == cases


def test_no_verified_address_gets_the_default() -> None:
    roles = Roles({"alice@example.gov.uk": "editor"}, default="none")
    assert [roles.role_of(x) for x in (None, "", "not-an-address")] == ["none"] * 3


def test_the_default_is_viewer_when_the_file_gives_none(tmp_path: Path) -> None:
    roles = load_roles(write(tmp_path, '[roles]\n"a@b.org" = "editor"\n'))
    assert roles.default == "viewer"
    assert roles.role_of("c@b.org") == "viewer"


def test_a_json_roles_file(tmp_path: Path) -> None:
    doc = {"default": "none", "roles": {"@example.gov.uk": "editor"}}
    roles = load_roles(write(tmp_path, json.dumps(doc), "roles.json"))
    assert (roles.role_of("x@example.gov.uk"), roles.role_of("x@other.org")) == ("editor", "none")


def test_an_empty_file_makes_everyone_a_viewer(tmp_path: Path) -> None:
    roles = load_roles(write(tmp_path, ""))
    assert (roles.entries, roles.default) == ({}, "viewer")


NOT_ADDRESS = "not an e-mail address or an @domain"
NOT_ROLE = "is not a role (editor, viewer or none)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[roles]\n"bob" = "editor"\n', f'[roles] "bob": {NOT_ADDRESS}'),
        ('[roles]\n"@gov" = "editor"\n', f'[roles] "@gov": {NOT_ADDRESS}'),
        ('[roles]\n"a b@x.org" = "editor"\n', f'[roles] "a b@x.org": {NOT_ADDRESS}'),
        ('[roles]\n"a@x.org" = "admin"\n', f"[roles] \"a@x.org\": 'admin' {NOT_ROLE}"),
        ('[roles]\n"a@x.org" = 1\n', f'[roles] "a@x.org": 1 {NOT_ROLE}'),
        ('[roles]\n"a@x.org" = "editor"\n"A@X.org" = "viewer"\n',
         '[roles] "A@X.org": listed twice (letter case does not count)'),
        ('default = "owner"\n', f"default: 'owner' {NOT_ROLE}"),
        ('editors = ["a@x.org"]\n',
         "unknown key 'editors' (a roles file has 'default' and [roles] only)"),
        ('roles = "a@x.org"\n', "[roles] must be a table of addresses and domains"),
    ],
)  # fmt: skip
def test_every_mistake_names_the_file_and_the_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(RolesError) as e:
        load_roles(write(tmp_path, text))
    assert str(e.value) == f"roles.toml: {message}"


def test_unreadable_files_are_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(RolesError, match=r"^missing\.toml: cannot be read \(No such file"):
        load_roles(tmp_path / "missing.toml")
    with pytest.raises(RolesError, match=r"^roles\.toml: not valid TOML \("):
        load_roles(write(tmp_path, "[roles\n"))
    with pytest.raises(RolesError, match=r"^roles\.json: not valid JSON \("):
        load_roles(write(tmp_path, "{roles: 1}", "roles.json"))
    with pytest.raises(RolesError, match=r"^roles\.toml: not UTF-8 text$"):
        load_roles(write(tmp_path, b"\xff\xfe[\x00r\x00"))
    with pytest.raises(RolesError, match=r"^roles\.json: expected a table"):
        load_roles(write(tmp_path, "[1, 2]", "roles.json"))
    with pytest.raises(RolesError, match=r"^roles\.toml: larger than 1,000,000 bytes"):
        load_roles(write(tmp_path, "#" * (MAX_BYTES + 1)))


def test_parse_roles_takes_a_parsed_document() -> None:
    roles = parse_roles({"roles": {"@a.org": "viewer", "boss@a.org": "editor"}}, "x")
    assert (roles.role_of("boss@a.org"), roles.role_of("clerk@a.org")) == ("editor", "viewer")
