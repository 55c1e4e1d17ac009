FROM golang:1.22-bookworm AS test
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -tags=netgo,osusergo -ldflags='-s -w -X main.version=1.2.3' -o /out/app .
