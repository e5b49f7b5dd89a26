from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "helhet.api"
    label = "api"
    verbose_name = "API"
