"""The folium-free back-end (routes.render.parts) draws the same page as folium_map."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_render import kim_journey, pacific_journey

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("make", [kim_journey, pacific_journey])
@pytest.mark.parametrize("options", [{}, {"offline": False}, {"animate": True}, {"tiles": False}])
def test_map_html_is_what_folium_map_renders(make, options):
    from routes.render import folium_map, map_html

    assert map_html(make(), **options) == folium_map(make(), read_hash=True, **options).get_root().render()


def test_embed_fragment_matches_the_folium_page_parts():
    from routes.render import embed_html, folium_map

    fragment = embed_html(kim_journey(), hide=("legend",))
    page = folium_map(kim_journey(), hide=("legend",)).get_root()
    page.render()
    assert page.script.render() in fragment
    assert page.html.render() in fragment


def test_folium_map_is_still_a_folium_map_to_extend():
    import folium

    m = folium_map_of_kim()
    assert isinstance(m, folium.Map)
    folium.Marker([43.1, 131.9], tooltip="added by a user").add_to(m)
    assert "added by a user" in m.get_root().render()


def folium_map_of_kim():
    from routes.render import folium_map

    return folium_map(kim_journey())


def test_writing_a_map_does_not_import_folium(tmp_path):
    code = ("import sys; sys.path.insert(0, 'tests'); from test_render import kim_journey;"
            "from routes.render import write_map, write_embed;"
            f"write_map(kim_journey(), {str(tmp_path / 'k.html')!r});"
            f"write_embed(kim_journey(), {str(tmp_path / 'k.fragment.html')!r});"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('folium', 'branca', 'jinja2')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "k.html").stat().st_size > 100_000
