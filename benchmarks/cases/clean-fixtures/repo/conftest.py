import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(db):
    call_command("loaddata", "demo.json")
