from django.urls import path

from .views import poster

urlpatterns = [path("<int:page_id>/", poster, name="poster")]
