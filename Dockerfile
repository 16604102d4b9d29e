# The app in a container: Python 3.11, dependencies from pyproject.toml (pinned there only),
# run as an unprivileged user. Build and run:
#   docker build -t creator-sim .
#   docker run --rm -p 8501:8501 creator-sim
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, in their own layer: editing the code does not
# reinstall them. An empty stand-in package lets `pip install .` resolve them now; the real
# package replaces it below.
COPY pyproject.toml README.md ./
RUN mkdir sim \
    && touch sim/__init__.py \
    && pip install . \
    && pip uninstall -y creator-sim \
    && rm -rf sim build ./*.egg-info

# The code, owned by root and read-only to the app user. The import check runs outside /app,
# so it tests the installed package (presets data included), not the source tree.
COPY . .
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && cd / && python -c "import sim.io.codec, sim.model.presets as p; assert p.PRESET_VERSION in p.available_versions(); [p.preset_values('instagram', 'fashion', v) for v in p.available_versions()]"

USER app

EXPOSE 8501

# Streamlit's own liveness endpoint; the slim image has no curl, so Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0"]
