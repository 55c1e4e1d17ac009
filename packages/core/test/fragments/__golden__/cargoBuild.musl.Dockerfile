FROM rust:1.80-bookworm AS test
RUN --mount=type=cache,target=target --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git/db cargo build --locked --release --package server-bin --bin server --features tls,serde/derive --target x86_64-unknown-linux-musl \
    && mkdir -p /usr/local/bin \
    && cp target/x86_64-unknown-linux-musl/release/server /usr/local/bin/server
