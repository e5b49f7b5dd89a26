from django.urls import path

from helhet.orgmeetings import views

app_name = "orgmeetings"
urlpatterns = [
    path("", views.series_list, name="series_list"),
    path("ny/", views.series_new, name="series_new"),
    path("<int:series_id>/", views.series_detail, name="series"),
    path("<int:series_id>/avslutt/", views.series_end, name="series_end"),
    path("mote/<int:occurrence_id>/", views.occurrence, name="occurrence"),
    path("oppfolging/<int:action_id>/utfort/", views.action_done, name="action_done"),
    path("rom/", views.rooms, name="rooms"),
    path("rom/nytt/", views.room_new, name="room_new"),
    path("rom/book/", views.booking_new, name="booking_new"),
    path("rom/booking/<int:booking_id>/avbestill/", views.booking_cancel, name="booking_cancel"),
    path("ledelse/", views.rotations, name="rotations"),
    path("ledelse/<int:unit_id>/", views.rotation_save, name="rotation_save"),
    path("ledelse/<int:unit_id>/stopp/", views.rotation_stop, name="rotation_stop"),
]
