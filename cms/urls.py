from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from associations import views as association_views
from ops import views as ops_views
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("healthz", ops_views.healthz, name="healthz"),
    path("api/search/", search_views.search_api, name="search_api"),
    path("api/search/autocomplete/", search_views.autocomplete_api, name="search_autocomplete"),
    # An association's new editor chooses a password (link e-mailed, valid 3 days).
    path(
        "invitation/<uidb64>/<token>/",
        association_views.invitation,
        name="association_invitation",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language prefix: /it/, /ar/, /zh-hans/ …
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("associations/register/", association_views.register, name="association_register"),
    path("map/", include("maps.urls")),
    path("poster/", include("materials.urls")),
    # Files that pages serve from their routes (events' feed.ics, feed.rss, event.ics, a
    # course's sessions.ics): Wagtail's own pattern only takes paths ending in a slash.
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:ics|rss|atom))$", wagtail_views.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
