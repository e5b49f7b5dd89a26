from helhet.api import care, casework, catalogue, coordination, docs, errors, inbox, organisation, people
from helhet.api.auth import AUTH

api = errors.HelhetAPI(
    title="Helhet API",
    version="1",
    description="Helhets JSON-API. Autentiser med `Authorization: Bearer <nøkkel>` (lag en med "
    "`helhet token create BRUKERNAVN` eller på siden «Mine API-nøkler») eller med innlogget økt. Alle oppslag på personer loggføres.",
    auth=AUTH,
    urls_namespace="api",
    docs=docs.HelhetSwagger(),
    docs_decorator=docs.docs_after_login,
)
errors.install(api)
api.add_router("/", people.router)
api.add_router("/", organisation.router)
api.add_router("/", catalogue.router)
api.add_router("/", casework.router)
api.add_router("/", care.router)
api.add_router("/", coordination.router)
api.add_router("/", inbox.router)
