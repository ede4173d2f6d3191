"""The `lindung` command: Django's management commands, audited as the command-line interface."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    from django.core.management import execute_from_command_line

    from lindung.audit.context import CLI, using_interface
    from lindung.lib import memory

    memory.keep_big_blocks_mapped()  # an import's matching gives its memory back (lib/memory.py)

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "lindung"
    with using_interface(CLI):
        execute_from_command_line(argv)
    return 0
