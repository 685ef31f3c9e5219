"""Vendor plotly.js's *basic* partial bundle at exactly the version the installed plotly package ships.

The book's figures only use trace types of the basic bundle (scatter, bar, pie), which is a third of
the size of the full plotly.js. This script takes the bundle from the npm registry by exact version
(`npm pack plotly.js-basic-dist-min@<version>`, npm checks the registry's integrity hash), writes it
and its licence to immunobook/book/static/, and records version and sha256 in
immunobook/book/plotly_bundle.py. Run it after upgrading the plotly Python package:

    .venv/bin/python scripts/vendor_plotly.py          # fetch and record
    .venv/bin/python scripts/vendor_plotly.py --check  # offline: does the vendored file match?
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from immunobook.book import plotly_bundle  # noqa: E402

PACKAGE = "plotly.js-basic-dist-min"
RECORD = ROOT / "immunobook" / "book" / "plotly_bundle.py"


def installed_plotlyjs_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def fetch(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        packed = subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--json"], cwd=tmp,
                                check=True, capture_output=True, text=True)
        info = json.loads(packed.stdout)[0]
        with tarfile.open(Path(tmp) / info["filename"]) as tar:
            script = tar.extractfile("package/plotly-basic.min.js").read()
            licence = tar.extractfile("package/LICENSE").read()
    plotly_bundle.BUNDLE_PATH.write_bytes(script)
    plotly_bundle.LICENCE_PATH.write_bytes(licence)
    digest = hashlib.sha256(script).hexdigest()
    text = RECORD.read_text(encoding="utf-8")
    text = re.sub(r'VERSION = "[^"]*"', f'VERSION = "{version}"', text)
    text = re.sub(r'SHA256 = "[^"]*"', f'SHA256 = "{digest}"', text)
    text = re.sub(r'NPM_INTEGRITY = "[^"]*"', f'NPM_INTEGRITY = "{info["integrity"]}"', text)
    RECORD.write_text(text, encoding="utf-8")
    print(f"vendored {PACKAGE}@{version}: {len(script):,} bytes, sha256 {digest}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the vendored file, no network")
    args = parser.parse_args()
    wanted = installed_plotlyjs_version()
    if args.check:
        problems = plotly_bundle.problems(wanted)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    fetch(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
