"""gunicorn's settings for `make run` (and any production start): `gunicorn -c config/gunicorn.conf.py`."""

import gunicorn.http.wsgi

# gunicorn names itself in a Server header on every answer; the archive does not advertise
# what it runs on. The response writer reads this module-level name.
gunicorn.http.wsgi.SERVER = "archive"

wsgi_app = "config.wsgi"
# Past this, a request's worker is killed: no request may hold a worker longer.
timeout = 30
