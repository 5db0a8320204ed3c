"""The materials library: the network's leaflets and posters in many languages, filterable by
language; service pages say in which languages their information is also on paper."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale
from wagtail.users.models import UserProfile

from core.models import Municipality, Topic
from materials.models import Language, Material, MaterialLibraryPage, MaterialPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

# A tiny valid PDF: one empty A4 page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
VACCINATIONS = "service-demo-vaccinazioni-bambini"


def service(code, key=VACCINATIONS):
    return ServicePage.objects.get(import_key=key, locale__language_code=code)


def make_material(title, kind, languages, *, topic=None, municipality=None, page=None):
    document = get_document_model().objects.create(
        title=title, file=ContentFile(PDF, name=f"{title.lower().replace(' ', '-')}.pdf")
    )
    material = Material(title=title, kind=kind, document=document)
    material.languages = Language.objects.filter(code__in=languages)
    if topic:
        material.topics = Topic.objects.filter(slug=topic, locale__language_code="it")
    if municipality:
        material.municipalities = Municipality.objects.filter(
            slug=municipality, locale__language_code="it"
        )
    if page:
        material.page_links = [MaterialPage(page=page)]
    material.save()
    return material


@pytest.fixture
def materials(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return {
        "vaccines": make_material(
            "Vaccini per bambini",
            Material.Kind.LEAFLET,
            ["ar", "ur", "zh-Hans"],
            topic="health",
            municipality="cremona",
            page=service("it"),
        ),
        "canteen": make_material(
            "Mensa scolastica",
            Material.Kind.POSTER,
            ["en", "fr"],
            topic="school",
            # Linked to the French version: every language version shows it all the same.
            page=service("fr", "service-demo-riduzioni-mensa-scuolabus-castelverde"),
        ),
    }


def library_url(code):
    return MaterialLibraryPage.objects.get(locale__language_code=code).url


def test_the_library_is_a_section_of_the_site_in_every_language(client):
    for locale in Locale.objects.all():
        library = MaterialLibraryPage.objects.get(locale=locale)
        assert library.live
        assert not library.alias_of_id, locale.language_code
    arabic = MaterialLibraryPage.objects.get(locale__language_code="ar")
    assert arabic.title == "المطويات والملصقات"
    response = client.get(arabic.url)
    assert response.status_code == 200
    assert "Nessun" not in response.content.decode()


def test_the_library_lists_materials_with_their_languages_named_in_themselves(client, materials):
    html = client.get(library_url("it")).content.decode()
    assert "Vaccini per bambini" in html and "Mensa scolastica" in html
    assert '<li lang="ar" dir="rtl">العربية</li>' in html
    assert '<li lang="zh-Hans" dir="ltr">简体中文</li>' in html
    assert f'href="{materials["vaccines"].document.url}"' in html
    assert "PDF, " in html  # type and size of the file


def test_the_library_filters_by_language_topic_and_municipality(client, materials):
    url = library_url("fr")
    html = client.get(url, {"language": "ar"}).content.decode()
    assert "Vaccini per bambini" in html and "Mensa scolastica" not in html
    # Each language in the filter is named in itself and marked as such.
    assert '<option value="ur" lang="ur" dir="rtl">اردو</option>' in html
    html = client.get(url, {"topic": "school"}).content.decode()
    assert "Mensa scolastica" in html and "Vaccini per bambini" not in html
    html = client.get(url, {"municipality": "cremona", "kind": "leaflet"}).content.decode()
    assert "Vaccini per bambini" in html and "Mensa scolastica" not in html


def test_a_bad_filter_value_is_explained_and_ignored(client, materials):
    response = client.get(library_url("it"), {"language": "klingon", "topic": "school"})
    assert response.status_code == 200
    assert "language" in response.context["filter_errors"]
    html = response.content.decode()
    assert "Mensa scolastica" in html and "Vaccini per bambini" not in html
    assert client.get(library_url("it"), {"page": "99"}).status_code == 200


def test_a_service_page_says_in_which_languages_it_is_also_a_leaflet(client, materials):
    html = client.get(service("fr").url).content.decode()
    assert "Ces informations existent aussi sous forme de dépliant en :" in html
    link = f'href="{materials["vaccines"].document.url}"'
    assert f'<a {link} lang="ar" hreflang="ar" dir="rtl">العربية</a>' in html
    assert f'<a {link} lang="ur" hreflang="ur" dir="rtl">اردو</a>' in html
    # In Chinese, Chinese comes first.
    html = client.get(service("zh-hans").url).content.decode()
    chinese, arabic = html.index(">简体中文</a>"), html.index(">العربية</a>")
    assert chinese < arabic
    # The material linked to the French version of another service shows in every language.
    other = client.get(service("ar", "service-demo-riduzioni-mensa-scuolabus-castelverde").url)
    assert 'lang="en" hreflang="en" dir="ltr">English</a>' in other.content.decode()


def test_a_service_without_materials_says_nothing_about_leaflets(client):
    html = client.get(service("en").url).content.decode()
    assert "also available as a leaflet" not in html


@pytest.fixture
def admin_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    user = get_user_model().objects.create_superuser("materials-admin", "m@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def test_only_pdf_odt_docx_png_and_jpg_files_can_be_uploaded(admin_client):
    url = reverse("wagtaildocs:add")
    Document = get_document_model()
    collection = Collection.get_first_root_node().pk
    for name, content in (("notes.txt", b"Orari"), ("macro.xlsm", b"PK"), ("run.exe", b"MZ")):
        response = admin_client.post(
            url,
            {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection},
        )
        assert not Document.objects.filter(title=name).exists(), name
        assert "is not allowed" in response.content.decode()
    response = admin_client.post(
        url,
        {
            "title": "Volantino",
            "file": SimpleUploadedFile("volantino.pdf", PDF),
            "collection": collection,
        },
    )
    assert Document.objects.filter(title="Volantino").exists()


def test_editors_manage_materials_in_the_admin(admin_client, materials):
    listing = admin_client.get(reverse("wagtailsnippets_materials_material:list"))
    assert listing.status_code == 200
    assert "Vaccini per bambini" in listing.content.decode()
    form = admin_client.get(reverse("wagtailsnippets_materials_material:add"))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Pages with the same information" in html
    assert "العربية" in html  # the languages, to tick
