import { uploadImage } from "@/lib/upload";

export const dynamic = "force-dynamic";

/** A signed-in shopper's photo (return evidence) for this storefront (shop.uploadPhoto). */
export async function POST(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const shop = decodeURIComponent((await params).tenant);
  return uploadImage(req, (caller, bytes) => caller.shop.uploadPhoto({ shop, bytes }));
}
