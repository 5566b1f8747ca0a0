"""One scale of the benchmark in a child process: ``python -m mututrack.bench SCALE``."""

import sys

from mututrack.bench import main

raise SystemExit(main(scales=[sys.argv[1]], child=True))
