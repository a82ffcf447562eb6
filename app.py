"""Composition root: settings -> database -> services -> pages, then the web server.

`python app.py` serves pages (and renders with PDF_WORKERS > 0); `python app.py worker` only renders (worker.py).
Everything is imported inside main(): the PDF workers are spawned processes that import this file as
`__mp_main__`, and they must not load the web stack.
"""

import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def main() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    if sys.argv[1:2] == ["worker"]:
        from worker import run_worker

        run_worker()
        return
    serve_web()


def serve_web() -> None:
    from nicegui import app, ui

    from services.container import build_services
    from services.settings import SettingsError, load_settings
    from storage.database import connect, database_of
    from storage.runtime.database_runtime import DatabaseRuntime
    from storage.runtime.errors import DatabaseStartError
    from ui.pages import register_pages

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
    app.on_shutdown(on_shutdown)
    app.state.services = services
    app.state.database_runtime = runtime
    register_pages(services.for_pages())
    ui.run(host=settings.host, port=settings.port, title="Invoices", reload=False, show=False,
           reconnect_timeout=15, uvicorn_logging_level="warning", favicon="🧾", proxy_headers=True,
           forwarded_allow_ips=settings.forwarded_allow_ips)


if __name__ == "__main__":
    main()
