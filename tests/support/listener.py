"""A loopback TCP listener that counts the connections it gets: for showing that the server
never calls out where a client tells it to (SERVICE, or any URL in a request)."""

from __future__ import annotations

import socket
import threading


class Listener:
    """Accepts and counts every connection on a free loopback port, and answers none."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return  # closed
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()
