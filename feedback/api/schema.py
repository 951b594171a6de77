"""The token scheme in the OpenAPI schema, so the docs page offers «Authorize» with a token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "feedback.api.auth.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "«Token <токен>» или «Bearer <токен>»; токен выдаёт администратор ЦУР.",
        }
