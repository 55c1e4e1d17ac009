FROM golang:1.22-bookworm AS builder
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/app .

FROM gcr.io/distroless/static-debian12 AS test
COPY --from=builder /out/app /usr/local/bin/
