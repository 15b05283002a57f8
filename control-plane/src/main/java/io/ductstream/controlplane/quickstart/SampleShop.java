package io.ductstream.controlplane.quickstart;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The quick start's sample tables, in schema {@code shop}: customers, their orders and order items,
 * and {@code every_type}, a row of many built-in types per id (docs/types.md). Made once; a second
 * run finds them and goes on with the rows they hold.
 */
public final class SampleShop {
  public static final String SCHEMA = "shop";
  public static final List<String> TABLES =
      List.of("customers", "orders", "order_items", "every_type");

  static final int SEED_CUSTOMERS = 200;
  static final int SEED_ORDERS = 500;
  static final int SEED_EVERY_TYPE = 100;

  private static final String[] DDL = {
    "CREATE SCHEMA IF NOT EXISTS shop",
    """
    DO $$ BEGIN
      CREATE TYPE shop.mood AS ENUM ('happy', 'ok', 'sad');
    EXCEPTION WHEN duplicate_object THEN NULL;
    END $$""",
    """
    CREATE TABLE IF NOT EXISTS shop.customers (
      id bigint PRIMARY KEY,
      name text NOT NULL,
      email text,
      created_at timestamptz NOT NULL DEFAULT now())""",
    """
    CREATE TABLE IF NOT EXISTS shop.orders (
      id bigint PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES shop.customers,
      status text NOT NULL,
      total numeric(12,2) NOT NULL,
      ordered_at timestamptz NOT NULL DEFAULT now())""",
    """
    CREATE TABLE IF NOT EXISTS shop.order_items (
      order_id bigint NOT NULL REFERENCES shop.orders ON DELETE CASCADE,
      line integer NOT NULL,
      sku text NOT NULL,
      quantity integer NOT NULL,
      price numeric(10,2) NOT NULL,
      PRIMARY KEY (order_id, line))""",
    """
    CREATE TABLE IF NOT EXISTS shop.every_type (
      id bigint PRIMARY KEY,
      c_smallint smallint, c_integer integer, c_bigint bigint,
      c_real real, c_double double precision, c_numeric numeric(14,4),
      c_boolean boolean, c_text text, c_varchar varchar(40), c_char char(4),
      c_bytea bytea, c_uuid uuid, c_json json, c_jsonb jsonb,
      c_date date, c_time time, c_timetz timetz, c_timestamp timestamp, c_timestamptz timestamptz,
      c_interval interval, c_inet inet, c_cidr cidr, c_macaddr macaddr,
      c_bit bit(8), c_varbit varbit, c_int_array integer[], c_text_array text[],
      c_mood shop.mood)"""
  };

  private SampleShop() {}

  /** The qualified names, as a flow's publication_tables option takes them. */
  public static String publicationTables() {
    return String.join(",", TABLES.stream().map(t -> SCHEMA + "." + t).toList());
  }

  /**
   * Creates the tables when missing and fills them on first use.
   *
   * @return whether the tables were filled now (false: they held rows of an earlier run)
   */
  public static boolean prepare(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : DDL) {
        statement.execute(ddl);
      }
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM shop.customers")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
      statement.execute(
          "INSERT INTO shop.customers (id, name, email)"
              + " SELECT i, 'customer ' || i, 'customer' || i || '@example.com'"
              + " FROM generate_series(1, "
              + SEED_CUSTOMERS
              + ") i");
      statement.execute(
          "INSERT INTO shop.orders (id, customer_id, status, total)"
              + " SELECT i, 1 + i % "
              + SEED_CUSTOMERS
              + ", (ARRAY['new','paid','shipped'])[1 + i % 3], (i * 7 % 1000) + 0.99"
              + " FROM generate_series(1, "
              + SEED_ORDERS
              + ") i");
      statement.execute(
          "INSERT INTO shop.order_items (order_id, line, sku, quantity, price)"
              + " SELECT o, l, 'SKU-' || (o * 3 + l) % 97, 1 + (o + l) % 4, 4.99 + l"
              + " FROM generate_series(1, "
              + SEED_ORDERS
              + ") o, generate_series(1, 3) l");
      statement.execute(
          "INSERT INTO shop.every_type SELECT "
              + EveryTypeRow.VALUES
              + " FROM generate_series(1, "
              + SEED_EVERY_TYPE
              + ") i");
      // reltuples, which the snapshot's progress is measured against
      statement.execute("ANALYZE shop.customers, shop.orders, shop.order_items, shop.every_type");
    }
    return true;
  }

  /** The values of {@code every_type}'s columns for row {@code i} (an SQL expression in i). */
  static final class EveryTypeRow {
    static final String VALUES =
        String.join(
            ", ",
            "i",
            "(i % 32000)::smallint",
            "i * 1000",
            "i * 1000000000000",
            "i / 3.0::real",
            "i / 7.0::double precision",
            "round(i * 1.2345, 4)",
            "i % 2 = 0",
            "'text ' || i || ' ünïcödé ✓'",
            "'varchar ' || i",
            "lpad((i % 100)::text, 4)",
            "decode(md5(i::text), 'hex')",
            "md5(i::text)::uuid",
            "json_build_object('i', i, 'tags', json_build_array('a', 'b'))",
            "jsonb_build_object('i', i, 'nested', jsonb_build_object('even', i % 2 = 0))",
            "date '2024-01-01' + i",
            "time '12:00' + i * interval '1 minute'",
            "timetz '12:00+02' + i * interval '1 second'",
            "timestamp '2024-01-01 00:00' + i * interval '1 hour'",
            "timestamptz '2024-01-01 00:00+00' + i * interval '1 day'",
            "make_interval(months => i % 12, days => i % 30, secs => i)",
            "('10.0.' || (i % 256) || '.' || (i % 200))::inet",
            "('10.' || (i % 256) || '.0.0/16')::cidr",
            "('08:00:2b:01:02:' || lpad(to_hex(i % 256), 2, '0'))::macaddr",
            "(i % 256)::bit(8)",
            "(i % 256)::bit(8)::varbit",
            "ARRAY[i, i + 1, NULL]",
            "ARRAY['x' || i, NULL, 'y']",
            "(ARRAY['happy','ok','sad']::shop.mood[])[1 + i % 3]");

    private EveryTypeRow() {}
  }
}
