"""Reports: the versioned JSON model, how it is built, written and summarised."""
