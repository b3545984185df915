"""Why an index cannot be used or built; each message says how to fix it."""

from __future__ import annotations

from pathlib import Path


class IndexUnavailable(RuntimeError):
    """The index is missing, broken or built for another model; the message says how to fix it."""


class BuildLocked(RuntimeError):
    pass


class DiskFull(IndexUnavailable):
    """No room for the new generation; its staging folder is gone and the live one untouched.

    A subclass of IndexUnavailable so every caller that reports an unusable index by its
    message (the app's start, the CLI) reports this one the same way, without a traceback.
    """

    def __init__(self, index_dir: Path, needed: int, free: int, estimate: int, previous_live: bool) -> None:
        self.needed, self.free, self.estimate = needed, free, estimate
        after = "之前的索引仍在使用。" if previous_live else "目前还没有可用的索引。"
        super().__init__(
            f"磁盘空间不足：还需约 {_mb(needed)} MB（新索引约 {_mb(estimate)} MB，索引目录 {index_dir} "
            f"所在磁盘可用 {_mb(free)} MB）。请清理空间后重新运行 `qa build`；{after}"
        )


def _mb(size: int) -> int:
    return max(1, -(-size // (1024 * 1024)))
