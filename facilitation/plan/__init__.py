"""Planning: pure computation of times and dates. Nothing here writes a file."""
