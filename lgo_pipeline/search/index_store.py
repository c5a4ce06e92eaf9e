"""The search index's files: a tantivy index the run writes beside its working copy, published as versions.

tantivy (Rust, through its Python bindings) was chosen over SQLite's FTS5 by measurement: at 100,000
decisions FTS5 scores every match to rank them, so a word every decision holds took 370 ms to rank; tantivy's
block-max WAND takes the best 20 in about 1 ms (docs/architecture.md, "The search index").

A tantivy index is a folder of immutable segment files and a `meta.json` naming them; a commit writes new
files and replaces `meta.json` by a rename. So a run writes the working index (`.work/search/`) and
publication links its files (hard links: nothing is copied) into a version folder named after the
generation the warehouse records (`.warehouse.search.<generation>/` beside it), before the rename that
publishes the warehouse. A reader reads the generation from the warehouse it opened and opens that version:
the index moves with the warehouse in one atomic step, a search never waits for a run, and a run that dies
leaves every published version whole.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import tantivy

from lgo_pipeline.publishing.working_copy import WarehouseFiles

FORMAT = "1"  # the fields below; a working index of another format is rebuilt from nothing
_FORMAT_FILE = "lgo_pipeline_search.json"
_LOCKS = re.compile(r"^\.tantivy-.*\.lock$")  # a writer's locks: not part of a published version
DAY_FIELD = "decision_day"
# Each document's fields, how they are kept, and what they hold (the data dictionary shows this table).
FIELDS = {
    "body": ("searched, stemmed; stored", "The decision's latest text (core.fct_decision.file_id in "
                                          "raw.decision_files): what a search matches, and the snippets."),
    "reference": ("whole; stored", "The case reference: one document per reference."),
    "organisation_id": ("whole; stored", "core.fct_decision.organisation_id: --organisation finds the ids whose "
                                         "name or any spelling matches in core.dim_organisation."),
    "organisation_name": ("stored", "core.fct_decision.organisation_name, shown in results."),
    "decision_date": ("stored", "The decision date, ISO."),
    "outcome": ("stored", "The canonical outcome (core.fct_decision.outcome_canonical)."),
    "category": ("stored", "\"Top > Sub\", or the top category alone."),
    "source_url": ("stored", "Where the Ombudsman published the decision."),
    "fingerprint": ("stored", "A hash of the facts above as indexed (also in pipeline.search_documents): a refresh "
                              "writes the document again when it changes."),
    "category_key": ("whole, lower-cased", "The category, for --category (any part of it)."),
    "outcome_key": ("whole, lower-cased", "The outcome, canonical and as written, for --outcome."),
    DAY_FIELD: ("number, fast", "The decision date as yyyymmdd: --since, --until and --sort date."),
}


class SearchIndexError(RuntimeError):
    """No index to search, or one that cannot be read: names the path and what to do."""


def schema() -> tantivy.Schema:
    """FIELDS as tantivy keeps them: the text stemmed, the facts whole (a raw token), the day a number."""
    builder = tantivy.SchemaBuilder()
    for name, (kept, _) in FIELDS.items():
        if name == DAY_FIELD:
            builder.add_integer_field(name, stored=False, indexed=True, fast=True)
        else:
            builder.add_text_field(name, stored="stored" in kept,
                                   tokenizer_name="en_stem" if kept.startswith("searched") else "raw")
    return builder.build()


def work_index(files: WarehouseFiles) -> Path:
    return files.work.parent / "search"


def version_folder(files: WarehouseFiles, generation: int) -> Path:
    return files.published.with_name(f".{files.published.stem}.search.{generation}")


def open_work_index(folder: Path) -> tantivy.Index:
    """The working index, created (or rebuilt from nothing, when written by another format) as needed."""
    marker = folder / _FORMAT_FILE
    if folder.exists() and not (marker.is_file() and json.loads(marker.read_text()).get("format") == FORMAT):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema(), path=str(folder), reuse=True)
    marker.write_text(json.dumps({"format": FORMAT}))
    return index


def index_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def drop_work_index(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def publish_version(files: WarehouseFiles, generation: int) -> Path | None:
    """Link the working index's files into the version folder of `generation` (before the warehouse that
    records the generation is published); None when no run has built an index."""
    work = work_index(files)
    if not (work / "meta.json").is_file():
        return None
    version = version_folder(files, generation)
    staged = version.with_name(version.name + ".linking")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    for path in work.iterdir():
        if path.is_file() and not _LOCKS.match(path.name):
            os.link(path, staged / path.name)
    shutil.rmtree(version, ignore_errors=True)  # a version a run linked and then died before publishing
    os.replace(staged, version)
    return version


def remove_old_versions(files: WarehouseFiles, keep: int = 2) -> None:
    """Keep the newest `keep` versions: the one just published, and the one a search that read the previous
    warehouse a moment ago may still open."""
    for old in sorted(published_versions(files), reverse=True)[keep:]:
        shutil.rmtree(version_folder(files, old), ignore_errors=True)


def open_published(files: WarehouseFiles, generation: int) -> tantivy.Index:
    """The version a reader of warehouse generation `generation` searches: that generation's, or the newest
    before it when a run published without building the index."""
    candidates = [found for found in published_versions(files) if found <= generation]
    if not candidates:
        raise SearchIndexError(f"no search index beside {files.published}: run `lgo-pipeline run` to build it")
    folder = version_folder(files, max(candidates))
    try:
        return tantivy.Index.open(str(folder))
    except ValueError as error:
        raise SearchIndexError(f"cannot open the search index {folder}: {error}; run `lgo-pipeline run` "
                               "to build it again") from None


def published_versions(files: WarehouseFiles) -> list[int]:
    """The generations whose index version is beside the warehouse."""
    prefix = f".{files.published.stem}.search."
    return [int(path.name[len(prefix):]) for path in files.published.parent.glob(f"{prefix}*")
            if path.name[len(prefix):].isdigit()]
