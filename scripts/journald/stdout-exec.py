#!/usr/bin/env python3
"""Runs a command with its stdout and stderr connected to a journald stdout stream, as systemd starts a unit.

   usage: stdout-exec.py <journald dir> <identifier> <command> [args...]

systemd hands a unit's output to journald's stdout socket and sets JOURNAL_STREAM to that socket's
device:inode; a program that finds its own fd 1 or 2 there knows it runs under journald and may log
natively instead. A test can't arrange that with a plain child process (the pipe's inode is only known
after the start), so this connects the stream, sets the variable and execs the command in place.
"""
import os
import socket
import sys

if len(sys.argv) < 4:
    sys.exit(__doc__.splitlines()[2].strip())

directory, identifier, command = sys.argv[1], sys.argv[2], sys.argv[3:]
stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
stream.connect(os.path.join(directory, "run", "systemd", "journal", "stdout"))
# journald's stream header: identifier, unit id, priority, level prefix, forward to syslog, kmsg, console.
stream.sendall(f"{identifier}\n\n6\n0\n0\n0\n0\n".encode())
status = os.fstat(stream.fileno())
os.dup2(stream.fileno(), 1)
os.dup2(stream.fileno(), 2)
os.environ["JOURNAL_STREAM"] = f"{status.st_dev}:{status.st_ino}"
os.execvp(command[0], command)
