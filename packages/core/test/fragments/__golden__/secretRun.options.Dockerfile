FROM node:20-bookworm-slim AS test
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true --mount=type=secret,id=sentry_token,env=SENTRY_AUTH_TOKEN,required=false --mount=type=cache,target=/root/.npm npm ci --no-audit \
    && npm run build
