from b2bterm.cli import main

raise SystemExit(main())
