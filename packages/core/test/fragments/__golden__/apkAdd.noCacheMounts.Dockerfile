FROM alpine:3.20 AS test
RUN apk add --no-cache 'curl>8.5' tini=0.19.0-r3
