"""The data folder belongs to the app's Unix user alone: 0700, and nothing under it readable by anyone else."""

from pathlib import Path


def make_private(folder: Path) -> None:
    """Creates the folder 0700, or takes group and other permissions away from an existing one and its contents.

    Folders made by an older version (0755, files 0644) are tightened too; the process umask (0o077, set by the
    app at start) keeps everything created later private.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in (folder, *folder.rglob("*")):
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        if mode & 0o077:
            path.chmod(mode & 0o700)
