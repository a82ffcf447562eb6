# One-container deployment: the app plus its embedded MongoDB-compatible server (data in the /data volume).
# Set MONGODB_URI to use a real MongoDB instead. SECRET_KEY is required (APP_ENV=production).
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends tini fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 app \
    && mkdir /data && chown app:app /data

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=app:app . .

ENV APP_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080 \
    NICEGUI_STORAGE_PATH=/data/.nicegui \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"
# tini is PID 1: it forwards SIGTERM to the app, which drains renders, stops its workers and the database.
ENTRYPOINT ["tini", "--"]
CMD ["python", "app.py"]
