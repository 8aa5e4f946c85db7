"""Loaded by every Python started for grading: refuse connections beyond this machine.

The grading runner puts this folder first on ``PYTHONPATH``. It is the second
line of defence; the first is a private network namespace (``unshare -rn``)
where the system allows one.
"""

import ipaddress
import socket

_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _local(address):
    if not isinstance(address, tuple):  # Unix sockets and the like
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(address):
    raise OSError(101, f"Network is disabled while grading (tried {address!r}).")


def connect(self, address):
    return _connect(self, address) if _local(address) else _refuse(address)


def connect_ex(self, address):
    return _connect_ex(self, address) if _local(address) else _refuse(address)


def getaddrinfo(host, *args, **kwargs):
    if host is None or _local((host if isinstance(host, str) else host.decode(), 0)):
        return _getaddrinfo(host, *args, **kwargs)
    return _refuse((host,) + args[:1])


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
