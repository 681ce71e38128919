#!/bin/bash
# pg_isready for the PostgreSQL stand-in image, whose server package ships no client tools:
# exit 0 once the server accepts connections on port 5432 (it listens only after its first
# start has initialised the data folder), 2 ("no response") otherwise. Options are ignored.
if exec 3<>/dev/tcp/127.0.0.1/5432; then exit 0; fi
exit 2
