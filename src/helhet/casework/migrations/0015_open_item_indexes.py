"""Partial indexes of the open items each list of the queue and the deadline board reads, and the decision's
evaluation date (casework.evaluations), filled here for the decisions already in the database."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0014_citizen_messages_and_exemptions"),
        ("catalogue", "0010_regime_version_nynorsk"),
        ("core", "0004_change_history_no_delete"),
        ("intake", "0005_citizen_application_and_attachments"),
        ("organisation", "0008_protect_engagement_staff_and_leadership_unit"),
        ("people", "0006_parent_limit_service_area"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_urgent",
        ),
        migrations.AddField(
            model_name="decision",
            name="evaluation_due",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        # casework.evaluations.FILL_SQL as it was when the column came (plain SQL: SQLite and PostgreSQL).
        migrations.RunSQL(
            """
            UPDATE casework_decision SET evaluation_due = CASE
                WHEN state = 'sent'
                 AND NOT EXISTS (
                     SELECT 1 FROM casework_decision AS later WHERE later.supersedes_id = casework_decision.id
                 )
                 AND case_id IN (SELECT id FROM casework_case WHERE status = 'follow_up')
                THEN review_date END
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=models.Q(("state__in", ("needs_correction", "received"))),
                fields=["received_on", "id"],
                name="appeal_to_handle",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "received",
                            "assessment",
                            "review",
                            "drafting",
                            "decided",
                            "notified",
                            "follow_up",
                            "evaluation",
                            "revised",
                            "appeal",
                            "appeal_forwarded",
                        ),
                    )
                ),
                fields=["municipality", "service_area", "received_on", "id"],
                name="case_open_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("interim_reply_sent_on__isnull", True),
                    ("status__in", ("received", "assessment", "review", "drafting")),
                ),
                fields=["municipality", "service_area", "received_on", "id"],
                name="case_awaiting_interim",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "received",
                            "assessment",
                            "review",
                            "drafting",
                            "decided",
                            "notified",
                            "follow_up",
                            "evaluation",
                            "revised",
                            "appeal",
                            "appeal_forwarded",
                        ),
                    ),
                    ("interim_reply_late", True),
                ),
                fields=["municipality", "service_area", "received_on", "id"],
                name="case_open_late_interim",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "received",
                            "assessment",
                            "review",
                            "drafting",
                            "decided",
                            "notified",
                            "follow_up",
                            "evaluation",
                            "revised",
                            "appeal",
                            "appeal_forwarded",
                        ),
                    ),
                    ("handoff_count__gte", 3),
                ),
                fields=["municipality", "service_area", "received_on", "id"],
                name="case_open_passed_around",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("received", "assessment", "review", "drafting")), ("urgent", True)
                ),
                fields=["municipality", "service_area", "received_on", "id"],
                name="case_urgent_undecided",
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                condition=models.Q(("evaluation_due__isnull", False)),
                fields=["evaluation_due", "id", "case"],
                name="decision_evaluation_due",
            ),
        ),
    ]
