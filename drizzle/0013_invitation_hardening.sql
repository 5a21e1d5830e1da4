-- Invitations (security review H1): the link's token is stored only as its
-- SHA-256 hex digest, so no list or backup reveals a usable link; every
-- invitation expires (7 days unless the inviter's code says otherwise).
ALTER TABLE "invitations" RENAME COLUMN "token" TO "token_hash";
--> statement-breakpoint
UPDATE "invitations" SET "token_hash" = encode(sha256(convert_to("token_hash", 'UTF8')), 'hex');
--> statement-breakpoint
ALTER INDEX "invitations_token_key" RENAME TO "invitations_token_hash_key";
--> statement-breakpoint
ALTER INDEX "invitations_token_idx" RENAME TO "invitations_token_hash_idx";
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "expires_at" timestamp with time zone DEFAULT (now() + interval '7 days') NOT NULL;
--> statement-breakpoint
DROP FUNCTION app_private.invitation_by_token(text);
--> statement-breakpoint
-- Takes the raw token from the link and compares digests.
CREATE FUNCTION app_private.invitation_by_token(p_token text)
RETURNS TABLE (tenant_id uuid, id uuid, email text, role text, status text, expires_at timestamptz, tenant_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT i.tenant_id, i.id, i.email, i.role, i.status, i.expires_at, t.name
    FROM invitations i JOIN tenants t ON t.id = i.tenant_id
    WHERE i.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex');
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.invitation_by_token(text) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.invitation_by_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.invitation_by_token(text) TO app_user;
