"""Sources (notebooks and markdown pages) read as cells, and the rules that read them."""
