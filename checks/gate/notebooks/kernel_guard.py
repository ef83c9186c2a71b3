"""Code run in each notebook kernel before its cells: the course runs offline.

Every attempt to reach a host other than loopback is refused *before* any packet leaves
(name look-ups included), and announced on stderr so the gate can name the cell even when
the notebook catches the exception. This file is sent to the kernel as source text.
"""

import ipaddress
import socket
import sys

_MARKER = "caire: refused network access to"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%")[0].strip("[]")
    if host.lower() in _LOCAL_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse(target) -> None:
    message = f"{_MARKER} {target}: the course runs offline"
    print(message, file=sys.stderr, flush=True)
    raise PermissionError(message)


def _guard_address(sock, address) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        if not _is_loopback(address[0]):
            _refuse(f"{address[0]}:{address[1]}")


def _wrap_method(name):
    original = getattr(socket.socket, name)

    def guarded(self, *args):
        address = args[-1] if name == "sendto" else args[0]
        _guard_address(self, address)
        return original(self, *args)

    guarded.__name__ = name
    setattr(socket.socket, name, guarded)


def _wrap_lookup(name):
    original = getattr(socket, name)

    def guarded(host, *args, **kwargs):
        if not _is_loopback(host):
            _refuse(host if isinstance(host, str) else repr(host))
        return original(host, *args, **kwargs)

    guarded.__name__ = name
    setattr(socket, name, guarded)


for _method in ("connect", "connect_ex", "sendto"):
    _wrap_method(_method)
for _lookup in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    _wrap_lookup(_lookup)
del _method, _lookup
