"""`python -m bot` runs the kkrbot command line."""
import sys

from bot.cli import main

sys.exit(main())
