"""Bahasa Indonesia by default on pages; English when chosen; the API follows Accept-Language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert "Masuk ke Kinerja" in response.content.decode()


def test_the_switch_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in response.content.decode()


def test_api_messages_follow_accept_language(client):
    indonesian = client.get("/api/v1/me")
    english = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian.status_code == english.status_code == 401
    assert indonesian.json()["message"] != english.json()["message"]
