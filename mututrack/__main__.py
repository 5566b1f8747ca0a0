from mututrack.cli import main

raise SystemExit(main())
