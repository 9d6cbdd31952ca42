"""``python -m annotator``: the ``annotator`` command, where its script is not on PATH."""

import sys

from annotator.cli import main

sys.exit(main())
