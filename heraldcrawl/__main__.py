import sys

from heraldcrawl.cli import main

sys.exit(main())
