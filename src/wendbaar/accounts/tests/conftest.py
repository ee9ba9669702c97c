import pytest

from .factories import make_area


@pytest.fixture
def geo(db):
    """Two gemeenten: Utrecht with wijken Overvecht and Binnenstad (each with a buurt),
    and Den Haag with one wijk and buurt."""
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    binnenstad = make_area("WK034406", "Binnenstad", utrecht)
    den_haag = make_area("GM0518", "'s-Gravenhage")
    escamp = make_area("WK051808", "Escamp", den_haag)
    return {
        "utrecht": utrecht,
        "overvecht": overvecht,
        "overvecht_buurt": make_area("BU03440343", "Poldergebied Overvecht", overvecht),
        "binnenstad": binnenstad,
        "binnenstad_buurt": make_area("BU03440600", "Binnenstad-buurt", binnenstad),
        "den_haag": den_haag,
        "escamp": escamp,
        "escamp_buurt": make_area("BU05180800", "Escamp-buurt", escamp),
    }
