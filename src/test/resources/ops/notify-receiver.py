"""systemd's side of $NOTIFY_SOCKET, for the tests: binds a Unix datagram socket at argv[1] with
SO_PASSCRED, as systemd does, so the kernel stamps each datagram with its sender's pid, and prints
each one as a line: "pid=<sender> KEY=value|KEY=value". Prints "listening" once bound."""
import socket
import struct
import sys

receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
receiver.bind(sys.argv[1])
print("listening", flush=True)
while True:
    data, ancillary, _, _ = receiver.recvmsg(4096, socket.CMSG_SPACE(struct.calcsize("iII")))
    pid = -1
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, _, _ = struct.unpack("iII", payload[:struct.calcsize("iII")])
    print("pid=%d %s" % (pid, data.decode("utf-8", "replace").replace("\n", "|")), flush=True)
