"""Admin page "Translation files": download a language's outdated and missing pages as PO or
XLIFF for a translation agency, and upload the translated file back (see docs/translation-files.md).

Superusers may use every language; translators and reviewers only theirs (the groups
"Translators (<lang>)" and "Translation reviewers (<lang>)"); everyone else gets a 403. The
views answer 403 themselves: Wagtail's admin wrapper would turn a PermissionDenied into a
redirect to the dashboard.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import files


def translated_languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def group_names(language):
    return [f"Translators ({language})", f"Translation reviewers ({language})"]


def allowed_languages(user):
    """The language codes whose files `user` may download and upload."""
    if not user.is_authenticated or not user.is_active:
        return []
    codes = [code for code, _ in translated_languages()]
    if user.is_superuser:
        return codes
    names = set(
        user.groups.filter(
            name__in=[name for code in codes for name in group_names(code)]
        ).values_list("name", flat=True)
    )
    return [code for code in codes if names & set(group_names(code))]


def can_use_translation_files(user, language=None):
    languages = allowed_languages(user)
    return language in languages if language else bool(languages)


def forbidden(request):
    return permission_denied(request, PermissionDenied())


class UploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("A .po, .xlf or .xliff file exported from this page, at most 5 MB."),
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in translated_languages() if code in languages
        ]
        self.fields["file"].widget.attrs["accept"] = ",".join(files.EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in files.EXTENSIONS:
            raise forms.ValidationError(_("Only .po, .xlf and .xliff files can be imported."))
        if upload.size > files.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class TranslationFilesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "translations/files/index.html"
    page_title = _("Translation files")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.languages = allowed_languages(request.user)
        if not self.languages:
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        initial = {"language": request.GET.get("language")}
        form = UploadForm(initial=initial, languages=self.languages)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        language = request.POST.get("language")
        if language in dict(translated_languages()) and language not in self.languages:
            return forbidden(request)
        form = UploadForm(request.POST, request.FILES, languages=self.languages)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = files.import_file(
                    form.cleaned_data["language"], upload.name, upload.read(), request.user
                )
            except files.TranslationFileError as error:
                form.add_error("file", _("Nothing was imported: %(error)s") % {"error": str(error)})
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        from .status import MISSING, OUTDATED, statuses

        context = super().get_context_data(**kwargs)
        counts = {code: {OUTDATED: 0, MISSING: 0} for code in self.languages}
        for item in statuses(language_codes=self.languages):
            if item.status in (OUTDATED, MISSING):
                counts[item.locale.language_code][item.status] += 1
        context["rows"] = [
            {
                "code": code,
                "name": name,
                "outdated": counts[code][OUTDATED],
                "missing": counts[code][MISSING],
            }
            for code, name in translated_languages()
            if code in self.languages
        ]
        context["formats"] = [("po", "PO"), ("xliff", "XLIFF 2.0")]
        return context


@require_POST
def download(request, language):
    """The outdated and missing pages of `language` as a file (POST: it may create the
    wagtail-localize translation records of missing pages)."""
    if language not in dict(translated_languages()):
        raise Http404
    if not can_use_translation_files(request.user, language):
        return forbidden(request)
    file_format = request.POST.get("format", "po")
    if file_format not in files.FORMATS:
        raise Http404
    pages = files.pages_needing_translation(language)
    if not pages:
        messages.info(
            request,
            _("No page is outdated or missing in %(language)s: there is nothing to translate.")
            % {"language": dict(translated_languages())[language]},
        )
        return redirect("translation_files")
    name, content_type, content = files.export_file(language, file_format, pages)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
