# Stand-in for otel/opentelemetry-collector where no registry answers: a collector
# built from its Go modules by the OpenTelemetry Collector Builder with the
# components of otel-collector-builder.yaml, on Debian bookworm (minbase), with the
# official image's entry point and user. Built by deploy/image/src/base-images.ts;
# context: a folder holding `otelcol`.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY otelcol /otelcol
USER 10001:10001
ENTRYPOINT ["/otelcol"]
CMD ["--config", "/etc/otelcol/config.yaml"]
