"""Loading workshop content from Markdown (pure: strings in, model out)."""
