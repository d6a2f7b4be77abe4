from django.urls import path

from fazhi.network import public

app_name = "nearby"
urlpatterns = [
    path("", public.nearby_point, name="point"),
    path("<str:token>/", public.nearby_signpost, name="signpost"),
]
