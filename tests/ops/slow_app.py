"""The real app plus one slow route, served by gunicorn in test_graceful_shutdown."""

import os
import time

from app import create_app

app = create_app(
    {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", "sqlite://"),
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
)


@app.get("/slow")
def slow():
    time.sleep(2)
    return "finished"
