from django.urls import path

from helhet.insight.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.page, name="page"),
    path("arsrapport/", views.yearly_report, name="yearly"),
    path("csv/", views.download, {"fmt": "csv"}, name="csv"),
    path("excel/", views.download, {"fmt": "xlsx"}, name="xlsx"),
]
