"""/api/v1/docs: Swagger UI from our own vendored files (static/vendor/swagger-ui), after login.

The OpenAPI document itself (/api/v1/openapi.json) stays public: it is generated from the open source code
and holds no data and no secrets, and integrations that hold only an API token (and schemathesis in CI)
read it without a login session. The docs page is a tool for calling the API with the session, so it
requires login; an anonymous visitor is sent to the login page.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from ninja.openapi.docs import Swagger
from ninja.openapi.views import openapi_view


class HelhetSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": True}


def docs_after_login(view):
    """ninja's docs_decorator: the docs page requires login; the OpenAPI JSON is left as it is."""
    if getattr(view, "func", None) is not openapi_view:
        return view

    @wraps(view.func)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
