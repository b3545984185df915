"""The answer shapes: one module for each way an answer is worded and cited. `compose.py`
decides which shape answers; each shape builds its `Answer` with an `AnswerBuilder`."""
