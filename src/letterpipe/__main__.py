import sys

from letterpipe.cli import main

sys.exit(main())
