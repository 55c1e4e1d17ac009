FROM rust:1.80-bookworm AS test
RUN --mount=type=cache,target=target --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git/db cargo build --locked --release --bin server \
    && mkdir -p /out \
    && cp target/release/server /out/server
