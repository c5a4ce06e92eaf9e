"""The Definitions: every asset, check, job, schedule and sensor under lgo_pipeline/defs/, with resources built
from `Settings`.

The UI (`dagster dev`, `dg dev`) loads `defs`, configured from the environment (LGO_RAW_DIR, LGO_WAREHOUSE,
LGO_ORG_REGISTER, LGO_SITE_URL, LGO_FETCH_CONTACT); `lgo-pipeline run` and the tests call `build_definitions`
with the settings they hold.
defs/ is loaded as a package (not with `load_from_defs_folder`, which needs the project's pyproject.toml: an
installed wheel has none).
"""

import dagster as dg

from lgo_pipeline import defs as defs_package
from lgo_pipeline.defs.automation.jobs import fetch_and_refresh, refresh_warehouse
from lgo_pipeline.defs.automation.schedules import daily_refresh, weekly_fetch
from lgo_pipeline.defs.automation.sensors import new_raw_files
from lgo_pipeline.defs.resources import resources_for
from lgo_pipeline.settings import Settings


def build_definitions(settings: Settings, lock_held_by_caller: bool = False) -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_package_module(defs_package),
        asset_checks=dg.load_asset_checks_from_package_module(defs_package),
        jobs=[refresh_warehouse, fetch_and_refresh],
        schedules=[daily_refresh, weekly_fetch],
        sensors=[new_raw_files],
        resources=resources_for(settings, lock_held_by_caller),
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
