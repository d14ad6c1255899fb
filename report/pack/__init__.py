"""The board pack: the preferred option and why, as PDF, PowerPoint, Excel and HTML.

:func:`~report.pack.content.build_pack` builds the content once from a scenario and
its Results; :func:`render` lays it out in one format. Every format shows the same
figures as ``python -m appraisal --format json``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from report.pack.content import BoardPack, build_pack

FORMATS = ("pdf", "pptx", "xlsx", "html")


def render(pack: BoardPack, fmt: str) -> bytes:
    """The pack as a file in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return _renderer(fmt)(pack)


def _renderer(fmt: str) -> Callable[[BoardPack], bytes]:
    """A format's renderer, imported only when used (each pulls in its own library)."""
    module = import_module(f"report.pack.to_{fmt}")
    render_: Callable[[BoardPack], bytes] = module.render
    return render_


__all__ = ["FORMATS", "BoardPack", "build_pack", "render"]
