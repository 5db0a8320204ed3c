"""The permission matrix of docs/permissions.md, cell by cell, through the admin's own views.

The tables in the docs are the source of truth: this module reads them and turns every cell into
a test that does what the person in that role would do (open the edit view and save a draft,
"Publish", "Submit for review", the workflow's "Approve", preview, add an event, upload, open
files, users and groups, wagtail-localize's "Translate this page"), then looks at what happened.
A cell whose footnote is named `gap-…` is a rule the set-up does not meet yet: an expected
failure, strict, so that fixing the set-up makes the test say the footnote must go.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, TaskState
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from associations.models import AssociationPage
from courses.models import CoursePage
from events.models import EventIndexPage, EventPage
from home.models import HomePage
from services.models import ServicePage
from translations.roles import reviewers_group_name, translators_group_name

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "permissions.md"

LANGUAGE = "ar"  # the translator's and reviewer's own language
OTHER_LANGUAGE = "ur"
OWN_ASSOCIATION = "association-demo-jappoo-senegalesi"
OTHER_ASSOCIATION = "association-demo-tongxin-famiglie-cinesi"
SERVICE = "service-demo-riduzioni-mensa-scuolabus-castelverde"
TRANSLATED_SERVICE = "service-demo-vaccinazioni-bambini"  # in all ten languages
COURSE = "course-demo-cpia-b1-serale-cremona"
EVENT = "event-demo-incontro-assegno-unico-vescovato"
UNTRANSLATED_EVENT = "event-demo-capodanno-cinese-cremona"  # not in Punjabi
UNTRANSLATED_LANGUAGE = "pa"

ROLES = {
    "Administrator": ["Administrators"],
    "Redazione": ["Redazione"],
    "Association editor": None,  # the own association's group, see `world`
    "Translator (xx)": [translators_group_name(LANGUAGE)],
    "Translation reviewer (xx)": [reviewers_group_name(LANGUAGE)],
    "Mediator coordinator": ["Mediator coordinators"],
    "Anonymous": [],
}

# Page rows of the docs table: the page each is checked on (see `world`).
PAGES = {
    "Home and section pages": "home",
    "Service": "service",
    "Course": "course",
    "Event in the events section": "event",
    "Association profile, own": "own_profile",
    "Association profile, another association's": "other_profile",
    "Event under the own association's profile": "own_event",
    "Event under another association's profile": "other_event",
    "Translated page, own language": "translated_own",
    "Translated page, another language": "translated_other",
    "Italian source of a translated page": "italian_source",
    "Association profile, own, translated": "own_profile_translated",
}
TRANSLATED = {"translated_own", "translated_other", "own_profile_translated"}
# Where "add an event" adds it, for the rows that have that action.
EVENT_PARENTS = {
    "home": "events_section",
    "own_profile": "own_profile",
    "other_profile": "other_profile",
}
PAGE_ACTIONS = ["edit", "publish", "submit for review", "approve", "preview the draft"]
OTHER_ACTIONS = [
    "view the admin",
    "upload images and documents to the shared collection",
    "upload images and documents to the own association's collection",
    "upload images and documents to another association's collection",
    "open the own association's images and documents",
    "open another association's images and documents",
    "see another association's images and documents when choosing one",
    "manage users",
    "manage groups",
    "change the permissions of their own group",
    "make someone a superuser",
    "change a superuser's password",
    "submit a page outside their pages for translation, even with the global permission",
]
OUTCOMES = {"Yes", "No", "Submit"}


# The table -------------------------------------------------------------------------------------


@dataclass
class Cell:
    page: str | None  # a row of PAGES, or None in the admin table
    action: str
    role: str
    expected: str
    footnotes: list = field(default_factory=list)

    @property
    def id(self):
        parts = [self.page, self.action, self.role] if self.page else [self.action, self.role]
        return " | ".join(parts)


def table_rows(lines):
    """The cells of the Markdown table starting at lines[0], header first."""
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return [rows[0]] + rows[2:]  # without the --- line


def read_matrix(text):
    """The cells of the two tables, and the footnotes' texts by name."""
    lines = text.splitlines()
    footnotes, name = {}, None
    for line in lines:
        if match := re.match(r"\[\^([\w-]+)\]:\s*(.*)", line):
            name = match[1]
            footnotes[name] = match[2]
        elif name and line.startswith("    "):
            footnotes[name] += " " + line.strip()
        else:
            name = None
    cells = []
    for start, line in enumerate(lines):
        if line.startswith("| Page | Action |"):
            page = None
            header, *rows = table_rows(lines[start:])
            for row in rows:
                page = row[0] or page  # an empty page cell: the row above's
                cells += row_cells(page, row[1], header[2:], row[2:])
        elif line.startswith("| Action |"):
            header, *rows = table_rows(lines[start:])
            for row in rows:
                cells += row_cells(None, row[0], header[1:], row[1:])
    return cells, footnotes


def row_cells(page, action, roles, values):
    assert len(roles) == len(values), f"{page} {action}: {len(values)} cells for {len(roles)} roles"
    for role, value in zip(roles, values, strict=True):
        notes = re.findall(r"\[\^([\w-]+)\]", value)
        yield Cell(page, action, role, re.sub(r"\[\^[\w-]+\]", "", value).strip(), notes)


CELLS, FOOTNOTES = read_matrix(DOC.read_text(encoding="utf-8"))


def cell_param(cell):
    marks = [
        pytest.mark.xfail(strict=True, reason=FOOTNOTES.get(note, note))
        for note in cell.footnotes
        if note.startswith("gap-")
    ]
    return pytest.param(cell, id=cell.id, marks=marks)


def test_the_tables_cover_every_role_page_and_action():
    assert CELLS, f"no table found in {DOC}"
    expected = {
        (page, action, role)
        for page, kind in PAGES.items()
        for action in PAGE_ACTIONS + (["add an event"] if kind in EVENT_PARENTS else [])
        for role in ROLES
    } | {(None, action, role) for action in OTHER_ACTIONS for role in ROLES}
    found = [(cell.page, cell.action, cell.role) for cell in CELLS]
    assert len(found) == len(set(found)), "a cell appears twice"
    assert set(found) == expected
    assert {cell.expected for cell in CELLS} <= OUTCOMES
    assert {note for cell in CELLS for note in cell.footnotes} <= set(FOOTNOTES)


# The people, pages and files the cells are checked on -------------------------------------------


def italian(model, key):
    return model.objects.get(import_key=key, locale__language_code="it")


def translated(page, language):
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def png(name="pixel.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_file(name="notes.pdf"):
    # Documents are limited to the kinds the network publishes (WAGTAILDOCS_EXTENSIONS).
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("permissions-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    """Made once for the module (committed, removed at the end): one person per role, an event
    under each association's profile, an image and a document in each association's collection.
    Every test then runs in a transaction that is rolled back."""
    django_user_model = get_user_model()
    Admin.form_cache.clear()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media_root)):
        own = italian(AssociationPage, OWN_ASSOCIATION)
        other = italian(AssociationPage, OTHER_ASSOCIATION)
        users = {}
        for role, groups in ROLES.items():
            if role == "Anonymous":
                users[role] = None
                continue
            slug = re.sub(r"\W+", "-", role.lower()).strip("-")
            user = django_user_model.objects.create_user(
                f"perm-{slug}", f"perm-{slug}@example.org", "x"
            )
            user.groups.set(
                [own.space.group] if groups is None else Group.objects.filter(name__in=groups)
            )
            users[role] = user
        submitter = django_user_model.objects.create_superuser(
            "perm-submitter", "perm-submitter@example.org", "x"
        )
        events, files = {}, {}
        for name, profile in (("own_event", own), ("other_event", other)):
            starts = timezone.now() + datetime.timedelta(days=30)
            event = profile.add_child(
                instance=EventPage(title=f"Festa di {profile.title}", starts=starts)
            )
            event.save_revision().publish()
            events[name] = event.pk
        for name, profile in (("own", own), ("other", other)):
            collection = profile.space.collection
            files[name] = {
                "image": get_image_model()
                .objects.create(title=f"Logo {name}", file=png(), collection=collection)
                .pk,
                "document": get_document_model()
                .objects.create(title=f"Statuto {name}", file=text_file(), collection=collection)
                .pk,
            }
    yield {
        "users": users,
        "submitter": submitter,
        "events": events,
        "files": files,
        "media_root": str(media_root),
    }
    with django_db_blocker.unblock():
        for pk in events.values():
            Page.objects.filter(alias_of_id=pk).delete()
            Page.objects.filter(pk=pk).delete()
        for kinds in files.values():
            get_image_model().objects.filter(pk=kinds["image"]).delete()
            get_document_model().objects.filter(pk=kinds["document"]).delete()
        django_user_model.objects.filter(username__startswith="perm-").delete()


def page_of(world, kind):
    service = italian(ServicePage, TRANSLATED_SERVICE)
    pages = {
        "home": lambda: HomePage.objects.get(depth=2, locale__language_code="it"),
        "events_section": lambda: EventIndexPage.objects.get(locale__language_code="it"),
        "service": lambda: italian(ServicePage, SERVICE),
        "course": lambda: italian(CoursePage, COURSE),
        "event": lambda: italian(EventPage, EVENT),
        "own_profile": lambda: italian(AssociationPage, OWN_ASSOCIATION),
        "other_profile": lambda: italian(AssociationPage, OTHER_ASSOCIATION),
        "own_event": lambda: EventPage.objects.get(pk=world["events"]["own_event"]),
        "other_event": lambda: EventPage.objects.get(pk=world["events"]["other_event"]),
        "translated_own": lambda: translated(service, LANGUAGE),
        "translated_other": lambda: translated(service, OTHER_LANGUAGE),
        "italian_source": lambda: service,
        "own_profile_translated": lambda: translated(
            italian(AssociationPage, OWN_ASSOCIATION), LANGUAGE
        ),
    }
    return pages[kind]()


def stream_form_data(block, value, prefix, data):
    """Add a block's value to `data` as the admin's JavaScript would post it."""
    if isinstance(block, blocks.BaseStreamBlock):
        children = list(value)
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child in block.child_blocks.items():
            stream_form_data(child, value.get(name), f"{prefix}-{name}", data)
        return
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
        return
    else:
        formatted = block.field.widget.format_value(block.value_for_form(value))
        data[prefix] = "" if formatted is None else formatted
        return
    data[f"{prefix}-count"] = str(len(children))
    for index, child in enumerate(children):
        item = f"{prefix}-{index}"
        data[f"{item}-id"] = child.id or ""
        data[f"{item}-deleted"] = ""
        data[f"{item}-order"] = str(index)
        if isinstance(block, blocks.BaseStreamBlock):
            data[f"{item}-type"] = child.block_type
            stream_form_data(child.block, child.value, f"{item}-value", data)
        else:
            stream_form_data(block.child_block, child.value, f"{item}-value", data)


# Talking to the admin --------------------------------------------------------------------------


def denied(response):
    """Refused: 403, or back to the dashboard (Wagtail's PermissionDenied), or to the login page
    (not logged in, or no admin access)."""
    location = response.get("Location", "")
    return response.status_code == 403 or (
        response.status_code == 302
        and (location == "/admin/" or location.startswith(reverse("wagtailadmin_login")))
    )


def outcome(allowed, refused, what):
    """Yes or No; anything else (an error page, a form that did not validate) fails the test."""
    assert allowed or refused, f"{what}: neither done nor refused"
    return "Yes" if allowed else "No"


class Admin:
    """A browser on the admin, logged in as someone (or no one)."""

    # Edit-form data, by (user, page): the page's state is the same in every test.
    form_cache = {}

    def __init__(self, client, user, capture_on_commit=None):
        self.client, self.user, self.capture = client, user, capture_on_commit
        if user is not None:
            client.force_login(user)

    @property
    def user_id(self):
        return self.user.pk if self.user else None

    def request(self, method, url, *args, **kwargs):
        if self.capture is None:
            return getattr(self.client, method)(url, *args, **kwargs)
        with self.capture(execute=True):  # what the admin does after commit, done now
            return getattr(self.client, method)(url, *args, **kwargs)

    def get(self, url, *args, **kwargs):
        return self.request("get", url, *args, **kwargs)

    def post(self, url, *args, **kwargs):
        return self.request("post", url, *args, **kwargs)

    def edit_form(self, page, use_cache=True):
        """The page's edit form as this person gets it, or None if they may not open it.

        StreamFields are drawn by JavaScript: their fields are made from the page's content."""
        key = (self.user_id, page.pk)
        if use_cache and key in self.form_cache:
            cached = self.form_cache[key]
            return None if cached is None else cached.copy()
        response = self.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        if denied(response):
            self.form_cache[key] = None
            return None
        assert response.status_code == 200, response
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        for model_field in page._meta.get_fields():
            if isinstance(model_field, StreamField):
                stream_form_data(
                    model_field.stream_block,
                    getattr(page, model_field.name),
                    model_field.name,
                    data,
                )
        self.form_cache[key] = data
        return data.copy()


def privileged_form(world, page):
    """The edit form as staff see it: what someone refused tries to post all the same."""
    for (_user, pk), data in Admin.form_cache.items():
        if pk == page.pk and data is not None:
            return data.copy()
    return Admin(Client(), world["submitter"]).edit_form(page)


def form_errors(response):
    context = response.context or {}
    form = context.get("form")
    return form.errors if form is not None else response


# Page actions ----------------------------------------------------------------------------------


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def italian_post(admin, world, page, title, action=None):
    data = admin.edit_form(page) or privileged_form(world, page)
    data["title"] = title
    if action:
        data[f"action-{action}"] = action
    return admin.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def saved_by(page, user, title):
    revision = fresh(page).get_latest_revision()
    return user is not None and revision.user_id == user.pk and revision.content["title"] == title


def check_edit(admin, world, page, kind):
    if kind in TRANSLATED:
        return check_translation_edit(admin, page)
    opened = admin.edit_form(page, use_cache=False) is not None
    title = f"{page.title} (bozza)"
    response = italian_post(admin, world, page, title)
    saved = saved_by(page, admin.user, title)
    assert saved or denied(response), form_errors(response)
    assert opened == saved, f"edit view opened: {opened}, draft saved: {saved}"
    return outcome(saved, not saved, "edit")


def check_publish(admin, world, page, kind):
    if kind in TRANSLATED:
        return check_translation_publish(admin, world, page, kind)
    title = f"{page.title} (pubblicato)"
    response = italian_post(admin, world, page, title, "publish")
    now = fresh(page)
    if now.live and now.title == title and now.live_revision.user_id == admin.user_id:
        return "Yes"
    assert denied(response) or response.status_code == 302, form_errors(response)
    # Not published: a draft (if they may edit). Does submitting it for review work instead?
    return "Submit" if check_submit(admin, world, page, kind) == "Yes" else "No"


def check_submit(admin, world, page, kind):
    if kind in TRANSLATED:
        response = admin.post(reverse("translation_submit_for_review", args=[page.pk]))
    else:
        response = italian_post(admin, world, page, f"{page.title} (da rivedere)", "submit")
    state = fresh(page).current_workflow_state
    submitted = state is not None and admin.user and state.requested_by_id == admin.user.pk
    assert submitted or denied(response), form_errors(response)
    return outcome(submitted, not submitted, "submit for review")


def check_approve(admin, world, page, kind):
    # Someone else submitted the page: it waits in its workflow's (only) task.
    page.get_workflow().start(page, world["submitter"])
    task_state = fresh(page).current_workflow_task_state
    response = admin.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    task_state.refresh_from_db()
    approved = task_state.status == TaskState.STATUS_APPROVED
    assert approved or (denied(response) and task_state.status == TaskState.STATUS_IN_PROGRESS)
    if approved:  # and published what was submitted
        assert fresh(page).live_revision_id == task_state.revision_id
    return outcome(approved, not approved, "approve")


def check_preview(admin, world, page, kind):
    response = admin.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    return outcome(response.status_code == 200, denied(response), "preview the draft")


def check_add_event(admin, world, page, kind):
    parent = page_of(world, EVENT_PARENTS[kind])
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])
    response = admin.get(url)
    opened = response.status_code == 200
    assert opened or denied(response), response
    title = "Merenda interculturale al parco"
    starts = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": title,
        "slug": "merenda-interculturale",
        "summary": "Un pomeriggio insieme.",
        "starts": starts.strftime("%Y-%m-%d %H:%M"),
        "body-count": "0",
    }
    if opened:
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form") | data
    response = admin.post(url, data)
    created = EventPage.objects.child_of(parent).filter(title=title).exists()
    assert created or denied(response), form_errors(response)
    assert opened == created
    return outcome(created, not created, "add an event")


# Translated pages: wagtail-localize's editor


def translation_of(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    )


def check_translation_edit(admin, page):
    response = admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    opened = response.status_code == 200
    assert opened or denied(response), response
    translation = translation_of(page)
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    text = "Nuovo titolo tradotto"
    response = admin.request(
        "put",
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        data=f"value={text}",
        content_type="application/x-www-form-urlencoded",
    )
    saved = StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale_id=page.locale_id, data=text
    ).exists()
    assert saved or response.status_code == 403 or denied(response), response
    assert opened == saved, f"translation editor opened: {opened}, string saved: {saved}"
    return outcome(saved, not saved, "edit the translation")


def check_translation_publish(admin, world, page, kind):
    before = fresh(page).live_revision_id
    response = admin.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})
    now = fresh(page)
    if now.live_revision_id != before and now.live_revision.user_id == admin.user_id:
        return "Yes"
    assert denied(response), response
    return "Submit" if check_submit(admin, world, page, kind) == "Yes" else "No"


PAGE_CHECKS = {
    "edit": check_edit,
    "publish": check_publish,
    "submit for review": check_submit,
    "approve": check_approve,
    "preview the draft": check_preview,
    "add an event": check_add_event,
}


# Admin, files and users ------------------------------------------------------------------------


def check_view_admin(admin, world):
    response = admin.get(reverse("wagtailadmin_home"))
    return outcome(response.status_code == 200, denied(response), "view the admin")


def collection_of(world, which):
    if which == "shared":
        return Collection.get_first_root_node()
    key = OWN_ASSOCIATION if which == "own" else OTHER_ASSOCIATION
    return italian(AssociationPage, key).space.collection


def check_upload(which):
    def check(admin, world):
        collection = collection_of(world, which)
        results = []
        for url, model, upload in (
            (reverse("wagtailimages:add"), get_image_model(), png),
            (reverse("wagtaildocs:add"), get_document_model(), text_file),
        ):
            title = f"Caricato da {admin.user_id}"
            response = admin.post(
                url, {"title": title, "file": upload(), "collection": collection.pk}
            )
            done = model.objects.filter(title=title, collection=collection).exists()
            # Refused, or put somewhere else (the only collection the form offers them).
            refused = denied(response) or (response.status_code == 302 and not done)
            assert done or refused, form_errors(response)
            results.append(outcome(done, not done, f"upload to {url}"))
        assert results[0] == results[1], f"images: {results[0]}, documents: {results[1]}"
        return results[0]

    return check


def check_open_files(which):
    def check(admin, world):
        files = world["files"][which]
        results = []
        for url in (
            reverse("wagtailimages:edit", args=[files["image"]]),
            reverse("wagtaildocs:edit", args=[files["document"]]),
        ):
            response = admin.get(url)
            results.append(outcome(response.status_code == 200, denied(response), url))
        assert results[0] == results[1], f"image: {results[0]}, document: {results[1]}"
        return results[0]

    return check


def check_choose_other_files(admin, world):
    files = world["files"]["other"]
    titles = {
        "image": get_image_model().objects.get(pk=files["image"]).title,
        "document": get_document_model().objects.get(pk=files["document"]).title,
    }
    results = []
    for kind, url in (
        ("image", reverse("wagtailimages_chooser:choose")),
        ("document", reverse("wagtaildocs_chooser:choose")),
    ):
        response = admin.get(url)
        assert response.status_code == 200 or denied(response), response
        seen = response.status_code == 200 and titles[kind] in response.content.decode()
        results.append("Yes" if seen else "No")
    assert results[0] == results[1], f"image: {results[0]}, document: {results[1]}"
    return results[0]


def check_index(url_name):
    def check(admin, world):
        response = admin.get(reverse(url_name))
        return outcome(response.status_code == 200, denied(response), url_name)

    return check


def own_group(admin):
    if admin.user is None:
        return Group.objects.get(name="Redazione")
    return admin.user.groups.get()


def check_change_own_group(admin, world):
    group = own_group(admin)
    extra = Permission.objects.get(content_type__app_label="wagtailcore", codename="delete_site")
    assert not group.permissions.filter(pk=extra.pk).exists()
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    response = admin.get(url)
    opened = response.status_code == 200
    assert opened or denied(response), response
    if opened:
        data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    else:
        data = querydict_from_html("<form></form>")
        data["name"] = group.name
        data.setlist(
            "permissions", [str(pk) for pk in group.permissions.values_list("pk", flat=True)]
        )
    data.appendlist("permissions", str(extra.pk))
    response = admin.post(url, data)
    changed = group.permissions.filter(pk=extra.pk).exists()
    assert changed or denied(response), form_errors(response)
    return outcome(changed, not changed, "change their group")


def check_make_superuser(admin, world):
    url = reverse("wagtailusers_users:add")
    response = admin.get(url)
    opened = response.status_code == 200
    assert opened or denied(response), response
    data = {}
    if opened:
        data = querydict_from_html(response.content.decode(), form_id="w-editor-form").dict()
    data.update(
        username="perm-new-superuser",
        email="perm-new-superuser@example.org",
        first_name="Nuovo",
        last_name="Utente",
        password1="un-segreto-lungo-42",
        password2="un-segreto-lungo-42",
        is_superuser="on",
        is_active="on",
    )
    response = admin.post(url, data)
    created = type(world["submitter"]).objects.filter(username="perm-new-superuser").first()
    assert created or denied(response), form_errors(response)
    made = created is not None and created.is_superuser
    return outcome(made, not made, "make a superuser")


def check_change_superuser_password(admin, world):
    superuser = get_user_model().objects.get(pk=world["submitter"].pk)
    url = reverse("wagtailusers_users:edit", args=[superuser.pk])
    response = admin.get(url)
    opened = response.status_code == 200
    assert opened or denied(response), response
    if opened:
        data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    else:
        data = querydict_from_html("<form></form>")
        data.update({"username": superuser.username, "email": superuser.email})
    password = "preso-in-prestito-42"
    data["password1"] = data["password2"] = password
    response = admin.post(url, data)
    superuser.refresh_from_db()
    changed = superuser.check_password(password)
    assert changed or denied(response), form_errors(response)
    return outcome(changed, not changed, "change a superuser's password")


def check_submit_for_translation(admin, world):
    event = italian(EventPage, UNTRANSLATED_EVENT)
    locale = Locale.objects.get(language_code=UNTRANSLATED_LANGUAGE)
    if admin.user is not None:  # given wagtail-localize's global permission on purpose
        admin.user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtail_localize", codename="submit_translation"
            )
        )
    url = f"/admin/localize/submit/page/{event.pk}/"
    response = admin.get(url)
    opened = response.status_code == 200
    assert opened or denied(response), response
    response = admin.post(url, {"locales": [locale.pk]})
    translated_now = Translation.objects.filter(
        source__object_id=event.translation_key, target_locale=locale
    ).exists()
    assert translated_now or denied(response), form_errors(response)
    assert opened == translated_now
    return outcome(translated_now, not translated_now, "submit for translation")


OTHER_CHECKS = {
    "view the admin": check_view_admin,
    "upload images and documents to the shared collection": check_upload("shared"),
    "upload images and documents to the own association's collection": check_upload("own"),
    "upload images and documents to another association's collection": check_upload("other"),
    "open the own association's images and documents": check_open_files("own"),
    "open another association's images and documents": check_open_files("other"),
    "see another association's images and documents when choosing one": check_choose_other_files,
    "manage users": check_index("wagtailusers_users:index"),
    "manage groups": check_index("wagtailusers_groups:index"),
    "change the permissions of their own group": check_change_own_group,
    "make someone a superuser": check_make_superuser,
    "change a superuser's password": check_change_superuser_password,
    "submit a page outside their pages for translation, even with the global permission": (
        check_submit_for_translation
    ),
}


# Every cell ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [cell_param(cell) for cell in CELLS])
def test_cell(cell, world, client, django_capture_on_commit_callbacks):
    assert cell.role in ROLES, f"unknown role {cell.role!r}"
    admin = Admin(client, world["users"][cell.role], django_capture_on_commit_callbacks)
    if cell.page is None:
        assert cell.action in OTHER_CHECKS, f"unknown action {cell.action!r}"
        with override_settings(MEDIA_ROOT=world["media_root"]):  # uploads, thumbnails
            result = OTHER_CHECKS[cell.action](admin, world)
    else:
        assert cell.page in PAGES and cell.action in PAGE_CHECKS, f"unknown row {cell.id!r}"
        kind = PAGES[cell.page]
        result = PAGE_CHECKS[cell.action](admin, world, page_of(world, kind), kind)
    assert result == cell.expected, f"{cell.id}: the table says {cell.expected}, the admin {result}"
