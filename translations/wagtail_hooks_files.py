"""The "Translation files" admin page, for translations/wagtail_hooks.py to register:

from . import wagtail_hooks_files

hooks.register("register_admin_urls", wagtail_hooks_files.admin_urls)
hooks.register("register_admin_menu_item", wagtail_hooks_files.menu_item)
"""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem

from .views_files import TranslationFilesView, can_use_translation_files, download


def admin_urls():
    """URL patterns under /admin/: `translation_files` (the page and its upload form) and
    `translation_files_download` (POST, with `format` po or xliff)."""
    return [
        path(
            "translations/files/",
            require_admin_access(TranslationFilesView.as_view()),
            name="translation_files",
        ),
        path(
            "translations/files/<str:language>/download/",
            require_admin_access(download),
            name="translation_files_download",
        ),
    ]


class TranslationFilesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_translation_files(request.user)


def menu_item():
    return TranslationFilesMenuItem(
        _("Translation files"),
        reverse_lazy("translation_files"),
        name="translation-files",
        icon_name="doc-full",
        order=710,
    )
