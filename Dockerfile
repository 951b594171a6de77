# The portal's image for docker-compose.yml: web (gunicorn), worker and beat run the same image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=cur.settings.production \
    CUR_STATIC_ROOT=/srv/cur/static \
    CUR_MEDIA_ROOT=/srv/cur/media

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .
COPY . .
# Collect static files at build time with throwaway settings values: the image carries no secrets.
RUN DJANGO_SECRET_KEY=build-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')-collectstatic \
    DJANGO_ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --home /srv/cur cur && mkdir -p /srv/cur/media /srv/cur/beat /srv/cur/classifier && chown -R cur /srv/cur
USER cur
EXPOSE 8000
CMD ["gunicorn", "cur.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
