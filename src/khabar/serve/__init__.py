"""serve: the local web app and REST API over the store."""

from khabar.serve.app import create_app

__all__ = ["create_app"]
