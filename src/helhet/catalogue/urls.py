from django.urls import path

from helhet.catalogue import search_views, views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("omsorgstrappen/", views.ladder, name="ladder"),
    path("omsorgstrappen/<int:level_id>/flytt/", views.ladder_move, name="ladder_move"),
    path("tjenester/<int:service_id>/terskelverdier/", views.thresholds, name="thresholds"),
    path("prov-tersklene/", views.try_thresholds, name="try"),
    path("rettsregimer/", views.legal_regimes, name="legal_regimes"),
    path("sokeord/", search_views.search_terms, name="search_terms"),
    path("sokeord/<int:term_id>/fjern/", search_views.search_term_delete, name="search_term_delete"),
    path("kontorer/", search_views.offices, name="offices"),
    path("rettsregimer/<int:regime_id>/", views.legal_regime, name="legal_regime"),
]
