from django.dispatch import Signal

# Sent by core.site_structure.ensure_site_structure once every language has its home page and
# sections; `homes` maps language codes to home pages. Apps that set up per-language things
# (roles, workflows) listen to it.
site_structure_ready = Signal()
