from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "helhet.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from django.db.models.signals import post_delete

        from helhet.care.models import TaskRecord

        post_delete.connect(_forget_recorded_answer, sender=TaskRecord, dispatch_uid="api-forget-task-record")
        # «Mine API-nøkler» is reached from «Min profil», not the top menu: few users call the API.


def _forget_recorded_answer(sender, instance, **kwargs) -> None:
    """An undone check-off (page or API): a replayed «record» call must not answer that the task is done."""
    from helhet.api.idempotency import forget_answers_to

    task_id = f"{instance.measure_id}-{instance.day:%Y%m%d}-{instance.time:%H%M}"
    forget_answers_to(f"/api/v1/tasks/{task_id}/record")
