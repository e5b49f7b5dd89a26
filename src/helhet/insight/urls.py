from django.urls import path

from helhet.insight import views

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
]
