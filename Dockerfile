# Production image: gunicorn serving careerdev; the same image runs the worker and beat.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH="/app/.venv/bin:$PATH"

WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.9 && useradd --create-home careerdev
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-real-secret-key-0123456789abcdef \
    python manage.py collectstatic --no-input
USER careerdev
EXPOSE 8000
CMD ["gunicorn", "careerdev.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
