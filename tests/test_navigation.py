"""Menus staff edit in every language, breadcrumbs, the section's pages and related pages."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from core.models import Topic
from home.models import ContentPage, HomePage
from navigation.models import Menu, MenuItem
from navigation.related import related_pages
from services.models import ServiceIndexPage, ServicePage

pytestmark = pytest.mark.django_db

VACCINATIONS = "service-demo-vaccinazioni-bambini"  # health, family, school
SCHOOL_MEALS = "service-demo-riduzioni-mensa-scuolabus-castelverde"  # school, family, social
PERMITS = "service-demo-sportello-permessi-piadena"  # documents, mediation, social services


def gettext_in(lang, message):
    with translation.override(lang):
        return translation.gettext(message)


def service(key, lang="it"):
    italian = ServicePage.objects.get(import_key=key, locale__language_code="it")
    return (
        italian if lang == "it" else italian.get_translation(Locale.objects.get(language_code=lang))
    )


SITE_KEYS = {HomePage: "site-home", ServiceIndexPage: "site-services", ContentPage: "site-about"}


def in_language(model, lang):
    """A page of the site structure (core.site_structure) in a language."""
    return model.objects.get(locale__language_code=lang, import_key=SITE_KEYS[model])


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def nav(html, lang, label):
    found = re.search(
        rf'<nav[^>]*aria-label="{re.escape(gettext_in(lang, label))}"[^>]*>(.*?)</nav>', html, re.S
    )
    return found.group(1) if found else None


def links(fragment):
    """(href, attributes, text) of each link."""
    return [
        (href, attrs, unescape(re.sub(r"<[^>]+>", "", text).strip()))
        for href, attrs, text in re.findall(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', fragment, re.S)
    ]


def link_attributes(page, current):
    """The current section is marked; a section not yet translated keeps its Italian title,
    marked as Italian."""
    if page.pk == current.pk:
        return ' aria-current="page"'
    return ' lang="it" dir="ltr"' if page.alias_of_id else ""


def sections(lang):
    """The home page's children that menus show (all when none is marked for menus)."""
    children = list(in_language(HomePage, lang).get_children().live())
    return [child for child in children if child.show_in_menus] or children


def test_the_demo_site_has_an_italian_main_menu_with_the_sections_and_a_footer_menu():
    main = Menu.objects.get(slug="main", locale__language_code="it")
    assert [item.link_page_id for item in main.items.all()] == [p.pk for p in sections("it")]
    footer = Menu.objects.get(slug="footer", locale__language_code="it")
    assert in_language(ContentPage, "it").pk in [item.link_page_id for item in footer.items.all()]


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_main_menu_links_the_sections_of_the_visitors_language(client, lang):
    services = in_language(ServiceIndexPage, lang)
    menu = nav(html_of(client, services), lang, "Main sections")
    assert links(menu) == [
        (page.url, link_attributes(page, services), page.title) for page in sections(lang)
    ]
    # Inside a section, its link says so.
    menu = nav(html_of(client, service(VACCINATIONS, lang)), lang, "Main sections")
    assert (services.url, ' aria-current="true"', services.title) in links(menu)


def translate_menu(menu, lang, strings):
    """Translate a menu with wagtail-localize, as the snippet's "Translate" action does."""
    source, _ = TranslationSource.get_or_create_from_instance(menu)
    locale = Locale.objects.get(language_code=lang)
    for italian, translated in strings.items():
        StringTranslation.objects.create(
            translation_of=StringSegment.objects.get(source=source, string__data=italian).string,
            locale=locale,
            context=StringSegment.objects.get(source=source, string__data=italian).context,
            data=translated,
        )
    translation_ = Translation.objects.create(source=source, target_locale=locale)
    translation_.save_target(publish=True)
    return Menu.objects.get(translation_key=menu.translation_key, locale=locale)


def test_menu_labels_are_translated_and_untranslated_menus_fall_back_to_page_titles(client):
    main = Menu.objects.get(slug="main", locale__language_code="it")
    first = main.items.first()
    first.label = "Sportelli e servizi"
    first.save()
    home_it, home_ar, home_uk = (in_language(HomePage, lang) for lang in ("it", "ar", "uk"))
    services_ar = in_language(ServiceIndexPage, "ar")

    # Italian: the label; Arabic, with no menu of its own: the Arabic title of the page.
    assert (
        links(nav(html_of(client, home_it), "it", "Main sections"))[0][2] == "Sportelli e servizi"
    )
    assert links(nav(html_of(client, home_ar), "ar", "Main sections"))[0] == (
        services_ar.url,
        "",
        services_ar.title,
    )

    arabic_menu = translate_menu(main, "ar", {"Sportelli e servizi": "المكاتب والخدمات"})
    assert arabic_menu.items.first().link_page_id == services_ar.pk  # the link follows
    assert links(nav(html_of(client, home_ar), "ar", "Main sections"))[0] == (
        services_ar.url,
        "",
        "المكاتب والخدمات",
    )
    # Ukrainian still has no menu of its own.
    services_uk = in_language(ServiceIndexPage, "uk")
    assert links(nav(html_of(client, home_uk), "uk", "Main sections"))[0][2] == services_uk.title


def test_footer_links_to_other_websites_keep_their_label_marked_as_italian(client):
    footer = Menu.objects.get(slug="footer", locale__language_code="it")
    MenuItem.objects.create(
        menu=footer,
        link_url="https://www.comune.cremona.it/",
        label="Comune di Cremona",
        sort_order=99,
    )
    about_ar = in_language(ContentPage, "ar")
    footer_links = links(nav(html_of(client, about_ar), "ar", "About the site"))
    assert (about_ar.url, ' aria-current="page"', about_ar.title) in footer_links
    assert footer_links[-1] == (
        "https://www.comune.cremona.it/",
        ' lang="it" dir="ltr"',
        "Comune di Cremona",
    )
    footer_links = links(nav(html_of(client, in_language(HomePage, "it")), "it", "About the site"))
    assert footer_links[-1] == ("https://www.comune.cremona.it/", "", "Comune di Cremona")


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_changed_menu_shows_at_once_on_cached_pages(client):
    home = in_language(HomePage, "it")
    assert "Sportelli e servizi" not in html_of(client, home)
    item = Menu.objects.get(slug="main", locale__language_code="it").items.first()
    item.label = "Sportelli e servizi"
    item.save()
    assert links(nav(html_of(client, home), "it", "Main sections"))[0][2] == "Sportelli e servizi"


def test_without_menus_the_header_lists_the_sections(client):
    Menu.objects.all().delete()
    home = in_language(HomePage, "zh-hans")
    html = html_of(client, home)
    assert [text for _, _, text in links(nav(html, "zh-hans", "Main sections"))] == [
        page.title for page in sections("zh-hans")
    ]
    assert nav(html, "zh-hans", "About the site") is None


def test_breadcrumbs_lead_from_the_home_page_to_the_current_page(client):
    page = service(VACCINATIONS, "ar")
    crumbs = nav(html_of(client, page), "ar", "Breadcrumb")
    assert crumbs.strip().startswith("<ol>")
    home, services = in_language(HomePage, "ar"), in_language(ServiceIndexPage, "ar")
    assert links(crumbs) == [
        (home.url, "", home.title),
        (services.url, "", services.title),
        (page.url, ' aria-current="page"', page.title),
    ]
    assert nav(html_of(client, home), "ar", "Breadcrumb") is None


def test_the_section_navigation_lists_the_pages_of_the_section_shown_in_menus(client):
    in_menus = [service(VACCINATIONS), service(PERMITS)]
    Page.objects.filter(pk__in=[p.pk for p in in_menus]).update(show_in_menus=True)
    services = in_language(ServiceIndexPage, "it")

    html = html_of(client, in_menus[0])
    fragment = re.search(r'<nav class="section-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert services.title in fragment
    expected = sorted(in_menus, key=lambda p: p.path)
    assert links(fragment) == [
        (p.url, ' aria-current="page"' if p.pk == in_menus[0].pk else "", p.title) for p in expected
    ]
    # The same list on a page of the section that is not in menus; none on the section itself
    # nor in another language, where these pages are not marked for menus.
    html = html_of(client, service(SCHOOL_MEALS))
    assert (
        re.search(r'<nav class="section-nav"[^>]*>(.*?)</nav>', html, re.S).group(1).count("<li>")
        == 2
    )
    assert 'class="section-nav"' not in html_of(client, services)
    assert 'class="section-nav"' not in html_of(client, service(VACCINATIONS, "ar"))


def test_related_pages_share_the_most_topics_in_the_visitors_language(client):
    page = service(VACCINATIONS, "ar")
    html = html_of(client, page)
    section = re.search(r'<section class="related-pages"[^>]*>(.*?)</section>', html, re.S)
    assert section, "no related pages"
    related = links(section.group(1))
    assert 1 <= len(related) <= 4
    assert page.url not in [href for href, _, _ in related]
    assert all(href.startswith("/ar/") for href, _, _ in related)
    # The school meals service shares two topics (family, school): it comes first.
    assert related[0][0] == service(SCHOOL_MEALS, "ar").url
    # A page without topics has none.
    assert 'class="related-pages"' not in html_of(client, in_language(ContentPage, "ar"))


def new_services(numbers, topics):
    index = in_language(ServiceIndexPage, "it")
    for number in numbers:
        page = index.add_child(
            instance=ServicePage(title=f"Servizio {number}", slug=f"servizio-prova-{number}")
        )
        page.topics.set(topics)
        page.save_revision().publish()


def test_related_pages_cost_the_same_queries_whatever_the_number_of_candidates(
    django_assert_max_num_queries,
):
    page = service(VACCINATIONS)
    topics = Topic.objects.filter(slug__in=["health", "family"], locale__language_code="it")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            found = related_pages(page, "it")
        return len(captured), found

    new_services(range(1), topics)
    few, found = queries()
    new_services(range(1, 15), topics)
    with django_assert_max_num_queries(3):
        many, found = queries()
    assert many == few
    assert len(found) == 4
    assert all(p.locale.language_code == "it" and p.pk != page.pk for p in found)


def test_the_redazione_edits_the_menus_in_the_admin(client, django_user_model):
    member = django_user_model.objects.create_user("red", "red@example.org", "x")
    member.groups.add(Group.objects.get(name="Redazione"))
    client.force_login(member)
    main = Menu.objects.get(slug="main", locale__language_code="it")
    assert client.get(reverse("wagtailsnippets_navigation_menu:list")).status_code == 200
    response = client.get(reverse("wagtailsnippets_navigation_menu:edit", args=[main.pk]))
    assert response.status_code == 200
    assert response.context["form"].formsets["items"].total_form_count() == main.items.count()
