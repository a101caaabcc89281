"""Executes notebooks with Debian's nbclient on the tslab-keras kernel: run_nbclient.py IN OUT [IN OUT ...]."""
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

args = sys.argv[1:]
failed = 0
for src, dst in zip(args[0::2], args[1::2]):
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, kernel_name="tslab-keras", timeout=600, resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    try:
        client.execute()
        print(f"{src}: ok")
    except CellExecutionError as e:
        failed += 1
        print(f"{src}: {str(e)[-2000:]}", file=sys.stderr)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    nbformat.write(nb, dst)
sys.exit(1 if failed else 0)
