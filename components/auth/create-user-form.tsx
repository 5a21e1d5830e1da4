"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { createUserAndSignIn, type CreateUserState } from "@/app/_actions/session";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";

export function CreateUserForm({ next }: { next?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<CreateUserState, FormData>(createUserAndSignIn, { fields: {}, message: null });
  return (
    <form action={action} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormError message={state.message} />
      <Field label={t("name")} htmlFor="new-name" error={state.fields.name}>
        <Input id="new-name" name="name" autoComplete="name" aria-invalid={Boolean(state.fields.name)} />
      </Field>
      <Field label={t("email")} htmlFor="new-email" error={state.fields.email}>
        <Input id="new-email" name="email" type="email" autoComplete="email" aria-invalid={Boolean(state.fields.email)} />
      </Field>
      <Button type="submit" disabled={pending} data-testid="create-user">
        {t("createAndSignIn")}
      </Button>
    </form>
  );
}
