"""``python -m pgas_launch`` is the same as the ``pgas-launch`` command."""
import sys

from .cli import main

sys.exit(main())
