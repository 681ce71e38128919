-- Up Migration
CREATE TABLE catalog.stock_levels (
  product_id text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- One row per order that reserved stock; `lines` is the reserved lines ordered by product id.
CREATE TABLE catalog.stock_reservations (
  order_id text PRIMARY KEY,
  lines jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('reserved', 'released')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Every change of a level, made by any replica (or by hand), is announced on one channel;
-- PostgreSQL delivers it to every listening session when the transaction commits.
CREATE FUNCTION catalog.notify_stock_level() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    'catalog_stock_levels',
    json_build_object(
      'product_id', NEW.product_id,
      'available', NEW.available,
      'updated_at', NEW.updated_at
    )::text
  );
  RETURN NEW;
END;
$$;

CREATE TRIGGER stock_levels_notify
  AFTER INSERT OR UPDATE OF available ON catalog.stock_levels
  FOR EACH ROW EXECUTE FUNCTION catalog.notify_stock_level();

-- Down Migration
DROP TABLE catalog.stock_reservations;
DROP TABLE catalog.stock_levels;
DROP FUNCTION catalog.notify_stock_level();
