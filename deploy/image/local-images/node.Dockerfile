# Stand-in for the official node image where no registry answers: Debian bookworm
# (minbase, from Debian's packages) with the Node.js binary the toolchain installed.
# Built by deploy/image/src/base-images.ts; context: a folder holding `node`.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY node /usr/local/bin/node
RUN node --version
CMD ["node"]
