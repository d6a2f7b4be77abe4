#!/usr/bin/env python
"""Django's manage.py, kept for habit; `fazhi <command>` does the same."""

from fazhi.cli import main

if __name__ == "__main__":
    main()
