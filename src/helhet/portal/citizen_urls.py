from django.urls import path

from helhet.access import idporten
from helhet.portal import (
    citizen_access_log,
    citizen_apply,
    citizen_care,
    citizen_consent,
    citizen_documents,
    citizen_messages,
    citizen_written_form,
)
from helhet.portal import citizen_case_views as case_views
from helhet.portal import citizen_views as views

app_name = "citizen"
urlpatterns = [
    path("", views.home, name="home"),
    path("logg-inn/", views.login_page, name="login"),
    path("logg-ut/", views.logout_view, name="logout"),
    path("idporten/logg-inn/", idporten.login_start, name="idporten_login"),
    path("idporten/callback/", idporten.callback, name="idporten_callback"),
    path("<int:person_id>/", views.person, name="person"),
    path("<int:person_id>/soknad/", citizen_apply.apply_form, name="apply"),
    path("<int:person_id>/soknad/se-over/", citizen_apply.apply_review, name="apply_review"),
    path(
        "<int:person_id>/soknad/<int:application_id>/kvittering/",
        citizen_apply.apply_receipt,
        name="apply_receipt",
    ),
    path(
        "<int:person_id>/soknad/<int:application_id>/vedlegg/<int:attachment_id>/",
        citizen_apply.attachment_download,
        name="apply_attachment",
    ),
    # Innsyn (issue 13 part 3b): documents, plan, meetings, messages, the access log.
    path("<int:person_id>/dokumenter/", citizen_documents.documents, name="documents"),
    path(
        "<int:person_id>/dokumenter/soknad/<int:application_id>/",
        citizen_documents.application,
        name="document_application",
    ),
    path(
        "<int:person_id>/dokumenter/kartlegging/<int:assessment_id>/",
        citizen_documents.assessment,
        name="document_assessment",
    ),
    path("<int:person_id>/plan/", citizen_care.plan, name="plan"),
    path("<int:person_id>/moter/", citizen_care.meetings, name="meetings"),
    path("<int:person_id>/moter/<int:meeting_id>/", citizen_care.meeting, name="meeting"),
    path("<int:person_id>/meldinger/", citizen_messages.threads, name="messages"),
    path("<int:person_id>/meldinger/<int:case_id>/", citizen_messages.thread, name="message_thread"),
    path("<int:person_id>/innsyn-i-logg/", citizen_access_log.access_log, name="access_log"),
    # Mine saker: cases, letters as sent, appeal online (portal.citizen_case_views).
    path("<int:person_id>/saker/", case_views.cases, name="cases"),
    path("<int:person_id>/saker/<int:case_id>/", case_views.case, name="case"),
    path("<int:person_id>/brev/<int:letter_id>/", case_views.letter, name="letter"),
    path("<int:person_id>/vedtak/<int:decision_id>/klage/", case_views.appeal, name="appeal"),
    path(
        "<int:person_id>/vedtak/<int:decision_id>/klage/bekreft/",
        case_views.appeal_confirm,
        name="appeal_confirm",
    ),
    path(
        "<int:person_id>/klager/<int:appeal_id>/kvittering/",
        case_views.appeal_receipt,
        name="appeal_receipt",
    ),
    path("<int:person_id>/samtykker/", citizen_consent.consents, name="consents"),
    path("<int:person_id>/malform/", citizen_written_form.written_form, name="written_form"),
]
