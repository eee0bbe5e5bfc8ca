"""The OpenAPI schema and the docs page are served and list the foundation's endpoints."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/me": {"get"},
    "/api/v1/agencies": {"get", "post"},
    "/api/v1/agencies/{code}": {"get", "patch"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/units/{unit_id}": {"get", "patch"},
    "/api/v1/positions": {"get", "post"},
    "/api/v1/positions/{position_id}": {"get", "patch"},
    "/api/v1/employees": {"get", "post"},
    "/api/v1/employees/{nip}": {"get", "patch"},
    "/api/v1/employees/{nip}/assignments": {"get"},
    "/api/v1/employees/{nip}/transfer": {"post"},
    "/api/v1/employees/{nip}/appraiser": {"get"},
    "/api/v1/employees/{nip}/audit": {"get"},
}


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_openapi_lists_the_endpoints(schema):
    paths = schema["paths"]

    assert {path: set(paths.get(path, {})) for path in ENDPOINTS} == ENDPOINTS


def test_openapi_documents_bearer_auth_except_token_issue(schema):
    paths = schema["paths"]

    assert "security" not in paths["/api/v1/auth/token"]["post"]
    assert paths["/api/v1/employees"]["get"]["security"] == [{"BearerToken": []}]


def test_openapi_lists_enumerations_as_codes_GEN_1(schema):
    components = schema["components"]["schemas"]

    assert components["AgencyLevel"]["enum"] == ["CENTRAL", "PROVINCE", "REGENCY", "CITY"]
    assert "kind" not in components["AgencyIn"]["properties"]  # derived, read-only (ORG-1)
    assert components["EmployeeIn"]["properties"]["employee_type"]["enum"] == ["PNS", "PPPK"]


def test_docs_page_answers(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content  # served by us, no CDN
