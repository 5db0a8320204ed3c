from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Production operations: health check, page cache, security headers, backups."""

    name = "ops"

    def ready(self):
        from . import cache, wagtail_2fa_devices

        cache.connect_signals()
        wagtail_2fa_devices.apply()
