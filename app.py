"""Composition root: settings -> database -> services -> pages, then the web server.

`python app.py` serves pages (and renders with PDF_WORKERS > 0); `python app.py worker` only renders (worker.py).
Everything is imported inside main(): the PDF workers are spawned processes that import this file as
`__mp_main__`, and they must not load the web stack.
"""

import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def main() -> None:
    import logging
    import os

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    os.umask(0o077)  # everything the app creates (DATA_DIR, the secret, NiceGUI's storage) is its user's alone
    if sys.argv[1:2] == ["worker"]:
        from worker import run_worker

        run_worker()
        return
    serve_web()


def serve_web() -> None:
    from nicegui import app, ui

    from services.container import build_services
    from services.process.garbage_collection import (
        collect_young_regularly,
        restore_default_collection,
        tune_for_open_tabs,
    )
    from services.settings import SettingsError, load_settings
    from storage.database import connect, database_of
    from storage.runtime.database_runtime import DatabaseRuntime
    from storage.runtime.errors import DatabaseStartError
    from ui.pages import register_pages
    from ui.theme import LANGUAGE

    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(str(error))

    runtime = DatabaseRuntime(mongodb_uri=settings.mongodb_uri, data_dir=settings.data_dir)
    try:
        client = connect(runtime.start())
    except DatabaseStartError as error:
        sys.exit(str(error))
    services = build_services(settings, database_of(client))

    async def on_shutdown() -> None:
        await services.stop()
        await client.close()
        runtime.stop()

    app.on_startup(services.start)
    app.on_startup(tune_for_open_tabs)
    app.on_startup(collect_young_regularly)  # a coroutine: NiceGUI runs it as a background task
    app.on_shutdown(on_shutdown)
    app.on_shutdown(restore_default_collection)
    app.state.services = services
    app.state.database_runtime = runtime
    register_pages(services.for_pages())
    ui.run(host=settings.host, port=settings.port, title="Invoices", reload=False, show=False,
           reconnect_timeout=15, language=LANGUAGE, dark=None,  # dark: follows the system setting
           tailwind=False,  # ui/stylesheet.py serves the classes pre-built
           uvicorn_logging_level="warning", favicon="🧾", server_header=False,
           proxy_headers=bool(settings.forwarded_allow_ips), forwarded_allow_ips=settings.forwarded_allow_ips or None)


def records(command: str, path: str) -> int:
    """`app.py backup PATH` / `app.py restore PATH`: the embedded database's records, beside the running app."""
    import os
    import tomllib
    from pathlib import Path

    from services.settings import SettingsError, read_settings
    from storage.runtime.backup import BackupError, create_backup, restore_backup

    try:
        settings = read_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    if settings.mongodb_uri:
        print(f"MONGODB_URI is set: the data lives in that MongoDB, and its {command} belongs to whoever runs it "
              "(mongodump/mongorestore, or your provider's snapshots, e.g. MongoDB Atlas backups). "
              f"`app.py {command}` handles the embedded database under DATA_DIR only.", file=sys.stderr)
        return 2
    os.nice(10)  # the app keeps serving meanwhile
    try:
        if command == "backup":
            version = tomllib.loads((Path(__file__).parent / "pyproject.toml").read_text())["project"]["version"]
            written, manifest = create_backup(settings.data_dir, Path(path), app_version=version)
            print(f"Backup written: {written} ({written.stat().st_size:,} bytes; {manifest.counts})")
        else:
            manifest = restore_backup(Path(path), settings.data_dir)
            print(f"Restored the backup of {manifest.created_at} into {settings.data_dir} ({manifest.counts}). "
                  "Start the app on it as usual.")
    except BackupError as error:
        print(f"{command} refused: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("backup", "restore"):
        sys.exit(records(sys.argv[1], sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] in ("backup", "restore"):
        sys.exit(f"usage: python app.py {sys.argv[1]} PATH")
    main()
