FROM node:20-bookworm-slim AS test
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
