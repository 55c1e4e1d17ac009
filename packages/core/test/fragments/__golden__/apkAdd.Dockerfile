FROM alpine:3.20 AS test
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked ln -sf /var/cache/apk /etc/apk/cache \
    && apk add --update-cache curl tini
