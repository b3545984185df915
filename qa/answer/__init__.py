"""Answering: `Retrieval` -> `Answer` (compose.py): the answering sentence, citations with
offsets, the fidelity check and refusals; what changed between versions (versions.py); the
figures table of the app and `qa figures` (figure_table.py)."""
