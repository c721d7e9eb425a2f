"""Rule modules, one per field; ``pipeline`` runs them in cascade order."""
