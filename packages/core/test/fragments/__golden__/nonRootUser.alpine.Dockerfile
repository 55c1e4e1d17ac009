FROM alpine:3.20 AS test
RUN addgroup -S -g 1001 web \
    && adduser -S -D -u 1000 -G web -H -h /nonexistent -s /sbin/nologin web
USER 1000:1001
