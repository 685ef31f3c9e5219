"""The theme's icon fonts are cut down to the icons the site shows, and every icon still has its glyph.

The browser test does not reuse the module's own search for icons: it asks Chromium which icon
characters each page's elements actually draw (the computed ``::before``/``::after`` content in the
Font Awesome families) and looks each one up in the subset fonts' character maps.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from immunobook.book.icon_fonts import WEBFONTS, icon_code_points, stylesheet_code_points, theme_webfonts
from test_chapters import toc_files

MAX_FONT_BYTES = 10 * 1024  # each subset woff2 (the theme's full ones are 25-157 KB)

DRAWN_ICONS = """() => {
  const found = new Set();
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!/Font Awesome/i.test(style.fontFamily)) continue;
      for (const ch of style.content.replace(/^"|"$/g, '')) {
        const code = ch.codePointAt(0);
        if (code >= 0xE000 && code < 0xF900) found.add(code);
      }
    }
  }
  return [...found];
}"""


def test_icon_rules_map_every_alias_to_its_code_point():
    css = ('.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
           '@media print{.fa-github:before{content:"\\f09b"}}.fa-lg{font-size:1.25em}')
    assert icon_code_points(css) == {"magnifying-glass": 0xF002, "search": 0xF002, "github": 0xF09B}


def test_stylesheet_code_points_are_literal_or_escaped_outside_icon_rules():
    css = (':root{--pst-icon-info-circle:"\uf05a";--pst-icon-x:"\\f00d"}'
           '.fa-bars:before{content:"\\f0c9"}.note:after{content:"\\e000 "}.plain{content:"\\201c"}')
    assert stylesheet_code_points(css) == {0xF05A, 0xF00D, 0xE000}


@pytest.mark.build
def test_subset_fonts_are_small_and_keep_only_glyphs_the_full_fonts_have(book_html):
    for full in sorted(theme_webfonts().glob("*.woff2")):
        subset = book_html / WEBFONTS / full.name
        size = subset.stat().st_size
        assert size <= MAX_FONT_BYTES, f"{full.name}: {size} bytes after subsetting"
        kept, available = set(TTFont(subset).getBestCmap()), set(TTFont(full).getBestCmap())
        assert kept <= available and len(kept) < len(available) / 10, full.name


@pytest.mark.build
@pytest.mark.browser
def test_every_icon_a_page_draws_has_its_glyph(browser, book_url, book_html):
    glyphs = set().union(*(TTFont(f).getBestCmap() for f in (book_html / WEBFONTS).glob("*.woff2")))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    missing, drawn = {}, set()
    for name in toc_files() + ["search", "genindex"]:
        page.goto(f"{book_url}/{name}.html", wait_until="load")
        icons = set(page.evaluate(DRAWN_ICONS))
        drawn |= icons
        if icons - glyphs:
            missing[name] = sorted(hex(c) for c in icons - glyphs)
    page.close()
    assert len(drawn) >= 8, f"only {len(drawn)} icons found: is the theme still drawing icons from its font?"
    assert missing == {}, f"icons without a glyph in the subset fonts: {missing}"
