"""cur.redirects.safe_next: the one rule for «next» in every form."""

import pytest
from django.test import RequestFactory

from cur.redirects import safe_next


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "-1", "feedback:queue", "/a\x00b", "/a\nb", "javascript:alert(1)", "", None],
)
def test_it_refuses_what_is_not_a_local_path(target):
    request = RequestFactory().post("/")
    assert safe_next(request, target, default="/home/") == "/home/"


def test_it_keeps_a_local_path_with_its_query():
    request = RequestFactory().post("/")
    assert safe_next(request, "/messages/?q=мусор&page=2", default="/") == "/messages/?q=мусор&page=2"


def test_it_keeps_only_paths_within_the_given_section():
    request = RequestFactory().post("/")
    assert safe_next(request, "/admin/", default="/webhooks/deliveries/", within="/webhooks/") == "/webhooks/deliveries/"
    assert safe_next(request, "/webhooks/deliveries/?page=2", default="/", within="/webhooks/") == "/webhooks/deliveries/?page=2"
