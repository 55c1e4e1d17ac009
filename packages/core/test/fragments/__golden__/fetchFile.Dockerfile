FROM debian:bookworm-slim AS test
RUN curl -fsSL --proto '=https' --create-dirs -o /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64 \
    && echo '93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c  /usr/local/bin/tini' | sha256sum -c - \
    && chmod 0755 /usr/local/bin/tini
