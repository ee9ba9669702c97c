"""Per-gemeente settings: the default, a national row, a gemeente's own row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from wendbaar.accounts.tests.factories import make_area
from wendbaar.approaches.constants import SETTINGS
from wendbaar.approaches.models import MunicipalitySetting
from wendbaar.approaches.selectors import setting_for

pytestmark = pytest.mark.django_db


def test_default_then_national_then_own_row():
    den_haag = make_area("GM0518", "'s-Gravenhage")
    utrecht = make_area("GM0344", "Utrecht")
    assert setting_for(den_haag, "proposal_min_effects") == 3  # The Hague's 3 of 6
    MunicipalitySetting.objects.create(key="proposal_min_effects", value=4)
    assert setting_for(den_haag, "proposal_min_effects") == 4
    MunicipalitySetting.objects.create(key="proposal_min_effects", value=2, municipality=utrecht)
    assert setting_for(utrecht, "proposal_min_effects") == 2
    assert setting_for(den_haag, "proposal_min_effects") == 4  # others keep the national
    assert setting_for(None, "proposal_min_effects") == 4


def test_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        setting_for(None, "no_such_setting")


def test_a_value_must_be_like_its_default():
    assert isinstance(SETTINGS["cofunding_min_share"].default, float)
    MunicipalitySetting(key="cofunding_min_share", value=1).full_clean()  # an int is a number
    with pytest.raises(ValidationError) as err:
        MunicipalitySetting(key="cofunding_min_share", value="veel").full_clean()
    assert "value" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        MunicipalitySetting(key="nonsense", value=1).full_clean()
    assert "key" in err.value.message_dict
