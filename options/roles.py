"""The roles file of a shared deployment: who, once signed in, may view and who may edit.

A TOML file (or JSON, by its ``.json`` ending) named by ``APPRAISAL_ROLES``::

    default = "viewer"          # anyone signed in and not listed: "viewer" or "none"

    [roles]
    "alice@example.gov.uk" = "editor"    # one person
    "@finance.example.gov.uk" = "editor" # everyone whose address ends so
    "@example.gov.uk" = "viewer"
    "mallory@example.gov.uk" = "none"    # refused, though the domain is listed

An address outranks its domain; a domain matches that domain only (not its subdomains);
letter case never counts. ``"none"`` refuses access. The default, when the file gives
none, is ``"viewer"``; a deployment whose identity provider lets in people outside the
organisation sets ``default = "none"`` (OWASP Top 10 2021, A01 Broken Access Control:
"except for public resources, deny by default"). A file that cannot be read, or says
anything this module does not understand, is an error naming the file and the entry:
the app then lets nobody in rather than guess (fail closed).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Role = Literal["editor", "viewer", "none"]
EDITOR: Role = "editor"
VIEWER: Role = "viewer"
NONE: Role = "none"
ROLES: tuple[Role, ...] = (EDITOR, VIEWER, NONE)
MAX_BYTES = 1_000_000  # a roles file is a short list; anything bigger is a mistake


class RolesError(ValueError):
    """The roles file cannot be used: what is wrong, naming the file (and the entry)."""


@dataclass(frozen=True)
class Roles:
    """Who has which role: addresses and ``@domains`` (lower case) to roles."""

    entries: Mapping[str, Role] = field(default_factory=dict)
    default: Role = VIEWER

    def role_of(self, email: str | None) -> Role:
        """The role of whoever signed in with ``email`` (None: no verified address).

        >>> r = Roles({"alice@a.gov.uk": "editor", "@a.gov.uk": "viewer",
        ...            "eve@a.gov.uk": "none"}, default="none")
        >>> [r.role_of(e) for e in ("Alice@A.gov.uk", "bob@a.gov.uk", "eve@a.gov.uk",
        ...                         "carol@sub.a.gov.uk", None)]
        ['editor', 'viewer', 'none', 'none', 'none']
        """
        if not email or "@" not in email:
            return self.default
        address = email.strip().lower()
        if address in self.entries:
            return self.entries[address]
        return self.entries.get("@" + address.rsplit("@", 1)[1], self.default)


def parse_roles(doc: Any, file: str) -> Roles:
    """Roles from a parsed TOML or JSON document; :class:`RolesError` on anything else.

    >>> parse_roles({"roles": {"@A.gov.uk": "Editor"}}, "r.toml").role_of("x@a.gov.uk")
    'editor'
    >>> parse_roles({"roles": {"bob": "editor"}}, "r.toml")
    Traceback (most recent call last):
    ...
    options.roles.RolesError: r.toml: [roles] "bob": not an e-mail address or an @domain
    """
    if not isinstance(doc, dict):
        raise RolesError(f"{file}: expected a table with 'default' and [roles]")
    unknown = sorted(set(doc) - {"default", "roles"})
    if unknown:
        raise RolesError(
            f"{file}: unknown key {unknown[0]!r} (a roles file has 'default' and [roles] only)"
        )
    default = _role(doc.get("default", VIEWER), f"{file}: default")
    table = doc.get("roles", {})
    if not isinstance(table, dict):
        raise RolesError(f"{file}: [roles] must be a table of addresses and domains")
    entries: dict[str, Role] = {}
    for key, value in table.items():
        where = f'{file}: [roles] "{key}"'
        name = str(key).strip().lower()
        _, at, domain = name.rpartition("@")
        if not at or not domain or "." not in domain or any(c.isspace() for c in name):
            raise RolesError(f"{where}: not an e-mail address or an @domain")
        if name in entries:
            raise RolesError(f"{where}: listed twice (letter case does not count)")
        entries[name] = _role(value, where)
    return Roles(entries, default)


def _role(value: Any, where: str) -> Role:
    text = value.strip().lower() if isinstance(value, str) else None
    for role in ROLES:
        if text == role:
            return role
    raise RolesError(f"{where}: {value!r} is not a role (editor, viewer or none)")


def load_roles(path: str | Path) -> Roles:
    """The roles file at ``path`` (``.json``: JSON, else TOML), checked."""
    p = Path(path)
    file = p.name
    try:
        if p.stat().st_size > MAX_BYTES:
            raise RolesError(f"{file}: larger than {MAX_BYTES:,} bytes; not a roles file")
        raw = p.read_bytes()
    except OSError as e:
        raise RolesError(f"{file}: cannot be read ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
        doc = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError:
        raise RolesError(f"{file}: not UTF-8 text") from None
    except (ValueError, tomllib.TOMLDecodeError) as e:
        raise RolesError(f"{file}: not valid {_kind(p)} ({e})") from None
    return parse_roles(doc, file)


def _kind(p: Path) -> str:
    return "JSON" if p.suffix.lower() == ".json" else "TOML"
