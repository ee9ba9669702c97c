from wendbaar.coalition.analysis import missing_party_groups


def test_missing_party_groups():
    assert missing_party_groups([]) == ["municipality", "civil_society", "residents"]
    assert missing_party_groups(["municipality", "civil_society", "entrepreneur"]) == ["residents"]
    assert missing_party_groups(["municipality", "civil_society", "residents_initiative"]) == []
    # entrepreneurs stand for none of the three kinds
    assert missing_party_groups(["entrepreneur"]) == ["municipality", "civil_society", "residents"]
