"""MkDocs' build of one view with the archive's plugin (plugin.py beside this file):
``python run.py CONFIG [--since RENDERED --manifest NOW] [--strict] [--site-dir DIR]
[--verbose]``. It runs as a script, so MkDocs' process does not import the generator; it says
what MkDocs' own command would say (warnings and errors; with --verbose, its notes too) and
exits 1 where that would.

``--since`` renders, into the HTML of the last run, only the pages whose digest in NOW (the
docs folder's manifest) differs from RENDERED (the manifest that HTML was made from), and
removes the HTML of pages gone (changed.py). The published site holds that HTML as hard
links, so every file is replaced, never written over (``replacing_writes``)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys

from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.structure.files import File
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

import changed
from plugin import ArchivePages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py")
    parser.add_argument("config")
    parser.add_argument(
        "--since",
        metavar="RENDERED",
        help="the docs manifest the site folder's HTML was made from: render only what changed",
    )
    parser.add_argument("--manifest", metavar="NOW", help="with --since: the docs manifest now")
    parser.add_argument("--strict", action="store_true", help="fail on any warning")
    parser.add_argument(
        "--site-dir", help="where the HTML goes (default: the configuration's site_dir)"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="MkDocs' notes too, not only its warnings"
    )
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if args.verbose else logging.WARNING)
    logging.captureWarnings(True)
    if args.since and not args.manifest:
        parser.error("--since needs --manifest")
    changes = changed.Changes.of_files(args.since, args.manifest) if args.since else None
    if changes is not None:  # MkDocs' caution against dirty builds: here every page that
        # changed is rendered (their digests say which), and what is gone is removed
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: "'dirty' build" not in record.getMessage()
        )
    try:
        config = load_config(args.config, strict=args.strict, site_dir=args.site_dir)
        config.plugins["archive"] = ArchivePages()
        config.plugins.on_startup(command="build", dirty=changes is not None)
        try:
            with linked_docs_files(config["docs_dir"]):
                if changes is None:
                    build(config)
                else:
                    with replacing_writes() as written, changed.only(changes):
                        build(config, dirty=True)
                    changed.remove_gone(config, changes, written)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"ERROR   -  {exc.format_message()}", file=sys.stderr)
        return 1
    return 0


@contextlib.contextmanager
def replacing_writes():
    """MkDocs' writes of pages, theme templates and copied files made to a new file in place
    of the old one (removed first), so that a hard link to the old one keeps its bytes. Yields
    the set of the paths written (absolute), filled in as they are."""
    saved = utils.write_file, utils.copy_file, File.copy_file
    written: set[str] = set()

    def write_file(content: bytes, output_path: str) -> None:
        _unlink(output_path)
        saved[0](content, output_path)
        written.add(os.path.abspath(output_path))

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        _unlink(output_path)
        saved[1](source_path, output_path)
        written.add(os.path.abspath(output_path))

    def copy_file_of(file: File, dirty: bool = False) -> None:
        if not (dirty and not file.is_modified()):
            _unlink(file.abs_dest_path)
        saved[2](file, dirty)

    utils.write_file, utils.copy_file, File.copy_file = write_file, copy_file, copy_file_of
    try:
        yield written
    finally:
        utils.write_file, utils.copy_file, File.copy_file = saved


@contextlib.contextmanager
def linked_docs_files(docs_dir: str):
    """MkDocs' copies of the docs folder's own files (the generator's data exports, the pages'
    source texts) made as hard links, where the file system allows: the generator replaces a
    docs file, never writes over it, so a link keeps the bytes it was made with, and a view's
    largest files are not written twice. Theme files are copied as MkDocs copies them."""
    saved = utils.copy_file
    docs = os.path.join(os.path.abspath(docs_dir), "")

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.abspath(source_path).startswith(docs) and not os.path.isdir(output_path):
            os.makedirs(os.path.dirname(output_path), exist_ok=True)
            _unlink(output_path)
            with contextlib.suppress(OSError):  # another file system, or no links: copied
                os.link(source_path, output_path)
                return
        saved(source_path, output_path)

    utils.copy_file = copy_file
    try:
        yield
    finally:
        utils.copy_file = saved


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


if __name__ == "__main__":
    sys.exit(main())
