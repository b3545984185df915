"""Answering: `Retrieval` -> `Answer`. compose.py decides which shape answers (shapes/);
candidates.py scores the retrieved sentences, penalties.py finds penalties and the conduct
they punish, builder.py cites, checks fidelity (fidelity.py) and refuses; validity notes
(validity_notes.py) and what changed between versions (versions.py); the figures table of
the app and `qa figures` (figure_table.py)."""
