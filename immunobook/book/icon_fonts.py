"""Cut the theme's Font Awesome web fonts down to the icons the built site uses.

The theme ships the whole icon set: 157 KB (solid) and 118 KB (brands, for one GitHub logo) of woff2
that a phone downloads on every first visit, ahead of the page's text in Lighthouse's model. After
the HTML build, this module finds the icons the site can show and rewrites each ``*.woff2`` in
``_static/vendor/fontawesome/webfonts`` to those glyphs only (a few KB). It always starts from the
theme's own font files, so repeated and incremental builds give the same result.

An icon can reach the page in two ways, and both are collected:

- an ``fa-<name>`` class in a built page or in a script the site ships (mapped to its code point by
  the ``.fa-<name>:before{content:"\\f..."}`` rules of the theme's CSS);
- a code point written into any stylesheet outside those rules (the theme's ``--pst-icon-*``
  variables for admonitions and version warnings, and any escape such as ``"\\f00c"``).

``tests/test_icon_fonts.py`` checks every icon of the built book against the subset fonts' glyphs.
"""

from __future__ import annotations

import re
from pathlib import Path

WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
# Private-use code points: where Font Awesome puts its icons.
PRIVATE_USE = range(0xE000, 0xF900)
ICON_CLASS = re.compile(r"(?<![\w-])fa-([a-z0-9]+(?:-[a-z0-9]+)*)")
CSS_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
ICON_SELECTOR = re.compile(r"^\.fa-([a-z0-9-]+):(?:before|after)$")
CONTENT = re.compile(r'content:\s*"\\([0-9a-fA-F]{4,5})"')
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})(?![0-9a-fA-F])")
# Not loaded by any page (the book drops its tag): its class names would only inflate the subset.
UNUSED_SCRIPTS = {"fontawesome.js"}


def _rules(css: str):
    """(icon names, declarations) per rule; icon names is empty unless every selector is ``.fa-x:before``."""
    for selectors, body in CSS_RULE.findall(css):
        names = [ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        yield ([n.group(1) for n in names] if all(names) else []), body


def icon_code_points(css: str) -> dict[str, int]:
    """``fa-<name>`` -> code point, from the ``.fa-x:before{content:"\\f..."}`` rules of a stylesheet."""
    icons = {}
    for names, body in _rules(css):
        content = CONTENT.search(body)
        if names and content:
            icons.update(dict.fromkeys(names, int(content.group(1), 16)))
    return icons


def stylesheet_code_points(css: str) -> set[int]:
    """Icon code points a stylesheet uses outside the per-icon ``.fa-x:before`` rules."""
    points = set()
    for names, body in _rules(css):
        if names:
            continue
        points.update(ord(ch) for ch in body if ord(ch) in PRIVATE_USE)
        points.update(int(h, 16) for h in ESCAPE.findall(body) if int(h, 16) in PRIVATE_USE)
    return points


def used_code_points(outdir: Path) -> set[int]:
    """Every icon code point the built site at ``outdir`` can display."""
    static = outdir / "_static"
    stylesheets = {p: p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")}
    icons: dict[str, int] = {}
    for css in stylesheets.values():
        icons.update(icon_code_points(css))
    points = set().union(*(stylesheet_code_points(css) for css in stylesheets.values()))
    texts = [p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts]
    texts += [p for p in static.rglob("*.js") if p.name not in UNUSED_SCRIPTS]
    for path in texts:
        for name in ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")):
            if name in icons:
                points.add(icons[name])
    return points


def theme_webfonts() -> Path:
    """The theme's own (full) Font Awesome web fonts."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / WEBFONTS.relative_to("_static")


def subset_fonts(outdir: Path) -> None:
    """Rewrite the site's icon woff2 files, from the theme's originals, to the glyphs the site uses."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = outdir / WEBFONTS
    if not target.is_dir():
        return
    points = used_code_points(outdir)
    for original in sorted(theme_webfonts().glob("*.woff2")):
        font = TTFont(original)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points & set(font.getBestCmap())))
        subsetter.subset(font)
        font.save(target / original.name)
