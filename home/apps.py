from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        from core.signals import site_structure_ready

        from .structure import compose_home_page

        site_structure_ready.connect(compose_home_page, dispatch_uid="home_compose")
