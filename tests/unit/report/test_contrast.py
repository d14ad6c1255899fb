"""Contrast of the charts' colours and of the app's caption text (WCAG 2.2 AA).

The ratio is worked here from WCAG's own definitions, independently of the code under
test: relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB
channels (c/12.92 up to 0.04045, else ((c + 0.055)/1.055)^2.4), and contrast
(L1 + 0.05)/(L2 + 0.05), lighter over darker (WCAG 2.2, definitions of "relative
luminance" and "contrast ratio"). Thresholds: 4.5:1 for text (SC 1.4.3), 3:1 for the
parts of a graphic needed to understand it (SC 1.4.11).
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest

from report.charts.style import (
    _GREY,
    _INK,
    COMPONENTS,
    CONCERN_COLOURS,
    CONCERN_INK,
    CONCERN_PATTERNS,
    PALETTE,
)

ROOT = Path(__file__).resolve().parents[3]
WHITE, BLACK = "#FFFFFF", "#000000"
SIDEBAR = "#F8F8F7"  # Streamlit 1.67's light sidebar background (its config reference)
CAPTION_OPACITY = 0.6  # Streamlit draws captions in the text colour at 60% opacity


def channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    h = colour.lstrip("#")
    r, g, b = (channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: str, background: str, alpha: float) -> str:
    """``colour`` at ``alpha`` opacity over ``background``, as the browser blends it."""
    a, b = colour.lstrip("#"), background.lstrip("#")
    mixed = (
        round(alpha * int(a[i : i + 2], 16) + (1 - alpha) * int(b[i : i + 2], 16))
        for i in (0, 2, 4)
    )
    return "#" + "".join(f"{c:02X}" for c in mixed)


def test_the_formula_on_known_pairs():
    """Black on white is 21:1 by definition; #767676 on white is the well-known lightest
    grey that passes 4.5:1 (4.54:1); white on white is 1:1; #777777 just fails (4.48)."""
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.005)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.005)
    assert contrast(WHITE, WHITE) == 1.0


def test_streamlit_default_caption_was_short_of_4_5():
    """Why the theme sets a text colour: Streamlit's default #2F2D2B at 60% over white
    is #828180 (47×0.6 + 255×0.4 = 130.2 → 0x82), 3.88:1 as axe measured."""
    assert over("#2F2D2B", WHITE, CAPTION_OPACITY) == "#828180"
    assert contrast("#828180", WHITE) == pytest.approx(3.88, abs=0.01)


def test_caption_colour_from_the_theme_passes_on_white_and_the_sidebar():
    """The theme's text colour #0B0C0C at 60%: #6D6D6D on white (5.17:1) and #6A6A6A on
    the sidebar's #F8F8F7 (5.09:1: L 0.144 against 0.939); body text itself is 19.6:1
    on white (L 0.0036)."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    text = theme["textColor"]
    assert over(text, WHITE, CAPTION_OPACITY) == "#6D6D6D"
    assert contrast(over(text, WHITE, CAPTION_OPACITY), WHITE) == pytest.approx(5.17, abs=0.01)
    on_sidebar = over(text, SIDEBAR, CAPTION_OPACITY)
    assert contrast(on_sidebar, SIDEBAR) == pytest.approx(5.09, abs=0.01)
    assert contrast(text, WHITE) == pytest.approx(19.59, abs=0.01)
    assert contrast(theme["primaryColor"], WHITE) >= 4.5  # links and primary buttons


def test_chart_captions_and_label_ink():
    """The charts' subtitles (#505A5F, 7.07:1) and dark labels (#0B0C0C) on white."""
    assert contrast(_GREY, WHITE) == pytest.approx(7.07, abs=0.01)
    assert contrast(_INK, WHITE) >= 4.5


@pytest.mark.parametrize("colour", PALETTE)
def test_option_colours_are_3_to_1_against_white(colour):
    """The afcharts option colours: the lightest, #F46A25, is 3.03:1."""
    assert contrast(colour, WHITE) >= 3.0


def test_concern_colours_against_white_each_other_and_their_labels():
    """Every concern fill is 3:1 or more against white; each against the next in the
    stack (and the eighth against the first, where the colours cycle) 3:1 or more; each
    segment's label 4.5:1 on its fill; and the eight patterns all differ.

    By hand, the tightest pairs: #D6457A (L 0.1996) against #4A2A00 (L 0.0311),
    (0.1996 + 0.05)/(0.0311 + 0.05) = 3.08; #A88400 (L 0.248) against white 3.52:1; the
    dark label #0B0C0C (L 0.0036) on #D6457A, 0.250/0.0536 = 4.66.
    """
    n = len(CONCERN_COLOURS)
    assert n == len(CONCERN_PATTERNS) == len(CONCERN_INK) == 8
    for colour in CONCERN_COLOURS:
        assert contrast(colour, WHITE) >= 3.0, colour
    for i in range(n):
        a, b = CONCERN_COLOURS[i], CONCERN_COLOURS[(i + 1) % n]
        assert contrast(a, b) >= 3.0, (a, b, round(contrast(a, b), 2))
    for fill, ink in zip(CONCERN_COLOURS, CONCERN_INK, strict=True):
        assert contrast(fill, ink) >= 4.5, (fill, ink)
    assert len(set(CONCERN_PATTERNS)) == n
    assert contrast("#D6457A", "#4A2A00") == pytest.approx(3.08, abs=0.01)
    assert contrast("#A88400", WHITE) == pytest.approx(3.52, abs=0.01)
    assert contrast("#0B0C0C", "#D6457A") == pytest.approx(4.66, abs=0.01)


def test_npsv_components_against_white_and_their_neighbours():
    """Benefits, PV costs, optimism bias, risk and carbon, in stacking order out from
    zero: each 3:1 against white and against the next (the old risk #E8A33D was 2.16:1
    and benefits #BFBFBF 1.84:1 against white); the parts left of zero differ in pattern
    as well as colour."""
    colours = [c for _, _, _, c, _ in COMPONENTS]
    assert contrast("#E8A33D", WHITE) == pytest.approx(2.16, abs=0.01)
    assert contrast("#BFBFBF", WHITE) == pytest.approx(1.84, abs=0.01)
    for colour in colours:
        assert contrast(colour, WHITE) >= 3.0, colour
    for a, b in itertools.pairwise(colours):
        assert contrast(a, b) >= 3.0, (a, b, round(contrast(a, b), 2))
    costs = [shape for _, _, sign, _, shape in COMPONENTS if sign < 0]
    assert len(set(costs)) == len(costs)
