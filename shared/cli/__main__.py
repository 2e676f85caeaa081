from shared.cli.app import main

raise SystemExit(main())
