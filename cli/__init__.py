"""The `ml-connector` command line."""
