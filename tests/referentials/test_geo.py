import struct

import pytest

from referentials.geo import GeometryError, haversine_km, wkb_centre, wkb_point
from referentials.models import Occupation
from tests.referentials.factories import HDF_COMMUNES, OccupationFactory
from tests.referentials.samples import wkb_point_hex, wkb_square_hex

COORDINATES = {name: (latitude, longitude) for _, name, _, _, latitude, longitude, _ in HDF_COMMUNES}
SRID_FLAG = 0x20000000


def big_endian_square_hex(longitude: float, latitude: float, half_side: float) -> str:
    """A big-endian polygon (not a multipolygon) holding one square centred on the point."""
    ring = [
        (longitude - half_side, latitude - half_side),
        (longitude + half_side, latitude - half_side),
        (longitude + half_side, latitude + half_side),
        (longitude - half_side, latitude + half_side),
        (longitude - half_side, latitude - half_side),
    ]
    body = struct.pack(">BII", 0, 3, 1) + struct.pack(">I", len(ring)) + b"".join(struct.pack(">dd", *p) for p in ring)
    return body.hex()


# Distances


def test_lille_amiens_is_about_100_km():
    assert haversine_km(*COORDINATES["Lille"], *COORDINATES["Amiens"]) == pytest.approx(100, abs=3)


def test_distance_is_symmetric():
    lille_dunkerque = haversine_km(*COORDINATES["Lille"], *COORDINATES["Dunkerque"])
    assert lille_dunkerque == pytest.approx(haversine_km(*COORDINATES["Dunkerque"], *COORDINATES["Lille"]))
    assert lille_dunkerque == pytest.approx(64, abs=3)


def test_distance_to_the_same_point_is_zero():
    assert haversine_km(*COORDINATES["Lille"], *COORDINATES["Lille"]) == 0


def test_distance_between_antipodes_is_half_the_circumference():
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015, abs=1)


# WKB


def test_wkb_point_reads_longitude_then_latitude():
    assert wkb_point(wkb_point_hex(3.07086, 50.630888)) == (3.07086, 50.630888)


def test_wkb_point_accepts_lowercase_hex():
    assert wkb_point(wkb_point_hex(2.295408, 49.893422).lower()) == (2.295408, 49.893422)


def test_wkb_point_reads_big_endian():
    assert wkb_point(struct.pack(">BIdd", 0, 1, 2.295408, 49.893422).hex()) == (2.295408, 49.893422)


def test_wkb_point_reads_ewkb_with_its_srid():
    ewkb = struct.pack("<BIIdd", 1, 1 | SRID_FLAG, 4326, 3.07086, 50.630888).hex()
    assert wkb_point(ewkb) == (3.07086, 50.630888)


def test_wkb_point_reads_big_endian_ewkb():
    ewkb = struct.pack(">BIIdd", 0, 1 | SRID_FLAG, 4326, 3.07086, 50.630888).hex()
    assert wkb_point(ewkb) == (3.07086, 50.630888)


def test_wkb_centre_of_a_multipolygon_square_is_its_centre():
    longitude, latitude = wkb_centre(wkb_square_hex(2.3, 49.9))
    assert longitude == pytest.approx(2.3, abs=1e-9)
    assert latitude == pytest.approx(49.9, abs=1e-9)


def test_wkb_centre_of_a_big_endian_polygon_is_its_centre():
    longitude, latitude = wkb_centre(big_endian_square_hex(3.07, 50.63, 0.05))
    assert longitude == pytest.approx(3.07, abs=1e-9)
    assert latitude == pytest.approx(50.63, abs=1e-9)


def test_wkb_centre_of_an_ewkb_polygon_is_its_centre():
    ring = [(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    ewkb = (
        struct.pack("<BIII", 1, 3 | SRID_FLAG, 4326, 1)
        + struct.pack("<I", len(ring))
        + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    assert wkb_centre(ewkb.hex()) == pytest.approx((2.0, 1.0))


def test_wkb_centre_weighs_the_parts_of_a_multipolygon_by_area():
    small = bytes.fromhex(wkb_square_hex(0.0, 0.0, half_side=1.0))[9:]  # the polygon inside the multipolygon
    large = bytes.fromhex(wkb_square_hex(10.0, 0.0, half_side=3.0))[9:]
    multipolygon = struct.pack("<BII", 1, 6, 2) + small + large
    longitude, latitude = wkb_centre(multipolygon.hex())
    # Areas 4 and 36: the centre lies nine-tenths of the way towards the larger square.
    assert longitude == pytest.approx(9.0)
    assert latitude == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("hex_text", "message"),
    [
        (wkb_point_hex(3.0, 50.0)[:-4], "truncated WKB"),
        ("0101", "truncated WKB"),
        ("", "truncated WKB"),
        ("zz not hex", "not hexadecimal WKB"),
        ("02" + wkb_point_hex(3.0, 50.0)[2:], "bad WKB byte order"),
        (wkb_square_hex(3.0, 50.0), "expected a point"),
    ],
    ids=["truncated", "header-only", "empty", "garbage", "bad-byte-order", "polygon"],
)
def test_wkb_point_refuses_unreadable_input(hex_text, message):
    with pytest.raises(GeometryError, match=message):
        wkb_point(hex_text)


@pytest.mark.parametrize(
    ("hex_text", "message"),
    [
        (wkb_square_hex(3.0, 50.0)[:-10], "truncated WKB"),
        ("GARBAGE", "not hexadecimal WKB"),
        (wkb_point_hex(3.0, 50.0), "expected a polygon"),
        (struct.pack("<BII", 1, 6, 1).hex() + wkb_point_hex(3.0, 50.0), "expected a polygon inside a multipolygon"),
    ],
    ids=["truncated", "garbage", "point", "point-inside-multipolygon"],
)
def test_wkb_centre_refuses_unreadable_input(hex_text, message):
    with pytest.raises(GeometryError, match=message):
        wkb_centre(hex_text)


def test_geometry_error_is_a_value_error():
    with pytest.raises(ValueError, match="not hexadecimal"):
        wkb_point("xyz")


# Related occupations


@pytest.mark.django_db
def test_related_occupations_are_those_of_the_same_family():
    teleadvisor = OccupationFactory(rome_code="D1408", label="Conseiller clientèle à distance")
    OccupationFactory(rome_code="D1401", label="Assistant commercial")
    OccupationFactory(rome_code="D1406", label="Chargé de clientèle")
    OccupationFactory(rome_code="D1505", label="Personnel de caisse")
    OccupationFactory(rome_code="M1602", label="Agent administratif")
    OccupationFactory(rome_code="N1103", label="Préparateur de commandes")

    related = Occupation.objects.related_to(teleadvisor)

    assert teleadvisor.family_code == "D14"
    assert sorted(related.values_list("rome_code", flat=True)) == ["D1401", "D1406"]


@pytest.mark.django_db
def test_occupation_alone_in_its_family_has_no_related_occupation():
    picker = OccupationFactory(rome_code="N1103", label="Préparateur de commandes")
    OccupationFactory(rome_code="D1408", label="Conseiller clientèle à distance")
    assert not Occupation.objects.related_to(picker).exists()
