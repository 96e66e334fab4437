"""The examples in the OpenAPI document work: sent as documented to the demo, they are stored
(issue 19: "a generated example request that actually succeeds against the demo")."""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import call_command

from stabiel.accounts.models import PartnerOrganisation
from stabiel.signals.services import api_client_create

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]


def test_every_documented_signal_example_is_accepted_by_the_demo(client):
    call_command("catalogue_load", stdout=io.StringIO())
    call_command("demo_load", stdout=io.StringIO())
    schema = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    base = urlsplit(schema["servers"][0]["url"]).path
    post = schema["paths"]["/signalen"]["post"]
    examples = post["requestBody"]["content"]["application/json"]["examples"]
    assert examples
    partner = PartnerOrganisation.objects.filter(users__username="melder").get()
    token = api_client_create(partner=partner, name="Voorbeelden uit de documentatie")[1]

    for name, example in examples.items():
        response = client.post(
            f"{base}/signalen",
            data=json.dumps(example["value"]),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        assert response.status_code == 201, (name, response.content.decode()[:300])
        assert response["API-Version"] == schema["info"]["version"]
