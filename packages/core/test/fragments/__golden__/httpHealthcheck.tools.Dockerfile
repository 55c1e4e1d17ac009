FROM alpine:3.20 AS test
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["wget", "-q", "--spider", "-T", "5", "http://127.0.0.1:8080/health"]

FROM python:3.12-slim AS test
HEALTHCHECK --interval=10s --timeout=2s --retries=3 CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]

FROM node:20-bookworm-slim AS test
HEALTHCHECK --interval=30s --timeout=5s --retries=5 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health', { signal: AbortSignal.timeout(5000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
