"""Run the command line as `python -m interviewer`."""

from interviewer.cli import main

raise SystemExit(main())
