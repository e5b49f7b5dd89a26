from django.urls import path

from helhet.care.views import coordination, meetings, quality, worklist

app_name = "care"
urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("utskrift/", worklist.worklist_print, name="worklist_print"),
    path("oppgave/<str:task_id>/", worklist.record, name="record"),
    path("oppgave/<str:task_id>/angre/", worklist.undo, name="undo"),
    path("tildel/", worklist.assign, name="assign"),
    path("ekstra/<int:plan_id>/", worklist.extra, name="extra"),
    path("plan/<int:person_id>/", worklist.plan, name="plan"),
    path("plan/<int:person_id>/avtale/", worklist.appointment, name="appointment"),
    path("levert/", worklist.delivery, name="delivery"),
    path("beskjeder/", worklist.messages_page, name="messages"),
    path("beskjeder/<int:message_id>/lest/", worklist.message_read, name="message_read"),
    path("prosedyrer/", quality.procedures, name="procedures"),
    path("prosedyrer/<int:procedure_id>/", quality.procedure, name="procedure"),
    path("avvik/", quality.deviations, name="deviations"),
    path("avvik/ny/", quality.deviation_new, name="deviation_new"),
    path("avvik/<int:deviation_id>/", quality.deviation, name="deviation"),
    path("kalender/", meetings.calendar, name="calendar"),
    path("moter/", meetings.meetings, name="meetings"),
    path("moter/nytt/", meetings.meeting_new, name="meeting_new"),
    path("moter/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("oppfolging/<int:action_id>/utfort/", meetings.action_done, name="action_done"),
    path("fellessamtaledag/", meetings.joint_day, name="joint_day"),
    path("koordinering/", coordination.coordination, name="coordination"),
    path("koordinering/ny/", coordination.appoint, name="appoint"),
    path("koordinering/<int:plan_id>/", coordination.individual_plan, name="individual_plan"),
]
