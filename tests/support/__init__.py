"""Helpers the test modules share (running the CLI, serving the API, a throwaway Virtuoso)."""
