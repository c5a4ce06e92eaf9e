"""The Definitions: everything under lgo_pipeline/defs/, with resources built from `Settings`.

The UI (`dagster dev`, `dg dev`) loads `defs`, configured from the environment (LGO_RAW_DIR, LGO_WAREHOUSE,
LGO_ORG_REGISTER); `lgo-pipeline run` and the tests call `build_definitions` with the settings they hold.
"""

from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.resources import resources_for
from lgo_pipeline.settings import Settings


def build_definitions(settings: Settings, lock_held_by_caller: bool = False) -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(resources=resources_for(settings, lock_held_by_caller), executor=dg.in_process_executor),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
