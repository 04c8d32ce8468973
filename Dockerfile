# Gatehouse server image: a multi-stage build, a minimal non-root runtime.
#   docker build -t gatehouse .
#   docker run --rm -p 8000:8000 -v $PWD/gatehouse.yaml:/etc/gatehouse/gatehouse.yaml:ro gatehouse
# The image carries no keys and no configuration: mount a configuration (see docs/configuration.md). The
# development issuer (Keys/) is refused on a non-loopback listener, so it cannot be used from a container.
# The builder must be Swift 6.1 or later; override with --build-arg SWIFT_IMAGE=… to pin another release.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
# Static Swift standard library: the runtime stage needs only glibc and CA certificates.
RUN swift build -c release --product gatehouse --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/gatehouse" /out/gatehouse

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin gatehouse
COPY --from=build /out/gatehouse /usr/local/bin/gatehouse
USER 10001:10001
ENV GATEHOUSE_CONFIG=/etc/gatehouse/gatehouse.yaml
EXPOSE 8000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/gatehouse"]
CMD ["serve"]
