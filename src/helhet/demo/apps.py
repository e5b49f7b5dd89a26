from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo municipality (`helhet demo`): synthetic data only, never real persons."""

    name = "helhet.demo"
    label = "demo"
    verbose_name = _("Demokommune")
