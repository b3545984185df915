"""Evaluation: `qa eval` over gold sets (evaluate.py: metrics per mode, type and
calibration/check half; baselines.py: the modes that are not the app) and over evaluators'
question sheets (sheets.py -> verdicts.py -> runs.py -> report.py, run by sheet_command.py)."""
