from django.urls import path

from helhet.care import views

app_name = "care"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("oppgave/<str:task_id>/", views.record, name="record"),
    path("plan/<int:person_id>/", views.plan, name="plan"),
]
