import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ChevronRight, MapPin, ReceiptText, Share2 } from "lucide-react";
import { signOut } from "@/app/_actions/session";
import { Button } from "@/components/ui/button";
import { AddressBook } from "@/components/storefront/address-book";
import { shopperPage, type StorefrontParams } from "../../tenant";

export default async function MePage({ params }: { params: Promise<StorefrontParams> }) {
  const route = await params;
  const { shop, base, user, api } = await shopperPage(route, "/me");
  const t = await getTranslations("shop");
  const td = await getTranslations("myDistribution");
  const addresses = await api.shop.addresses({ shop });
  const links = [
    { href: `${base}/orders`, icon: ReceiptText, label: t("myOrders") },
    { href: `${base}/orders?status=created`, icon: ReceiptText, label: t("status.created") },
    { href: `${base}/orders?status=shipped`, icon: ReceiptText, label: t("status.shipped") },
    { href: `${base}/orders?status=after_sale`, icon: ReceiptText, label: t("status.after_sale") },
  ];
  return (
    <div className="space-y-3 p-3">
      <section className="rounded-brand bg-brand p-5 text-brand-foreground">
        <p className="text-lg font-semibold" data-testid="me-name">{t("hello", { name: user.name })}</p>
        <p className="text-xs opacity-90">{user.email}</p>
      </section>
      <Link href={`${base}/me/distribution`} className="flex items-center gap-3 rounded-brand bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-black/5" data-testid="me-distribution">
        <Share2 className="h-4 w-4 text-brand" aria-hidden />
        <span className="flex-1 font-medium">{td("entry")}</span>
        <span className="text-xs text-slate-500">{td("entryHint")}</span>
        <ChevronRight className="h-4 w-4 text-slate-300" aria-hidden />
      </Link>
      <ul className="divide-y divide-black/5 rounded-brand bg-white shadow-sm ring-1 ring-black/5">
        {links.map((l) => (
          <li key={l.href}>
            <Link href={l.href} className="flex items-center gap-3 px-4 py-3 text-sm">
              <l.icon className="h-4 w-4 text-slate-400" aria-hidden />
              <span className="flex-1">{l.label}</span>
              <ChevronRight className="h-4 w-4 text-slate-300" aria-hidden />
            </Link>
          </li>
        ))}
      </ul>
      <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <h2 className="mb-2 flex items-center gap-2 font-medium">
          <MapPin className="h-4 w-4 text-slate-400" aria-hidden /> {t("addresses")}
        </h2>
        <AddressBook shop={shop} addresses={addresses} />
      </section>
      <form action={signOut}>
        <input type="hidden" name="next" value={base || "/"} />
        <Button variant="outline" className="w-full">{t("signOut")}</Button>
      </form>
    </div>
  );
}
