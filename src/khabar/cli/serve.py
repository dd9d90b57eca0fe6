"""`khabar serve`: the web app and REST API over the store."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.text import Text

from khabar.cli.app import app, err, fail
from khabar.cli.output import DbOption
from khabar.cli.store import open_store


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on; anything but loopback needs --token")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="KHABAR_TOKEN", help="access token required on every request")
    ] = None,
    max_upload_mb: Annotated[float, typer.Option(min=0.1, help="largest upload, in MB")] = 10.0,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="another name clients may reach this server by (Host header); repeat for more"),
    ] = None,
) -> None:
    """Browse the store in a web browser: articles with their facts highlighted, actors, claims, events."""
    import uvicorn

    from khabar.serve import create_app
    from khabar.serve.security import allowed_hosts, is_loopback

    if not is_loopback(host) and not token:
        raise fail(f"listening on {host} lets other machines in: give an access token with --token or KHABAR_TOKEN")
    store = open_store(db)
    application = create_app(
        store=store,
        token=token,
        max_upload=int(max_upload_mb * 1024 * 1024),
        hosts=allowed_hosts(host, allow_host or ()),
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    err.print(
        Text.assemble(
            f"khabar is serving {store.engine.url.render_as_string(hide_password=True)} at ",
            (url, "bold"),
            " (open it in a browser; Ctrl-C stops it)",
        )
    )
    uvicorn.run(application, host=host, port=port, log_level=os.environ.get("KHABAR_LOG_LEVEL", "warning"))
