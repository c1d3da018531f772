"""Checking many recordings at once: inputs, workers (local or Ray), resumable results."""
