#!/usr/bin/env python3
"""Time from exec to the control socket, for swtpm-java and the C swtpm side by side.

For each run: start `<swtpm> socket --tpm2 --tpmstate dir=D --ctrl type=unixio,path=D/ctrl.sock`,
poll for the socket file (0.5 ms), then connect and time the first CMD_GET_CAPABILITY reply,
then stop it with CMD_SHUTDOWN. Prints median / min / max per implementation (milliseconds).
Usage: ctrl-socket-startup.py [runs] [java-launcher] [c-swtpm]
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(cmd0):
    d = tempfile.mkdtemp(prefix="startup-")
    path = os.path.join(d, "ctrl.sock")
    t0 = time.perf_counter()
    p = subprocess.Popen([cmd0, "socket", "--tpm2", "--tpmstate", "dir=" + d,
                          "--ctrl", "type=unixio,path=" + path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not os.path.exists(path):
        if p.poll() is not None:
            raise RuntimeError(cmd0 + " exited early")
        time.sleep(0.0005)
    t_sock = time.perf_counter()
    while True:  # the C swtpm creates the path at bind(), a moment before listen()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            break
        except ConnectionRefusedError:
            s.close()
            time.sleep(0.0005)
    s.sendall(bytes.fromhex("00000001"))
    s.recv(8)
    t_reply = time.perf_counter()
    s.sendall(bytes.fromhex("00000003"))
    s.recv(4)
    s.close()
    p.wait(timeout=10)
    return (t_sock - t0) * 1000, (t_reply - t0) * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    impls = {"swtpm-java": sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bin", "swtpm"),
             "C swtpm": sys.argv[3] if len(sys.argv) > 3 else "swtpm"}
    results = {k: [] for k in impls}
    for _ in range(runs):  # interleaved, so machine noise hits both alike
        for name, cmd in impls.items():
            results[name].append(one_run(cmd))
    print(f"{'implementation':<12} {'exec->socket ms (median [min-max])':<36} {'exec->first ctrl reply ms':<30}")
    for name, r in results.items():
        sock = [a for a, _ in r]
        reply = [b for _, b in r]
        print(f"{name:<12} {statistics.median(sock):7.1f} [{min(sock):.1f}-{max(sock):.1f}]"
              f"{'':<14} {statistics.median(reply):7.1f} [{min(reply):.1f}-{max(reply):.1f}]")


if __name__ == "__main__":
    main()
