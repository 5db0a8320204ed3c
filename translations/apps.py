from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = "Translation workflows"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
