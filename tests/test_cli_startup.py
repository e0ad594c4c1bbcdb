"""Start-up cost: a default `routes build` loads only what drawing an HTML map needs.

Issue 7 bounds a cold build at 1.5x a bare `import folium, pyproj, shapely, geopy,
typer`; every module imported but unused is compiled (without cached bytecode) and run
for nothing. These tests keep the optional outputs out of a default build's imports,
and keep the lazily loaded public names working.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

NOT_FOR_HTML = ["routes.render.static_map", "routes.render.embed", "routes.export", "routes.network",
                "routes.geocoders", "geopy", "networkx"]


def test_default_build_imports_no_optional_output_module(tmp_path):
    code = (
        "import json, sys\n"
        "from routes.api import build\n"
        f"results = build(['seeds'], {str(tmp_path)!r})\n"
        "assert all(r.ok for r in results), results\n"
        f"print(json.dumps([m for m in {NOT_FOR_HTML!r} if m in sys.modules]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout) == []
    assert sorted(p.name for p in tmp_path.glob("*.html"))


def test_lazy_render_names_resolve_to_the_functions_even_after_submodule_imports():
    code = (
        "import routes.render.static_map, routes.render.embed, routes.render.html\n"
        "from routes.render import svg, png, write_map, embed_html, Scene\n"
        "import routes.render as r\n"
        "assert callable(svg) and svg.__name__ == 'svg', svg\n"
        "assert r.svg is svg and r.write_map is write_map\n"
        "assert set(r.__all__) <= set(dir(r))\n"
        "from routes.render import basemap, html\n"
        "assert basemap.__name__ == 'routes.render.basemap' and html.__name__ == 'routes.render.html'\n"
        "try:\n"
        "    r.no_such_name\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)


def test_the_cli_collects_cycles_less_often():
    code = "import gc, routes.cli; print(gc.get_threshold()[0])"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          check=True)
    assert int(done.stdout) >= 100_000
