import { describe, expect, test } from "vitest";
import { connectionOf } from "./client";

describe("connectionOf (DATABASE_URL forms)", () => {
  test("a plain URL is left alone", () => {
    expect(connectionOf("postgres://app:secret@db.internal:6543/mall")).toEqual({ url: "postgres://app:secret@db.internal:6543/mall" });
  });
  test("libpq's ?host=/dir names the Unix socket postgres-js should use, on the URL's port", () => {
    expect(connectionOf("postgres://postgres@localhost:5433/mall?host=/var/run/postgresql")).toEqual({
      url: "postgres://postgres@localhost:5433/mall",
      path: "/var/run/postgresql/.s.PGSQL.5433",
    });
    expect(connectionOf("postgres://postgres@localhost/mall?host=/tmp/pg&sslmode=disable")).toEqual({
      url: "postgres://postgres@localhost/mall?sslmode=disable",
      path: "/tmp/pg/.s.PGSQL.5432",
    });
  });
  test("a host that is not a directory stays a query parameter", () => {
    expect(connectionOf("postgres://u@h/db?host=other")).toEqual({ url: "postgres://u@h/db?host=other" });
  });
});
