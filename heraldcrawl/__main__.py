import sys

from heraldcrawl.cli import main

# Guarded: extraction workers are spawned processes, which import the parent's main module.
if __name__ == "__main__":
    sys.exit(main())
