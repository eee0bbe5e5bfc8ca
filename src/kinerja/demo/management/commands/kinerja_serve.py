from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the demo agencies into an empty database, and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from kinerja.org.models import Agency

        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not Agency.objects.exists():
            self.stdout.write("Database is empty: loading the demo agencies…")
            call_command("kinerja_demo")
        # --insecure: serve our own static files without a separate web server (local use).
        call_command("runserver", options["addrport"], use_reloader=False, insecure_serving=True)
