FROM node:20 AS storefront-build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-slim AS web
WORKDIR /app
ENV NODE_ENV=production
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-log-init --create-home --home-dir /home/app --shell /usr/sbin/nologin app
COPY --from=storefront-build /app/node_modules /app/node_modules
COPY package.json .
COPY --from=storefront-build /app/dist /app/dist
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz', { signal: AbortSignal.timeout(5000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
LABEL org.opencontainers.image.title=storefront org.opencontainers.image.vendor="ACME Corp" com.acme.team=web
EXPOSE 3000
CMD ["node", "dist/server.js"]
