"""Bad inputs: each case asserts the message, the exit code, no traceback and an unchanged store."""
