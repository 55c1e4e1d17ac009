FROM golang:1.22-bookworm AS test
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
