from django.urls import path

from helhet.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("<int:item_id>/<str:action>/", views.inbox_action, name="action"),
]
