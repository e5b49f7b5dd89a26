from django.urls import path

from helhet.insight import hub, partners, views
from helhet.insight.analysis import collaboration_analysis_csv, collaboration_analysis_page
from helhet.insight.kpr_views import kpr_check, kpr_export
from helhet.insight.simulation import views as simulation_views

app_name = "insight"
urlpatterns = [
    path("", views.chart, name="chart"),
    path("utskrift.pdf", views.chart_pdf, name="chart_pdf"),
    path("eksport/", views.export_order, name="export_order"),
    path("eksport/<int:export_id>/", views.export_status, name="export"),
    path("eksport/<int:export_id>/fil", views.export_file, name="export_file"),
    path("lederspenn/", views.span, name="span"),
    path("lederspenn/grense/", views.span_limit_save, name="span_limit"),
    path("samarbeid/", views.collaboration, name="collaboration"),
    path("samarbeid/import/", views.collaboration_upload, name="collaboration_import"),
    path("samarbeid/alias/", views.alias_save, name="alias_save"),
    path("samarbeid/analyse/", collaboration_analysis_page, name="collaboration_analysis"),
    path("samarbeid/analyse/par.csv", collaboration_analysis_csv, name="collaboration_analysis_csv"),
]
urlpatterns += [path("simulering/", simulation_views.simulation, name="simulation")]

from helhet.insight import scenario_views  # noqa: E402  (scenario pages)

urlpatterns += [
    path("scenarier/", scenario_views.scenario_index, name="scenarios"),
    path("scenarier/<int:scenario_id>/", scenario_views.scenario_detail, name="scenario"),
    path("scenarier/<int:scenario_id>/endre/", scenario_views.scenario_edit, name="scenario_edit"),
    path("scenarier/<int:scenario_id>/sammenlign/", scenario_views.scenario_compare, name="scenario_compare"),
    path("scenarier/<int:scenario_id>/publiser/", scenario_views.scenario_publish, name="scenario_publish"),
]

from helhet.insight import workshop_views  # noqa: E402

urlpatterns += [
    path("verksted/", workshop_views.workshop_list, name="workshops"),
    path("verksted/<int:workshop_id>/", workshop_views.workshop, name="workshop"),
    path("verksted/<int:workshop_id>/gruppe/", workshop_views.workshop_group_add, name="workshop_group_add"),
    path("verksted/<int:workshop_id>/hensyn/", workshop_views.consideration_add, name="consideration_add"),
    path(
        "verksted/<int:workshop_id>/hensyn/<int:consideration_id>/fjern/",
        workshop_views.consideration_remove,
        name="consideration_remove",
    ),
    path("verksted/<int:workshop_id>/tema/", workshop_views.theme_create, name="workshop_theme_create"),
    path(
        "verksted/<int:workshop_id>/tematisering/",
        workshop_views.considerations_group,
        name="considerations_group",
    ),
    path("verksted/<int:workshop_id>/fase/", workshop_views.workshop_phase, name="workshop_phase"),
    path(
        "verksted/<int:workshop_id>/rangering/<int:group_id>/",
        workshop_views.group_ranking,
        name="group_ranking",
    ),
    path(
        "verksted/<int:workshop_id>/resultat/", workshop_views.workshop_results_page, name="workshop_results"
    ),
    path("verksted/<int:workshop_id>/rapport/", workshop_views.workshop_report, name="workshop_report"),
]

urlpatterns += [path("oversikt/", hub.hub, name="hub")]
urlpatterns += [
    path("samarbeid/import/<int:import_id>/", partners.pending_import, name="pending_import"),
    path("samarbeid/import/<int:import_id>/navn/", partners.pending_import_decision, name="pending_decision"),
    path("samarbeid/import/<int:import_id>/lagre/", partners.pending_import_save, name="pending_save"),
    path("samarbeid/navn/", partners.aliases, name="aliases"),
    path("samarbeid/navn/<int:alias_id>/endre/", partners.alias_change, name="alias_change"),
    path("samarbeid/navn/<int:alias_id>/slett/", partners.alias_delete, name="alias_delete"),
    path("enheter/", partners.units, name="units"),
    path("enheter/<int:unit_id>/", partners.unit_detail, name="unit"),
    path("kpr/", kpr_check, name="kpr"),
    path("kpr/eksport.jsonl", kpr_export, name="kpr_export"),
]
