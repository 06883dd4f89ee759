# One image for the web, worker and beat processes (compose.yaml, docs/deploy.md).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gettext libmagic1 \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV VAR_DIR=/var/lib/desk
RUN python manage.py compilemessages --ignore=.venv -v0 \
    && DJANGO_SETTINGS_MODULE=config.settings.local python manage.py collectstatic --noinput -v0 \
    && useradd --system desk && chown -R desk /var/lib/desk
ENV DJANGO_SETTINGS_MODULE=config.settings.production GUNICORN_BIND=0.0.0.0:8000
USER desk
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
