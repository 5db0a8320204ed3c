from django.conf import settings


def demo_site(request):
    """Demo installations say so on every page: their contacts and dates are invented."""
    return {"demo_site": settings.DEMO_SITE}
