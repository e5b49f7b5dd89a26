from django.urls import path

from helhet.casework import delivery_views, message_views, views

app_name = "casework"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("soknad/ny/", views.application_create, name="application_create"),
    path("soknad/<int:application_id>/kvittering/", views.application_receipt, name="application_receipt"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/handling/", views.case_action, name="case_action"),
    path("<int:case_id>/meldinger/", message_views.message_reply, name="message_reply"),
    path("<int:case_id>/innsyn/", message_views.document_exemption, name="document_exemption"),
    path("<int:case_id>/kartlegging/ny/", views.assessment_create, name="assessment_create"),
    path("<int:case_id>/vurdering/ny/", views.review_create, name="review_create"),
    path("<int:case_id>/vedtak/ny/", views.decision_create, name="decision_create"),
    path("<int:case_id>/forelopig-svar.pdf", views.interim_letter, name="interim_letter"),
    path("<int:case_id>/vedlegg/<int:attachment_id>/", views.case_attachment, name="attachment"),
    path("vedtak/<int:decision_id>/", views.decision_edit, name="decision"),
    path("vedtak/<int:decision_id>/sjekk/", views.decision_check, name="decision_check"),
    path("vedtak/<int:decision_id>/forhandsvisning/", views.decision_preview, name="decision_preview"),
    path("vedtak/<int:decision_id>/send/", views.decision_send, name="decision_send"),
    path("vedtak/<int:decision_id>/vedtaksbrev.pdf", views.decision_letter, name="decision_letter"),
    path("vedtak/<int:decision_id>/klage/", views.appeal_create, name="appeal_create"),
    path("klage/<int:appeal_id>/", views.appeal_action, name="appeal_action"),
    path("forsendelser/", delivery_views.undelivered, name="undelivered"),
    path("forsendelse/<int:delivery_id>/", delivery_views.delivery_action, name="delivery_action"),
]
