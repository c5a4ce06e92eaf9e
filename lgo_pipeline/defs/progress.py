"""Progress messages: to the run's log (the UI) and to the `lgo_pipeline.progress` Python logger, which
`lgo-pipeline run` prints compactly on the terminal unless --quiet."""

import logging
import time

import dagster as dg

PROGRESS_LOGGER = logging.getLogger("lgo_pipeline.progress")


def progress(context: dg.AssetExecutionContext, message: str) -> None:
    context.log.info(message)
    PROGRESS_LOGGER.info(message)


def per_second(done: int, started: float) -> float:
    """Items per second since `started` (a time.perf_counter() reading)."""
    return done / max(time.perf_counter() - started, 1e-9)
