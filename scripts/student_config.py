"""Print the book's _config.yml with exercise solutions hidden, for `make student`.

Generating the student edition's settings from the main file keeps the two from drifting apart.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
config["title"] = f"{config['title']} (student edition)"
config["sphinx"]["config"]["hide_solutions"] = True
print(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
