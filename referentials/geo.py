"""Geography helpers: reading WKB geometries and measuring distances between communes."""

import math
import struct

EARTH_RADIUS_KM = 6371.0088
_WKB_SRID_FLAG = 0x20000000
_WKB_TYPE_MASK = 0x0FFFFFFF
_POINT, _POLYGON, _MULTIPOLYGON = 1, 3, 6


class GeometryError(ValueError):
    pass


def haversine_km(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float) -> float:
    """Great-circle distance in kilometres."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    half_dphi = (phi_b - phi_a) / 2
    half_dlambda = math.radians(longitude_b - longitude_a) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


class _WkbReader:
    """Reads (E)WKB as written by PostGIS, in hex; each geometry may carry its own byte order."""

    def __init__(self, hex_text: str) -> None:
        try:
            self.data = bytes.fromhex(hex_text)
        except ValueError as error:
            raise GeometryError("not hexadecimal WKB") from error
        self.offset = 0

    def _unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.offset + size > len(self.data):
            raise GeometryError("truncated WKB")
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return values

    def header(self) -> tuple[str, int]:
        (order,) = self._unpack("B")
        if order not in (0, 1):
            raise GeometryError("bad WKB byte order")
        endian = "<" if order == 1 else ">"
        (raw_type,) = self._unpack(endian + "I")
        if raw_type & _WKB_SRID_FLAG:
            self._unpack(endian + "I")
        return endian, raw_type & _WKB_TYPE_MASK

    def ring(self, endian: str) -> list[tuple[float, float]]:
        (count,) = self._unpack(endian + "I")
        return [self._unpack(endian + "dd") for _ in range(count)]

    def polygon_rings(self, endian: str) -> list[list[tuple[float, float]]]:
        (count,) = self._unpack(endian + "I")
        return [self.ring(endian) for _ in range(count)]


def wkb_point(hex_text: str) -> tuple[float, float]:
    """The (longitude, latitude) of a WKB point."""
    reader = _WkbReader(hex_text)
    endian, kind = reader.header()
    if kind != _POINT:
        raise GeometryError(f"expected a point, found WKB type {kind}")
    longitude, latitude = reader._unpack(endian + "dd")
    return longitude, latitude


def wkb_centre(hex_text: str) -> tuple[float, float]:
    """The (longitude, latitude) area-weighted centroid of a WKB polygon or multipolygon's outer rings."""
    reader = _WkbReader(hex_text)
    endian, kind = reader.header()
    if kind == _POLYGON:
        outer_rings = [reader.polygon_rings(endian)[0]]
    elif kind == _MULTIPOLYGON:
        (count,) = reader._unpack(endian + "I")
        outer_rings = []
        for _ in range(count):
            part_endian, part_kind = reader.header()
            if part_kind != _POLYGON:
                raise GeometryError(f"expected a polygon inside a multipolygon, found WKB type {part_kind}")
            outer_rings.append(reader.polygon_rings(part_endian)[0])
    else:
        raise GeometryError(f"expected a polygon, found WKB type {kind}")
    return _centroid(outer_rings)


def _centroid(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    total_area = sum_x = sum_y = 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            total_area += cross
            sum_x += (x0 + x1) * cross
            sum_y += (y0 + y1) * cross
    if abs(total_area) < 1e-15:
        points = [point for ring in rings for point in ring]
        if not points:
            raise GeometryError("empty geometry")
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return sum_x / (3 * total_area), sum_y / (3 * total_area)
