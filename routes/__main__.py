"""``python -m routes`` runs the same CLI as the ``routes`` command."""

from routes.cli import app

app(prog_name="routes")
