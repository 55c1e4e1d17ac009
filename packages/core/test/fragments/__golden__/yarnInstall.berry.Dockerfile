FROM node:20-bookworm-slim AS test
RUN corepack enable yarn
COPY package.json yarn.lock .yarnrc.yml ./
RUN --mount=type=cache,target=/root/.yarn/berry/cache yarn workspaces focus --all --production
