#!/usr/bin/env python
import sys

from lindung.cli import main

if __name__ == "__main__":
    sys.exit(main())
