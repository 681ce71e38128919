-- Up Migration
-- One row per order. `request_id` is the client's idempotency key: its unique index is
-- what makes two racing PlaceOrder calls with one key record one order. `order_message`
-- is the order as answered (switchyard.checkout.v1.Order, binary), so a retry gets the
-- very same answer; the other columns exist to look orders up.
CREATE TABLE checkout.orders (
  order_id text PRIMARY KEY,
  request_id uuid NOT NULL UNIQUE,
  request_fingerprint text NOT NULL,
  customer_id text NOT NULL,
  placed_at timestamptz NOT NULL,
  order_message bytea NOT NULL
);

CREATE INDEX orders_by_customer ON checkout.orders (customer_id, placed_at DESC, order_id DESC);

-- Down Migration
DROP TABLE checkout.orders;
