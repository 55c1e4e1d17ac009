FROM node:20-bookworm-slim AS test
RUN npm prune --omit=dev
