"""Runs cells on a kernel through Debian's jupyter_client, as a front end would.

Reads {"kernel": NAME, "cells": [CODE, ...], "timeout": S} as JSON on stdin, starts the kernel
with jupyter_client's KernelManager (from the kernelspec Jupyter finds: JUPYTER_PATH), executes
the cells in order on one kernel, and prints one JSON object: {"cells": [{"reply": content,
"outputs": [{"msg_type", "content"}, ...]}, ...]}, where outputs are the cell's iopub messages
from its execute_input to its idle status.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run_cell(kc, code, timeout):
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status":
            if msg["content"]["execution_state"] == "idle":
                break
            continue
        if kind != "execute_input":
            outputs.append({"msg_type": kind, "content": msg["content"]})
    # Skip replies to other requests: start_new_kernel re-sends kernel_info while the kernel is
    # still starting, so a late kernel_info_reply can still be queued on the shell channel.
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return {"reply": reply["content"], "outputs": outputs}


def main():
    request = json.load(sys.stdin)
    timeout = request.get("timeout", 120)
    # The kernel's own stdout (Dawn's adapter warnings, ...) goes to our stderr: stdout is the JSON.
    km, kc = start_new_kernel(kernel_name=request["kernel"], startup_timeout=120, stdout=sys.stderr.fileno())
    try:
        cells = [run_cell(kc, code, timeout) for code in request["cells"]]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump({"cells": cells}, sys.stdout)


if __name__ == "__main__":
    main()
