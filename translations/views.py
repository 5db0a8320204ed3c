import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.documents import page_type

from .management.commands.translation_status import FIELDS
from .roles import user_languages
from .status import STATUSES, counts_by_language, statuses, target_locales

STATUS_LABELS = {
    "up_to_date": _("Up to date"),
    "outdated": _("Outdated"),
    "machine": _("Machine translation"),
    "in_progress": _("In progress"),
    "missing": _("Missing"),
}


def can_see_report(user):
    return (
        user.is_superuser
        or user.has_perm("wagtail_localize.submit_translation")
        or bool(user_languages(user))
    )


class TranslationStatusReportView(WagtailAdminTemplateMixin, TemplateView):
    """Pages × languages: which translation is missing, outdated, machine-made or in progress."""

    template_name = "translations/status_report.html"
    page_title = _("Translation status")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filters(self):
        languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        language = self.request.GET.get("language")
        status = self.request.GET.get("status")
        kind = self.request.GET.get("type")
        return {
            "language": language if language in languages else "",
            "status": status if status in STATUSES else "",
            "type": kind if kind in {"service", "course", "event", "association", "page"} else "",
        }

    def rows(self, chosen):
        items = statuses(language_codes=[chosen["language"]] if chosen["language"] else None)
        if chosen["type"]:
            items = [item for item in items if page_type(item.source_page) == chosen["type"]]
        return items

    def get(self, request, *args, **kwargs):
        chosen = self.filters()
        items = self.rows(chosen)
        if request.GET.get("export") == "csv":
            return self.csv(items, chosen)
        return super().get(request, *args, chosen=chosen, items=items, **kwargs)

    def csv(self, items, chosen):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="translation-status.csv"'
        writer = csv.DictWriter(response, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(
            item.as_json()
            for item in items
            if not chosen["status"] or item.status == chosen["status"]
        )
        return response

    def get_context_data(self, chosen, items, **kwargs):
        context = super().get_context_data(**kwargs)
        locales = target_locales([chosen["language"]] if chosen["language"] else None)
        matrix = {}
        for item in items:
            matrix.setdefault(item.source_page.pk, {"page": item.source_page, "cells": []})
            matrix[item.source_page.pk]["cells"].append(item)
        rows = list(matrix.values())
        if chosen["status"]:
            rows = [
                row for row in rows if any(cell.status == chosen["status"] for cell in row["cells"])
            ]
        counts = counts_by_language(items)
        context.update(
            chosen=chosen,
            locales=locales,
            rows=rows,
            counts=[(locale, counts.get(locale.language_code, {})) for locale in locales],
            statuses=[(status, STATUS_LABELS[status]) for status in STATUSES],
            languages=[
                (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
            ],
            status_labels=STATUS_LABELS,
        )
        return context
