# Multi-stage build: wheels in a builder, a slim non-root runtime.
#   docker build -t flatchr-gateway .
# Production needs the mode, a signing secret, the public URL, the config file, and each
# Flatchr key the config names with `api_key_env` (here ACME_FLATCHR_KEY, passed through):
#   docker run -p 8000:8000 -v "$PWD/gateway.toml:/etc/gateway/config.toml:ro" \
#     -e GATEWAY_MODE=production -e GATEWAY_SIGNING_SECRET="$(openssl rand -hex 32)" \
#     -e GATEWAY_PUBLIC_URL=https://recruiting-api.example.com -e ACME_FLATCHR_KEY \
#     flatchr-gateway
# The demo (simulator + gateway, no key needed): docker compose up --build   (compose.yaml)

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY schema ./schema
COPY resolvers ./resolvers
COPY loaders ./loaders
COPY simulator ./simulator
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    GATEWAY_HOST=0.0.0.0 GATEWAY_PORT=8000 GATEWAY_CONFIG=/etc/gateway/config.toml
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
 && useradd --create-home --uid 10001 gateway
COPY docs /app/docs
WORKDIR /app
# `flatchr-demo` (compose.yaml) writes .demo/config.toml in its working directory.
RUN chown gateway:gateway /app
USER gateway
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
ENTRYPOINT ["flatchr-gateway", "serve"]
