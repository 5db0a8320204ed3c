import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_CONTENT = Path(settings.BASE_DIR) / "home" / "fixtures" / "demo-content.json"


class Command(BaseCommand):
    help = (
        "Load the project's demo content in every language and make sure an admin account exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DEMO_ADMIN_USERNAME", "admin"))

    def handle(self, username, **options):
        call_command("import_content", str(DEMO_CONTENT), stdout=self.stdout, stderr=self.stderr)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists (password unchanged).")
            return
        # A fresh random password each time: demo databases must not share a known password.
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=f"{username}@localhost", password=password
        )
        self.stdout.write(
            self.style.SUCCESS("Admin account created — http://127.0.0.1:8000/admin/")
        )
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
