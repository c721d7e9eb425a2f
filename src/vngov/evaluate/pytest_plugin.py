"""pytest plugin (entry point ``pytest11``): score vngov on a gold corpus."""
