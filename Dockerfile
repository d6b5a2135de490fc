# Production image: gunicorn serves Django, whitenoise serves the collected static files.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# gettext: compilemessages below, so the image never ships translations older than their .po.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The hashed lock alone first, so code changes reuse the dependency layer.
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

COPY . .
# Settings need a key to load; the real SECRET_KEY comes from the environment at run time.
RUN DEBUG=false SECRET_KEY=build-only python manage.py compilemessages \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 jippnas && mkdir -p /app/media && chown -R jippnas /app/media
USER jippnas

EXPOSE 8000
CMD ["gunicorn", "jippnas.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
