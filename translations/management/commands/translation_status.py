import csv
import json

from django.core.management.base import BaseCommand

from translations.status import STATUSES, statuses

FIELDS = ["key", "title", "locale", "status", "source_published_at", "translation_updated_at"]


class Command(BaseCommand):
    help = "Print the translation status of every page in every language (for reports)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--language", action="append", help="only this language (repeatable)")
        parser.add_argument("--status", action="append", choices=STATUSES, help="only this status")

    def handle(self, format, language, status, **options):
        rows = [item.as_json() for item in statuses(language_codes=language)]
        if status:
            rows = [row for row in rows if row["status"] in status]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
