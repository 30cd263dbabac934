"""MkDocs' build of one view with the archive's plugin (plugin.py beside this file):
``python run.py CONFIG [--dirty] [--strict] [--site-dir DIR] [--verbose]``. It runs as a
script, so MkDocs' process does not import the generator; it says what MkDocs' own command
would say (warnings and errors; with --verbose, its notes too) and exits 1 where that would."""

from __future__ import annotations

import argparse
import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from plugin import ArchivePages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py")
    parser.add_argument("config")
    parser.add_argument(
        "--dirty", action="store_true", help="render only pages newer than their HTML"
    )
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
    try:
        config = load_config(args.config, strict=args.strict, site_dir=args.site_dir)
        config.plugins["archive"] = ArchivePages()
        config.plugins.on_startup(command="build", dirty=args.dirty)
        try:
            build(config, dirty=args.dirty)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"ERROR   -  {exc.format_message()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
